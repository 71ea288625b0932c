// `-t TYPE`: the server expands an instance type into limits before the scriptlet runs
// (instanceParseType, cmd/incusd/instance_instance_types.go at v6.0.4). Named types
// (`t2.micro`, `aws:t2.micro`) come from a cache the server downloads from the images server;
// a snapshot does not carry it, so only the custom `cN-mM` form is expanded here.
import { PlacementError } from "./candidates";

export interface InstanceTypeLimits {
  config: Record<string, string>;
  /** Set when the answer depends on what the server knows (a named type). */
  unknown?: string;
}

const f32 = Math.fround;

/** Go's strconv.ParseFloat(s, 32) acceptance, for the plain decimal forms people type. */
function parseFloat32(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return f32(Number(s));
}

export function expandInstanceType(value: string): InstanceTypeLimits {
  // Cloud type names carry a dot (t2.micro) or a source (aws:t2.micro): only the server's cache
  // knows them. Anything else is parsed as cN-mM, as the server does without a match.
  const named = value.includes(":") || value.includes(".") && !/^[cm][\d.]+(-[cm][\d.]+)*$/.test(value);
  let cpu = 0;
  let memory = 0;
  if (named) {
    // Without the server's cache Incus answers exactly this; with it, the named type's limits.
    return {
      config: {},
      unknown: `-t ${value}: a named instance type; the server's instance-type cache (downloaded from the images server) decides its limits, or refuses with "Provided instance type doesn't exist: ${value}"`,
    };
  }
  for (const field of value.split("-")) {
    if (field.length < 2 || (field[0] !== "c" && field[0] !== "m")) throw new PlacementError(`Provided instance type doesn't exist: ${value}`);
    const v = parseFloat32(field.slice(1));
    if (v === undefined) throw new PlacementError(`Bad custom instance type: ${value}`);
    if (field[0] === "c") cpu = v;
    else memory = v;
  }
  const config: Record<string, string> = {};
  if (cpu > 0) {
    let cores = Math.trunc(cpu);
    if (f32(cores) < cpu) cores++;
    const time = Math.trunc(f32(f32(cpu / f32(cores)) * 100));
    config["limits.cpu"] = String(cores);
    if (time < 100) config["limits.cpu.allowance"] = `${time}%`;
  }
  if (memory > 0) config["limits.memory"] = `${Math.trunc(f32(memory * 1024))}MiB`;
  return { config };
}
