// Parses the incus command a user would type (everything after `incus`) into the placement
// operation it triggers, as strictly as the incus client does (cmd/incus at v6.0.4): its flags,
// its errors in its words (IncusRefusal, printed by `run` as a refused placement). Flags that do
// not change placement (--quiet, --console, --mode, ...) are accepted and ignored, so a command
// copied from a shell history works as it is.
import { CommandError, has, IncusRefusal, lastValue, parseIncusArgs, splitLeadingGlobals, type IncusFlag, type ParsedIncusArgs } from "./incus-flags";

export { CommandError, IncusRefusal };

export interface DeviceOverride {
  device: string;
  key: string;
  value: string;
}

export interface CreateOperation {
  kind: "create";
  /** Undefined when Incus would generate a name. */
  name?: string;
  image?: string;
  empty: boolean;
  /** Undefined = the image's or the default profile list; [] = --no-profiles. */
  profiles?: string[];
  config: Record<string, string>;
  deviceOverrides: DeviceOverride[];
  vm: boolean;
  storagePool?: string;
  target?: string;
  project: string;
  /** -t/--type: an instance type the server expands into limits (instance_instance_types.go). */
  instanceType?: string;
  ephemeral: boolean;
  description: string;
  /** `incus copy SRC DST`: the source instance (source.type=copy). */
  copyFrom?: { name: string; project: string };
}

export interface MoveOperation {
  kind: "move";
  name: string;
  /** `move OLD NEW --target M`: rename and move (Incus places it under the old name). */
  newName?: string;
  target?: string;
  project: string;
  targetProject?: string;
}

export interface EvacuateOperation {
  kind: "evacuate";
  member: string;
  action?: string;
}

export interface RestoreOperation {
  kind: "restore";
  member: string;
}

export type PlacementOperation = CreateOperation | MoveOperation | EvacuateOperation | RestoreOperation;


const f = (long: string, value: boolean, short?: string): IncusFlag => ({ long, value, short });

/** cmd/incus/create.go (init is an alias); launch adds --console. */
const CREATE_FLAGS: IncusFlag[] = [
  f("config", true, "c"), f("profile", true, "p"), f("device", true, "d"), f("ephemeral", false, "e"),
  f("environment-file", true), f("network", true, "n"), f("storage", true, "s"), f("type", true, "t"),
  f("target", true), f("no-profiles", false), f("empty", false), f("vm", false), f("description", true),
];
const LAUNCH_FLAGS: IncusFlag[] = [...CREATE_FLAGS, f("console", true)];

/** cmd/incus/copy.go */
const COPY_FLAGS: IncusFlag[] = [
  f("config", true, "c"), f("device", true, "d"), f("profile", true, "p"), f("ephemeral", false, "e"),
  f("mode", true), f("instance-only", false), f("stateless", false), f("storage", true, "s"), f("target", true),
  f("target-project", true), f("no-profiles", false), f("refresh", false), f("refresh-exclude-older", false),
  f("allow-inconsistent", false),
];

/** cmd/incus/move.go */
const MOVE_FLAGS: IncusFlag[] = [
  f("config", true, "c"), f("device", true, "d"), f("profile", true, "p"), f("no-profiles", false),
  f("instance-only", false), f("mode", true), f("stateless", false), f("storage", true, "s"), f("target", true),
  f("target-project", true), f("allow-inconsistent", false),
];

/** cmd/incus/cluster.go: evacuate has --action, restore none; both --force (no short form). */
const EVACUATE_FLAGS: IncusFlag[] = [f("action", true), f("force", false)];
const RESTORE_FLAGS: IncusFlag[] = [f("force", false)];

function configMap(p: ParsedIncusArgs): Record<string, string> {
  const config: Record<string, string> = {};
  for (const c of p.flags.get("config") ?? []) {
    const eq = c.indexOf("=");
    if (eq <= 0) throw new IncusRefusal(`Bad key=value pair: ${JSON.stringify(c)}`);
    config[c.slice(0, eq)] = c.slice(eq + 1);
  }
  return config;
}

function deviceOverrides(p: ParsedIncusArgs): DeviceOverride[] {
  const out: DeviceOverride[] = [];
  for (const d of p.flags.get("device") ?? []) {
    // -d DEVICE,KEY=VALUE[,KEY=VALUE...]
    const [device, ...pairs] = d.split(",");
    if (!device || pairs.length === 0) throw new IncusRefusal(`Bad device override syntax, expecting <device>,<key>=<value>: ${d}`);
    for (const pair of pairs) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new IncusRefusal(`Bad key=value pair: ${JSON.stringify(pair)}`);
      out.push({ device, key: pair.slice(0, eq), value: pair.slice(eq + 1) });
    }
  }
  return out;
}

function profilesOf(p: ParsedIncusArgs): string[] | undefined {
  if (has(p, "no-profiles")) return [];
  return p.flags.get("profile");
}

/** `remote:name` → `name`: the remote chooses the server, not the placement. */
function stripRemote(name: string): string {
  const colon = name.indexOf(":");
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** CheckArgs: too many positional arguments. */
function checkArgs(p: ParsedIncusArgs, max: number): void {
  if (p.positional.length > max) throw new IncusRefusal("Invalid number of arguments");
}

function parseCreate(verb: string, argv: string[]): CreateOperation {
  const p = parseIncusArgs(argv, verb === "launch" ? LAUNCH_FLAGS : CREATE_FLAGS);
  checkArgs(p, 2);
  const empty = has(p, "empty");
  const [first, second] = p.positional;
  if (!empty && first === undefined) throw new CommandError(`incus ${verb}: an image (or --empty) is required`);
  if (empty && second !== undefined) throw new IncusRefusal("--empty cannot be combined with an image name");
  // `incus create IMAGE [NAME]`, or `incus create --empty [NAME]`.
  const image = empty ? undefined : first;
  const name = empty ? first : second;
  return {
    kind: "create",
    name: name ? stripRemote(name) : undefined,
    image,
    empty,
    profiles: profilesOf(p),
    config: configMap(p),
    deviceOverrides: deviceOverrides(p),
    vm: has(p, "vm"),
    storagePool: lastValue(p, "storage"),
    target: lastValue(p, "target"),
    project: lastValue(p, "project") ?? "default",
    instanceType: lastValue(p, "type") || undefined,
    ephemeral: has(p, "ephemeral"),
    description: lastValue(p, "description") ?? "",
  };
}

function parseCopy(argv: string[]): CreateOperation {
  const p = parseIncusArgs(argv, COPY_FLAGS);
  checkArgs(p, 2);
  const [source, dest] = p.positional;
  if (source === undefined) throw new CommandError("incus copy: a source instance is required");
  const project = lastValue(p, "project") ?? "default";
  return {
    kind: "create",
    name: dest ? stripRemote(dest) : undefined,
    empty: false,
    profiles: profilesOf(p),
    config: configMap(p),
    deviceOverrides: deviceOverrides(p),
    vm: false,
    storagePool: lastValue(p, "storage"),
    target: lastValue(p, "target"),
    project: lastValue(p, "target-project") ?? project,
    ephemeral: has(p, "ephemeral"),
    description: "",
    copyFrom: { name: stripRemote(source), project },
  };
}

function parseMove(argv: string[]): MoveOperation {
  const p = parseIncusArgs(argv, MOVE_FLAGS);
  checkArgs(p, 2);
  const [name, destination] = p.positional;
  if (!name) throw new CommandError("incus move: an instance name is required");
  const target = lastValue(p, "target");
  const targetProject = lastValue(p, "target-project");
  const newName = destination !== undefined && stripRemote(destination) !== stripRemote(name) ? stripRemote(destination) : undefined;
  if (target === undefined && targetProject === undefined) {
    throw new CommandError(
      newName ? "incus move: a rename alone is not a placement; add --target MEMBER or --target-project P" : "incus move: --target or --target-project is required for a cluster move",
    );
  }
  return { kind: "move", name: stripRemote(name), ...(newName ? { newName } : {}), target, project: lastValue(p, "project") ?? "default", targetProject };
}

function memberArg(p: ParsedIncusArgs, command: string): string {
  checkArgs(p, 1);
  const [member] = p.positional;
  if (!member) throw new CommandError(`incus cluster ${command}: a member name is required`);
  return stripRemote(member);
}

/** Parses e.g. ["create", "--empty", "c1", "--target", "@gpu"] or ["--project", "p2", "create", ...]. */
export function parsePlacementCommand(argv: string[]): PlacementOperation {
  const { globals, rest: [verb, ...rest] } = splitLeadingGlobals(argv);
  // Persistent flags before the subcommand mean the same after it.
  const args = [...rest, ...globals];
  switch (verb) {
    case "create":
    case "init":
    case "launch":
      return parseCreate(verb, args);
    case "copy":
    case "cp":
      return parseCopy(args);
    case "move":
    case "mv":
      return parseMove(args);
    case "cluster": {
      const [sub, ...subArgs] = rest;
      const all = [...subArgs, ...globals];
      if (sub === "evacuate" || sub === "evac") {
        const p = parseIncusArgs(all, EVACUATE_FLAGS);
        return { kind: "evacuate", member: memberArg(p, "evacuate"), action: lastValue(p, "action") };
      }
      if (sub === "restore") return { kind: "restore", member: memberArg(parseIncusArgs(all, RESTORE_FLAGS), "restore") };
      throw new CommandError(`incus cluster ${sub ?? ""}: not a placement command (use: cluster evacuate MEMBER or cluster restore MEMBER)`);
    }
    default:
      throw new CommandError(
        `"${verb ?? ""}" is not a placement command; use create|init|launch, copy, move, cluster evacuate or cluster restore`,
      );
  }
}
