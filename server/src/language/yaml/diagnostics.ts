// All diagnostics of a recognised Incus YAML buffer: YAML syntax, then each rule. A rule that
// throws loses only its own findings.
import type { Diagnostic } from "../scriptlet/diagnostic";
import type { CheckInput } from "./check";
import type { YamlContext } from "./context";
import { buildLayout } from "./layout";
import { recognizeIncusYaml } from "./recognize";
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
import { YamlSource } from "./source";

const RULES: Array<(i: CheckInput & { uri: string }) => Diagnostic[]> = [
  duplicates, fields, configKeys, devices, statefulMigration, projectRestrictions, evacuation, memberSpecific, memberConfig, scriptlets,
];

export function yamlDiagnostics(fileName: string, text: string, ctx: YamlContext): Diagnostic[] {
  const kind = recognizeIncusYaml(fileName, text);
  if (!kind) return [];
  let src: YamlSource;
  try {
    src = new YamlSource(text);
  } catch {
    return [];
  }
  const out: Diagnostic[] = src.doc.errors.map((e) => ({
    range: src.range(e.pos[0], e.pos[1]), severity: "error" as const, code: "yaml-syntax", message: e.message.split("\n")[0],
  }));
  let input: CheckInput & { uri: string };
  try {
    input = { src, layout: buildLayout(src, kind.entity, ctx), ctx, uri: fileName };
  } catch {
    return out;
  }
  for (const rule of RULES) {
    try {
      out.push(...rule(input));
    } catch {
      // One rule's failure must not take the document's other diagnostics down.
    }
  }
  return out;
}
