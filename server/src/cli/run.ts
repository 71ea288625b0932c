// `incus-scriptlet run FILE [--cluster SNAPSHOT | --remote NAME | --socket PATH]
//   [--incus-version V] [--json] -- INCUS-COMMAND`: predict what Incus would do.
import { readFileSync } from "node:fs";
import { clusterFromSnapshot } from "../incus/placement/from-snapshot";
import { CommandError } from "../incus/placement/command";
import { simulateCommand } from "../incus/placement/simulate";
import type { Placement, SimulationResult } from "../incus/placement/result";
import { loadClusterSource, UserError, CLUSTER_FLAGS } from "./cluster-source";
import { flag, FlagError, parseArgs } from "../util/argv";
import { writeJson, writeLines, writeOut } from "./output";
import { toJUnit } from "./format/junit";
import { INCUS_VERSIONS, resolveVersion } from "../incus/knowledge/versions";
import { runOtherKind } from "./run-kind";

const USAGE = `usage: incus-scriptlet run FILE [--cluster SNAPSHOT | --remote NAME | --socket PATH]
                          [--incus-version V] [--json | --format text|json|junit]
                          [--timeout-ms N] [--memory-mb N] [-- INCUS-COMMAND]

Runs the placement scriptlet FILE the way Incus would for INCUS-COMMAND (what you would type
after "incus"): create|init|launch, copy, move, cluster evacuate or cluster restore. Without a
command: "create --empty new-instance". Without a cluster: the bundled sample cluster.

Incus puts no time or memory limit on a placement run; neither does this command unless asked:
--timeout-ms N and --memory-mb N (default 2048) are the tool's own limits, and a run they stop
is reported as "stopped", apart from Incus's outcome.

Exit status: 0 every placement succeeds, 1 Incus would refuse something (an error in the
output), 2 a usage or input error (bad flags, unreadable file or cluster, unknown version),
3 the tool stopped a run at its own limit (Incus's outcome unknown).
`;

const SPECS = [
  ...CLUSTER_FLAGS,
  { names: ["--json"], kind: "boolean" as const, key: "json" },
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["--timeout-ms"], kind: "string" as const, key: "timeoutMs" },
  { names: ["--memory-mb"], kind: "string" as const, key: "memoryMb" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

export async function runCommand(argv: string[]): Promise<number> {
  const otherKind = await runOtherKind(argv); // authorization and QEMU scriptlets (run-kind.ts)
  if (otherKind !== undefined) return otherKind;
  try {
    const args = parseArgs(argv, SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const format = flag(args, "json") ? "json" : (flag(args, "format") ?? "text");
    if (!["text", "json", "junit"].includes(format)) throw new UserError(`--format must be text, json or junit, not "${format}"`);
    const [file, ...extra] = args.positional;
    if (!file || extra.length) throw new UserError("run takes one scriptlet FILE; put the incus command after --");
    let src: string;
    try {
      src = readFileSync(file, "utf8");
    } catch (e) {
      throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const versionFlag = checkedVersion(flag(args, "version"));
    const { snapshot, label, warnings } = await loadClusterSource({ cluster: flag(args, "cluster"), remote: flag(args, "remote"), socket: flag(args, "socket") });
    for (const w of warnings) process.stderr.write(`${w}\n`);
    const cluster = clusterFromSnapshot(snapshot);
    const version = versionFlag ?? cluster.serverVersion;
    const argvIncus = args.rest.length ? args.rest : ["create", "--empty", "new-instance"];
    const limits = { timeoutMs: positiveNumber(args, "timeoutMs", "--timeout-ms"), memoryMb: positiveNumber(args, "memoryMb", "--memory-mb") };
    const result = await simulateCommand(cluster, src, argvIncus, { version, localMember: cluster.localMember, ...limits });
    if (format === "json") writeJson(toJson(result));
    else if (format === "junit") writeOut(toJUnit(result, `incus-scriptlet run ${file}`));
    else writeLines(textLines(result, label, version));
    if (result.placements.some((p) => p.error)) return 1;
    return result.placements.some((p) => p.stoppedBy) ? 3 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof CommandError || e instanceof FlagError) {
      process.stderr.write(`incus-scriptlet run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** --timeout-ms / --memory-mb: the tool's own limits (Incus has none); absent = none / 2 GiB. */
function positiveNumber(args: ReturnType<typeof parseArgs>, key: string, name: string): number | undefined {
  const v = flag(args, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} takes a positive number, not "${v}"`);
  return n;
}

/** --incus-version: a version our knowledge can map to a release, else a usage error. */
function checkedVersion(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  if (resolveVersion(input)) return input;
  throw new UserError(`unknown Incus version "${input}"; known versions: ${INCUS_VERSIONS.join(", ")} (or a release number such as 6.0.4 or 7.3.0)`);
}

/** The documented --json shape. */
export function toJson(result: SimulationResult): unknown {
  return {
    placements: result.placements.map((p) => ({
      instance: p.instance,
      project: p.project,
      reason: p.reason,
      candidates: p.candidates,
      excluded: p.excluded,
      target: p.target,
      logs: p.logs.map((l) => ({ level: l.level, message: l.message, ...(l.context ? { context: l.context } : {}) })),
      error: p.error,
      ...(p.stoppedBy ? { stopped_by: p.stoppedBy } : {}),
      ...(p.incusMessage && p.incusMessage !== p.error ? { incus_message: p.incusMessage } : {}),
      counts: p.counts,
      chosen_by: p.chosenBy,
      ...(p.tiedWith.length ? { tied_with: p.tiedWith } : {}),
      ...(p.backtrace?.length ? { backtrace: p.backtrace } : {}),
      ...(p.notes.length ? { notes: p.notes } : {}),
    })),
    ...(result.member ? { member: { name: result.member.name, status_before: result.member.before, status_after: result.member.after } } : {}),
  };
}

export function formatText(result: SimulationResult, label: string, version: string): string {
  return [...textLines(result, label, version)].join("\n") + "\n";
}

/** The text output line by line (millions of log lines must not go through one spread or string). */
export function* textLines(result: SimulationResult, label: string, version: string): Generator<string> {
  yield `Cluster: ${label} (Incus ${version})`;
  for (const p of result.placements) {
    yield "";
    yield* formatPlacement(p);
  }
  if (result.member) {
    const m = result.member;
    yield "";
    yield m.before === m.after ? `Member ${m.name}: stays ${m.after}` : `Member ${m.name}: ${m.before} → ${m.after}`;
  }
}

function formatPlacement(p: Placement): string[] {
  const out = [`${p.instance || "(no instance)"} — project ${p.project || "-"}, reason ${p.reason}`];
  if (p.candidates.length) {
    out.push(`  candidates: ${p.candidates.map((c) => `${c} (${p.counts[c] ?? 0} instances)`).join(", ")}`);
  }
  for (const e of p.excluded) out.push(`  left out:   ${e.member} — ${e.why}`);
  for (const l of p.logs) {
    const ctx = l.context ? " " + Object.entries(l.context).map(([k, v]) => `${k}=${v}`).join(" ") : "";
    out.push(`  log ${l.level.padEnd(5)}  ${l.message}${ctx}`);
  }
  if (p.stoppedBy) out.push(`  stopped:    ${p.stoppedBy}`);
  if (p.error) {
    out.push(`  error:      ${p.incusMessage ?? p.error}`);
    for (const f of p.backtrace ?? []) out.push(`              at ${f.function} line ${f.line}:${f.col}`);
  } else if (p.target) {
    const how = { scriptlet: "set by the scriptlet", "target-flag": "the --target member", default: "Incus's default: fewest instances", none: "" }[p.chosenBy];
    out.push(`  → ${p.target}${how ? ` (${how})` : ""}${p.tiedWith.length ? `; tied with ${p.tiedWith.join(", ")} — Incus may pick any of them` : ""}`);
  }
  for (const n of p.notes) out.push(`  note: ${n}`);
  return out;
}
