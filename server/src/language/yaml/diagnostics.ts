// All diagnostics of a recognised Incus YAML buffer: YAML syntax, then each rule. A rule that
// throws loses only its own findings, and the failure is logged with the rule's name.
import type { Diagnostic } from "../scriptlet/diagnostic";
import type { CheckInput } from "./check";
import type { YamlContext } from "./context";
import { YamlAnalysis } from "./analysis";
import { clusterJoin } from "./rules/cluster-join";
import { configKeys } from "./rules/config-keys";
import { devices } from "./rules/devices";
import { duplicates } from "./rules/duplicates";
import { evacuation } from "./rules/evacuation";
import { fields } from "./rules/fields";
import { memberConfig } from "./rules/member-config";
import { memberSpecific } from "./rules/member-specific";
import { projectRestrictions } from "./rules/project-restrictions";
import { scriptlets } from "./rules/scriptlets";
import { statefulMigration } from "./rules/stateful-migration";

const RULES: Array<(i: CheckInput & { uri: string }) => Diagnostic[]> = [
  duplicates, fields, configKeys, devices, statefulMigration, projectRestrictions, clusterJoin, evacuation, memberSpecific, memberConfig, scriptlets,
];

export type RuleLog = (message: string) => void;

const stderrLog: RuleLog = (m) => process.stderr.write(m + "\n");

export function yamlDiagnostics(fileName: string, text: string, ctx: YamlContext, log: RuleLog = stderrLog): Diagnostic[] {
  const a = YamlAnalysis.of(fileName, text, ctx);
  return a ? diagnosticsOf(a, log) : [];
}

/** The diagnostics of an analysed buffer (the YAML language service caches the analysis). */
export type YamlRule = (i: CheckInput & { uri: string }) => Diagnostic[];

export function diagnosticsOf(a: YamlAnalysis, log: RuleLog = stderrLog, rules: readonly YamlRule[] = RULES): Diagnostic[] {
  const { src } = a;
  const out: Diagnostic[] = src.doc.errors.map((e) => ({
    range: src.range(e.pos[0], e.pos[1]), severity: "error" as const, code: "yaml-syntax", message: e.message.split("\n")[0],
  }));
  if (!a.layout) return out;
  const input = { src, layout: a.layout, ctx: a.ctx, uri: a.uri, analysis: a };
  for (const rule of rules) {
    try {
      out.push(...rule(input));
    } catch (e) {
      // One rule's failure must not take the document's other diagnostics down; say which.
      log(`incus YAML rule ${rule.name} failed on ${a.uri}: ${(e as Error).stack ?? e}`);
    }
  }
  return out;
}
