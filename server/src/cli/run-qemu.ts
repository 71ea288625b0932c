// `incus-scriptlet run X.qemu.star --instance VM [--project P] [--stage config|early|pre-start|post-start]
//   [--fixture FILE] [--cluster S | --remote NAME | --socket PATH] [--incus-version V] [--json]`
// What the QEMU scriptlet would change when the VM starts. Exit 0 when every stage ran,
// 1 when a stage fails (the VM would not start), 2 on bad input.
import { readFileSync } from "node:fs";
import { loadClusterSource, UserError, CLUSTER_FLAGS } from "./cluster-source";
import { flag, FlagError, parseArgs } from "../util/argv";
import { QEMU_STAGES, type QemuRunResult, type QemuStage } from "../incus/qemu/run";
import { runScriptletKind, RunInputError } from "../incus/run";
import type { DiffLine } from "../incus/qemu/diff";

const USAGE = `usage: incus-scriptlet run FILE.qemu.star --instance VM [--project P]
         [--stage config|early|pre-start|post-start] [--fixture FILE]
         [--cluster SNAPSHOT | --remote NAME | --socket PATH] [--incus-version V] [--json]

Runs qemu_hook of the QEMU scriptlet FILE for the instance VM at one stage, or at all four in
order as a VM start does, and shows the QEMU configuration and command line before and after,
the log lines, the QMP commands and errors. QEMU's side comes from --fixture (conf or conf_file,
cmdline, qmp replies; see docs) or a recorded default.
Exit status: 0 ran, 1 a stage failed (the VM would not start), 2 bad input.
`;

const SPECS = [
  { names: ["--instance"], kind: "string" as const, key: "instance" },
  { names: ["--project"], kind: "string" as const, key: "project" },
  { names: ["--stage"], kind: "string" as const, key: "stage" },
  { names: ["--fixture", "--qmp-fixture"], kind: "string" as const, key: "fixture" },
  ...CLUSTER_FLAGS,
  { names: ["--json"], kind: "boolean" as const, key: "json" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

export async function runQemuCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const [file, ...extra] = args.positional;
    if (!file || extra.length) throw new UserError("run takes one scriptlet FILE");
    const name = flag(args, "instance");
    if (!name) throw new UserError("--instance VM is required");
    const stage = flag(args, "stage");
    if (stage !== undefined && !(QEMU_STAGES as readonly string[]).includes(stage)) throw new UserError(`--stage "${stage}": want one of ${QEMU_STAGES.join(", ")}`);
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch (e) {
      throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const { snapshot, label, warnings } = await loadClusterSource({ cluster: flag(args, "cluster"), remote: flag(args, "remote"), socket: flag(args, "socket") });
    for (const w of warnings) process.stderr.write(`${w}\n`);
    const version = flag(args, "version") ?? snapshot.server.environment.server_version;
    const { result } = (await runScriptletKind({
      kind: "qemu", source, snapshot, version, instance: name, project: flag(args, "project"), stage: stage as QemuStage | undefined, fixture: flag(args, "fixture"),
    })) as { result: QemuRunResult };
    process.stdout.write(flag(args, "json") ? JSON.stringify(result, null, 2) + "\n" : formatText(result, label));
    return result.error ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof FlagError || e instanceof RunInputError) {
      process.stderr.write(`incus-scriptlet run: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function diffText(diff: readonly DiffLine[], context = 2): string[] {
  const show = diff.map((d, i) => d.op !== " " || diff.slice(Math.max(0, i - context), i + context + 1).some((x) => x.op !== " "));
  const out: string[] = [];
  let skipped = false;
  diff.forEach((d, i) => {
    if (!show[i]) {
      if (!skipped) out.push("    …");
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`  ${d.op} ${d.text}`);
  });
  return out;
}

export function formatText(r: QemuRunResult, label: string): string {
  const lines = [`Cluster: ${label} (Incus ${r.version})`, `Instance: ${r.instance}`, ""];
  for (const s of r.stages) {
    lines.push(`stage ${s.stage}:`);
    for (const l of s.logs) lines.push(`  log ${l.level.padEnd(5)}  ${l.message}`);
    for (const q of s.qmp) lines.push(`  qmp ${JSON.stringify(q.request)} → ${JSON.stringify(q.reply)}${q.answeredBy === "default" ? " (default reply)" : ""}`);
    if (s.error) lines.push(`  error: ${s.error}`);
  }
  lines.push("");
  const confChanged = r.conf.diff.some((d) => d.op !== " ");
  const cmdChanged = r.cmdline.diff.some((d) => d.op !== " ");
  lines.push(confChanged ? "QEMU configuration (before → after):" : "QEMU configuration: unchanged");
  if (confChanged) lines.push(...diffText(r.conf.diff));
  lines.push(cmdChanged ? "QEMU command line (before → after):" : "QEMU command line: unchanged");
  if (cmdChanged) lines.push(...diffText(r.cmdline.diff));
  if (r.error) lines.push("", `The VM would not start: ${r.error}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join("\n") + "\n";
}
