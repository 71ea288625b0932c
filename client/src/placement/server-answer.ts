// The language server's answer to incus/runPlacement: `{result, cluster, version}` or `{error}`
// (server/src/lsp/placement-requests.ts); a bare SimulationResult is accepted too.
import type { SimulationResult } from "../../../server/src/incus/placement/result";

export type RunPlacementAnswer = SimulationResult | { result: SimulationResult; cluster?: string; version?: string } | { error: string };

export function unwrapAnswer(answer: RunPlacementAnswer): { result: SimulationResult; version?: string } {
  if (answer && "placements" in answer) return { result: answer };
  if (answer && "error" in answer && typeof answer.error === "string") throw new Error(`the language server could not run placement: ${answer.error}`);
  if (answer && "result" in answer && answer.result) return { result: answer.result, version: answer.version };
  throw new Error("the language server's answer to incus/runPlacement has no result");
}
