// Before a placement scriptlet is pushed to Incus the server checks it (the same compile and
// validation Incus runs when the key is set); only errors block the push.
import type { ScriptletLanguageClient } from "../language/language-client";
import { Requests, type CheckScriptletAnswer } from "../../../server/src/lsp/protocol";

export type ScriptletError = CheckScriptletAnswer["errors"][number];

export async function checkScriptlet(server: ScriptletLanguageClient, text: string, name: string, connection?: string, version?: string): Promise<ScriptletError[]> {
  return (await server.request(Requests.checkScriptlet, { text, name, connection, version })).errors;
}

export function formatScriptletErrors(errors: ScriptletError[]): string {
  return errors.map((d) => `line ${d.line + 1}:${d.column + 1}: ${d.message}`).join("\n");
}
