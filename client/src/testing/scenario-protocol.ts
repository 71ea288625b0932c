// The language server's scenario requests as the client sends them: message types and answer
// shapes from the shared protocol module (nothing of the server is bundled here).
import type { ScriptletLanguageClient } from "../language/language-client";
import {
  Requests, type DiffResult, type MatrixResult, type PlacementDiffAnswer, type PlacementMatrixAnswer, type PlacementTestCase,
  type PlacementTestCasesAnswer, type PlacementTestRunAnswer,
} from "../../../server/src/lsp/protocol";

export type { DiffResult, MatrixResult, PlacementTestCase };

export function listCases(lc: ScriptletLanguageClient, uri: string): Promise<PlacementTestCasesAnswer> {
  return lc.request(Requests.placementTestCases, { uri });
}

export function runCases(lc: ScriptletLanguageClient, uri: string, only?: number[]): Promise<PlacementTestRunAnswer> {
  return lc.request(Requests.placementTestRun, { uri, only });
}

export function requestMatrix(lc: ScriptletLanguageClient, uri: string, command?: string[]): Promise<PlacementMatrixAnswer> {
  return lc.request(Requests.placementMatrix, { uri, command });
}

export function requestDiff(lc: ScriptletLanguageClient, uri: string, against: "head" | "server"): Promise<PlacementDiffAnswer> {
  return lc.request(Requests.placementDiff, { uri, against });
}
