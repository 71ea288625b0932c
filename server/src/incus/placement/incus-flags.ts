// The incus client's flag parsing (cobra + pflag, as cmd/incus uses them at v6.0.4), with its
// words for the errors: flags anywhere among the arguments, `--name=value` and `--name value`,
// combined short flags (`-qe`), `-cVALUE`, `--` ending the flags, and the persistent (global)
// flags every subcommand accepts.

/** A flag of one command: its long name, optional one-letter short name, and whether it takes a value. */
export interface IncusFlag {
  long: string;
  short?: string;
  value: boolean;
}

/** cmd/incus/main.go: the persistent flags of the root command. */
export const GLOBAL_FLAGS: IncusFlag[] = [
  { long: "version", value: false },
  { long: "help", short: "h", value: false },
  { long: "force-local", value: false },
  { long: "project", value: true },
  { long: "debug", value: false },
  { long: "verbose", short: "v", value: false },
  { long: "quiet", short: "q", value: false },
  { long: "sub-commands", value: false },
];

/** A command the simulator cannot take (a usage error of ours, or Incus's refusal below). */
export class CommandError extends Error {}

/** What the incus client itself refuses, in its words (printed after `Error: `). A
 *  CommandError too, so callers that only know that class still catch it. */
export class IncusRefusal extends CommandError {}

export interface ParsedIncusArgs {
  positional: string[];
  /** Values by long name, in order; boolean flags get "true" (or the `=value` given). */
  flags: Map<string, string[]>;
}

export function parseIncusArgs(argv: string[], commandFlags: IncusFlag[]): ParsedIncusArgs {
  const table = [...commandFlags, ...GLOBAL_FLAGS];
  const byLong = new Map(table.map((f) => [f.long, f]));
  const byShort = new Map(table.filter((f) => f.short).map((f) => [f.short!, f]));
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const set = (f: IncusFlag, v: string) => flags.set(f.long, [...(flags.get(f.long) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const f = byLong.get(name);
      if (!f) throw new IncusRefusal(`unknown flag: --${name}`);
      if (eq >= 0) set(f, arg.slice(eq + 1));
      else if (!f.value) set(f, "true");
      else if (i + 1 < argv.length) set(f, argv[++i]);
      else throw new IncusRefusal(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      // -abc: each letter a flag; the first that takes a value takes the rest (or the next argument).
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j];
        const f = byShort.get(c);
        if (!f) throw new IncusRefusal(`unknown shorthand flag: '${c}' in ${arg}`);
        if (!f.value) {
          set(f, "true");
          continue;
        }
        let rest = arg.slice(j + 1);
        if (rest.startsWith("=")) rest = rest.slice(1);
        if (rest !== "") set(f, rest);
        else if (i + 1 < argv.length) set(f, argv[++i]);
        else throw new IncusRefusal(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    positional.push(arg);
  }
  return { positional, flags };
}

export function lastValue(p: ParsedIncusArgs, long: string): string | undefined {
  const list = p.flags.get(long);
  return list ? list[list.length - 1] : undefined;
}

export function has(p: ParsedIncusArgs, long: string): boolean {
  const v = lastValue(p, long);
  return v !== undefined && v !== "false";
}

/** The persistent flags given before the subcommand (`incus --project p2 create ...`): split
 *  them off, so the subcommand's parser sees them as its own. */
export function splitLeadingGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith("-") && argv[i] !== "--") {
    const arg = argv[i];
    globals.push(arg);
    const f = arg.startsWith("--")
      ? GLOBAL_FLAGS.find((g) => g.long === arg.slice(2).split("=")[0])
      : GLOBAL_FLAGS.find((g) => g.short === arg.slice(-1));
    if (!f) throw new IncusRefusal(arg.startsWith("--") ? `unknown flag: ${arg.split("=")[0]}` : `unknown shorthand flag: '${arg[1]}' in ${arg}`);
    if (f.value && !arg.includes("=") && arg.startsWith("--")) {
      if (i + 1 >= argv.length) throw new IncusRefusal(`flag needs an argument: --${f.long}`);
      globals.push(argv[++i]);
    }
    i++;
  }
  return { globals, rest: argv.slice(i) };
}
