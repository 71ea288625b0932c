// The Incus YAML language service: config buffers of `incus ... edit`, preseed files and
// `NAME.<entity>.incus.yaml` files. Pure functions of (file name, text, context); the LSP wiring
// lives in server/src/lsp/.
export { recognizeIncusYaml, DOCUMENT_ENTITIES, type DocumentEntity } from "./recognize";
export { yamlDiagnostics } from "./diagnostics";
export { yamlCompletion } from "./completion";
export { yamlHover, type YamlHover } from "./hover";
export type { YamlContext } from "./context";
export { YamlService, type YamlDocument } from "./service";
export { YamlAnalysis } from "./analysis";
