// The language server's scenario requests as the client sends them (the answers' shapes are
// the server's types, imported as types only: nothing of the server is bundled here).
import type { LanguageClient } from "vscode-languageclient/node";
import type { TestRunResponse, TestCaseInfo } from "../../../server/src/lsp/scenario-requests";
import type { MatrixResult } from "../../../server/src/incus/scenario/matrix";
import type { DiffResult } from "../../../server/src/incus/scenario/diff";
import type { ScriptletLanguageClient } from "../language/language-client";

export type { TestRunResponse, TestCaseInfo, MatrixResult, DiffResult };

export type MatrixResponse = { error: string } | { result: MatrixResult; cluster: string };
export type DiffResponse = { error: string } | { result: DiffResult; cluster: string; oldLabel: string; newLabel: string };
export type CasesResponse = { cases: TestCaseInfo[]; problems: { message: string; range: TestCaseInfo["range"] }[] };

/** The running language client, waiting a little for a server that is still starting. */
export async function serverOf(lc: ScriptletLanguageClient): Promise<LanguageClient> {
  for (let i = 0; i < 100; i++) {
    const c = lc.running;
    if (c) return c;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the Incus language server is not running (see Incus: Show Output)");
}

export async function listCases(lc: ScriptletLanguageClient, uri: string): Promise<CasesResponse> {
  return (await serverOf(lc)).sendRequest("incus/placementTest/cases", { uri });
}

export async function runCases(lc: ScriptletLanguageClient, uri: string, only?: number[]): Promise<TestRunResponse> {
  return (await serverOf(lc)).sendRequest("incus/placementTest/run", { uri, only });
}

export async function requestMatrix(lc: ScriptletLanguageClient, uri: string, command?: string[]): Promise<MatrixResponse> {
  return (await serverOf(lc)).sendRequest("incus/placementMatrix", { uri, command });
}

export async function requestDiff(lc: ScriptletLanguageClient, uri: string, against: "head" | "server"): Promise<DiffResponse> {
  return (await serverOf(lc)).sendRequest("incus/placementDiff", { uri, against });
}
