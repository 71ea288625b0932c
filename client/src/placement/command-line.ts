// The incus command a simulated run stands for. "Run as…" builds one from the user's choices;
// the simulator parses it the way it parses a command copied from a shell (parsePlacementCommand).

export type RunAsChoice =
  | { kind: "create"; name?: string; project?: string; profiles?: string[]; config?: Record<string, string>; target?: string; vm?: boolean }
  | { kind: "move"; instance: string; project?: string; target: string }
  | { kind: "moveProject"; instance: string; project?: string; targetProject: string; target?: string }
  | { kind: "evacuate"; member: string; action?: string };

/** The default run: a new empty instance in the default project, as the CLI does without a command. */
export const DEFAULT_COMMAND: readonly string[] = ["create", "--empty", "new-instance"];

export function commandFor(choice: RunAsChoice): string[] {
  switch (choice.kind) {
    case "create": {
      const argv = ["create", "--empty", choice.name || "new-instance"];
      if (choice.vm) argv.push("--vm");
      if (choice.profiles) {
        if (choice.profiles.length === 0) argv.push("--no-profiles");
        for (const p of choice.profiles) argv.push("--profile", p);
      }
      for (const [k, v] of Object.entries(choice.config ?? {})) argv.push("--config", `${k}=${v}`);
      if (choice.target) argv.push("--target", choice.target);
      pushProject(argv, choice.project);
      return argv;
    }
    case "move": {
      const argv = ["move", choice.instance, "--target", choice.target];
      pushProject(argv, choice.project);
      return argv;
    }
    case "moveProject": {
      const argv = ["move", choice.instance, "--target-project", choice.targetProject];
      if (choice.target) argv.push("--target", choice.target);
      pushProject(argv, choice.project);
      return argv;
    }
    case "evacuate": {
      const argv = ["cluster", "evacuate", choice.member];
      if (choice.action) argv.push("--action", choice.action);
      return argv;
    }
  }
}

function pushProject(argv: string[], project: string | undefined): void {
  if (project && project !== "default") argv.push("--project", project);
}

/** `incus …` as a user would type it (arguments quoted when needed). */
export function formatCommandLine(argv: readonly string[]): string {
  return ["incus", ...argv.map(shellQuote)].join(" ");
}

export function shellQuote(arg: string): string {
  if (arg !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a command line typed by the user into arguments like a POSIX shell would for the
 * simple cases (quotes and backslashes); a leading `incus` is dropped.
 */
export function splitCommandLine(text: string): string[] {
  const args: string[] = [];
  let cur = "";
  let inArg = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\\" && quote === '"' && i + 1 < text.length && /["\\$`]/.test(text[i + 1])) cur += text[++i];
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inArg = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      cur += text[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(cur);
      cur = "";
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${text}`);
  if (inArg) args.push(cur);
  if (args[0] === "incus") args.shift();
  return args;
}

/** `key=value` lines or comma list → a config map; bad pairs are reported, not dropped. */
export function parseConfigPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new Error(`"${part}" is not KEY=VALUE`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
