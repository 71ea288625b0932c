// Scriptlets inside the YAML get the scriptlet language service's diagnostics, placed in the YAML.
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { scriptletDiagnostics } from "../../scriptlet/diagnostics";
import type { CheckInput } from "../check";
import type { YamlAnalysis } from "../analysis";
import { embeddedScriptlets, mapDiagnostic } from "../embedded";

export function scriptlets(input: CheckInput & { uri: string; analysis?: YamlAnalysis }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const list = input.analysis?.scriptlets() ?? embeddedScriptlets(input.src, input.layout, input.ctx, input.uri);
  for (const e of list) {
    for (const d of scriptletDiagnostics(e.analysis)) out.push(mapDiagnostic(input.src, e, d));
  }
  return out;
}
