// Incus YAML documents (config edit buffers, preseeds, NAME.<entity>.incus.yaml): the YAML
// language service under the same settings and active cluster as scriptlets.
import type { TextDocument } from "vscode-languageserver-textdocument";
import { recognizeIncusYaml, yamlCompletion, yamlDiagnostics, yamlHover, type YamlContext } from "../language/yaml";
import type { CompletionItem } from "../language/scriptlet/completion";
import type { Diagnostic } from "../language/scriptlet/diagnostic";
import { DEFAULT_VERSION } from "../incus/knowledge/versions";
import type { ActiveCluster } from "./cluster-context";
import { fileNameOf } from "./documents";
import type { Settings } from "./settings";

export function isIncusYaml(doc: TextDocument): boolean {
  return recognizeIncusYaml(fileNameOf(doc.uri), doc.getText()) !== undefined;
}

function context(settings: Settings, cluster: ActiveCluster | undefined): YamlContext {
  return {
    version: settings.incusVersion || cluster?.version || DEFAULT_VERSION,
    cluster: cluster ? { snapshot: cluster.snapshot } : undefined,
  };
}

export function yamlDocumentDiagnostics(doc: TextDocument, settings: Settings, cluster: ActiveCluster | undefined): Diagnostic[] {
  return yamlDiagnostics(fileNameOf(doc.uri), doc.getText(), context(settings, cluster));
}

export function yamlDocumentCompletion(doc: TextDocument, offset: number, settings: Settings, cluster: ActiveCluster | undefined): CompletionItem[] {
  return yamlCompletion(fileNameOf(doc.uri), doc.getText(), offset, context(settings, cluster));
}

export function yamlDocumentHover(doc: TextDocument, offset: number, settings: Settings, cluster: ActiveCluster | undefined) {
  return yamlHover(fileNameOf(doc.uri), doc.getText(), offset, context(settings, cluster));
}
