// `incus-scriptlet check FILE... [--kind K] [--incus-version V] [--cluster SNAPSHOT]
//   [--format text|json]`: report problems as Incus would (compile errors in its words).
import { readFileSync } from "node:fs";
import { detectKind } from "../incus/scriptlet/kind";
import { loadClusterSource as loadCluster } from "./cluster-source";
import { clusterFromSnapshot } from "../incus/placement/from-snapshot";
import { YamlService } from "../language/yaml";
import { ScriptletService, type Diagnostic } from "../language/scriptlet/service";
import { connectionLabel, parseConnectionSetting } from "../lsp/cluster/connection-spec";
import { SCRIPTLET_KINDS, type ScriptletKind } from "../incus/knowledge/scriptlets";
import { DEFAULT_VERSION } from "../incus/knowledge/versions";
import { flag, FlagError, parseArgs } from "../util/argv";
import { UserError } from "./cluster-source";
import { writeErr, writeJson, writeLines, writeOut } from "./output";
import { toSarif } from "./format/sarif";

const USAGE = `usage: incus-scriptlet check FILE... [--kind placement|authorization|qemu]
                      [--incus-version V] [--cluster SNAPSHOT] [--format text|json|sarif]
                      [--fail-on error|warning|never]

FILE is a scriptlet (*.placement.star, *.authorization.star, *.qemu.star, or marked with a
first-lines comment "# incus-scriptlet: KIND") or Incus YAML (NAME.<entity>.incus.yaml, a
preseed, or a buffer of "incus ... edit").

Exit codes: 0 no finding at or above the --fail-on level (default: error), 1 at least one,
2 a usage or input error (unknown flag, unreadable file, broken --cluster snapshot).
`;

/** What makes `check` exit 1: findings of this severity or worse; "never" only reports. */
const FAIL_ON = ["error", "warning", "never"] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Whether `severity` reaches the --fail-on threshold. */
export function failsOn(severity: string, failOn: FailOn): boolean {
  if (failOn === "never") return false;
  if (failOn === "warning") return severity === "error" || severity === "warning";
  return severity === "error";
}

const SPECS = [
  { names: ["--kind"], kind: "string" as const, key: "kind" },
  { names: ["--incus-version"], kind: "string" as const, key: "version" },
  { names: ["--cluster"], kind: "string" as const, key: "cluster" },
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["--fail-on"], kind: "string" as const, key: "failOn" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

interface FileDiagnostic extends Diagnostic {
  file: string;
}

export async function checkCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, SPECS);
    if (flag(args, "help")) {
      writeOut(USAGE);
      return 0;
    }
    if (!args.positional.length) throw new UserError("check needs at least one FILE");
    const format = flag(args, "format") ?? "text";
    if (format !== "text" && format !== "json" && format !== "sarif") throw new UserError(`--format must be text, json or sarif, not "${format}"`);
    const failOn = (flag(args, "failOn") ?? "error") as FailOn;
    if (!FAIL_ON.includes(failOn)) throw new UserError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${failOn}"`);
    const forcedKind = flag(args, "kind");
    if (forcedKind && !(SCRIPTLET_KINDS as readonly string[]).includes(forcedKind)) {
      throw new UserError(`--kind must be one of ${SCRIPTLET_KINDS.join(", ")}`);
    }
    const clusterArg = flag(args, "cluster");
    const snapshot = clusterArg ? (await loadCluster({ cluster: clusterArg })).snapshot : undefined;
    const cluster = snapshot ? clusterFromSnapshot(snapshot) : undefined;
    const version = flag(args, "version") ?? cluster?.serverVersion ?? DEFAULT_VERSION;
    const names = cluster && {
      // Named as the editor names the active cluster, so messages are the same in both.
      source: clusterSourceLabel(clusterArg!),
      members: cluster.members.map((m) => m.server_name),
      groups: cluster.groups.map((g) => g.name),
      projects: cluster.projects.map((p) => p.name),
    };

    // The same language services (and so the same diagnostics) as the editor's.

    const scriptlets = new ScriptletService();

    const yaml = new YamlService();

    const all: FileDiagnostic[] = [];
    for (const file of args.positional) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
      }
      if (!forcedKind && yaml.recognizes({ uri: file, text })) {
        for (const d of yaml.diagnostics({ uri: file, text }, { version, cluster: snapshot ? { snapshot } : undefined })) all.push({ file, ...d });
        continue;
      }
      const kind = (forcedKind as ScriptletKind | undefined) ?? detectKind(file, text);
      if (!kind) {
        all.push({ file, range: zeroRange(), severity: "error", code: "kind", message: "cannot tell which kind of scriptlet this is: name it *.placement.star, *.authorization.star or *.qemu.star, add a first line `# incus-scriptlet: placement`, or pass --kind" });
        continue;
      }
      for (const d of await scriptlets.check({ uri: file, text }, { kind, version, cluster: names })) all.push({ file, ...d });
    }
    await scriptlets.dispose();
    if (format === "json") writeJson(all.map(toJson));
    else if (format === "sarif") writeJson(toSarif(all));
    else writeLines(all.map((d) => `${d.file}:${position(d)}: ${d.severity}: ${d.message}`));
    return all.some((d) => failsOn(d.severity, failOn)) ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof FlagError) {
      writeErr(`incus-scriptlet check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Incus's own line:col for compile errors, else the start of the range (1-based). */
function position(d: FileDiagnostic): string {
  return d.incusPosition ? `${d.incusPosition.line}:${d.incusPosition.col}` : `${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

function toJson(d: FileDiagnostic) {
  return { file: d.file, range: d.range, severity: d.severity, message: d.message, code: d.code };
}

function zeroRange() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The editor's name for a cluster setting (lsp/cluster-context: activeClusterOf). */
function clusterSourceLabel(setting: string): string {
  const spec = parseConnectionSetting(setting, process.cwd());
  return spec.kind === "sample" ? "the sample cluster" : connectionLabel(spec);
}
