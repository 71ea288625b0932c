// Before a placement scriptlet is pushed to Incus it is checked with the CLI's checker (the same
// compile and validation Incus runs when the key is set); only errors block the push.
import { diagnoseScriptlet, type Diagnostic as ScriptletDiagnostic } from "../../../server/src/language/scriptlet/service";

export async function scriptletErrors(text: string, version: string, fileName = "placement.star"): Promise<ScriptletDiagnostic[]> {
  if (text.trim() === "") return [];
  const all = await diagnoseScriptlet(fileName, text, { kind: "placement", version });
  return all.filter((d) => d.severity === "error");
}

export function formatScriptletErrors(errors: ScriptletDiagnostic[]): string {
  return errors.map((d) => `line ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`).join("\n");
}
