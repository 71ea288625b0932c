// A small flag parser shared by the CLI commands: `--name value`, `--name=value`, boolean
// flags, repeated flags, and everything after `--` kept apart.

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

export class FlagError extends Error {}

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
    if (!spec) throw new FlagError(`unknown flag ${name}`);
    let value = "true";
    if (spec.kind === "string") {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new FlagError(`${name} needs a value`);
    }
    out.flags.set(spec.key, [...(out.flags.get(spec.key) ?? []), value]);
  }
  return out;
}

export function flag(args: ParsedArgs, key: string): string | undefined {
  const v = args.flags.get(key);
  return v ? v[v.length - 1] : undefined;
}
