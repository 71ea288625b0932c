// The language service of `*.placement.test.yaml` files (pure: text and cluster names in,
// diagnostics, completions and the cases' positions out).
export { placementTestDiagnostics, toRange } from "./diagnostics";
export { placementTestCompletion } from "./completion";
export { isScenarioTestFile } from "../../incus/scenario/test-file";
