// A small flag parser shared by the CLI and by the parser of incus command lines:
// `--name value`, `--name=value`, boolean flags, repeated flags, everything after `--` kept
// apart. Errors say which flag and what is wrong; callers word them for their audience.

export interface FlagSpec {
  /** Flag names, e.g. ["--cluster"] or ["-o", "--output"]. */
  names: string[];
  kind: "string" | "boolean";
  /** Key in the result. */
  key: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  /** Arguments after `--`. */
  rest: string[];
}

export class FlagError extends Error {
  constructor(
    readonly problem: "unknown" | "needs-value",
    readonly flagName: string,
  ) {
    super(problem === "unknown" ? `unknown flag ${flagName}` : `${flagName} needs a value`);
  }
}

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const out: ParsedArgs = { positional: [], flags: new Map(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byName.get(name);
    if (!spec) throw new FlagError("unknown", name);
    let value = "true";
    if (spec.kind === "string") {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new FlagError("needs-value", name);
    }
    out.flags.set(spec.key, [...(out.flags.get(spec.key) ?? []), value]);
  }
  return out;
}

export function flag(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags.get(key);
  return v ? v[v.length - 1] : undefined;
}
