// Per-document analysis, cached by document version, and the scriptlet context (kind,
// version, cluster names) each document is analysed under.
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { Analysis } from "../language/scriptlet/analysis";
import type { ScriptletContext } from "../language/scriptlet/context";
import { detectKind } from "../incus/scriptlet/kind";
import { DEFAULT_VERSION } from "../incus/knowledge/versions";
import type { ActiveCluster } from "./cluster-context";
import type { Settings } from "./settings";

export function fileNameOf(uri: string): string {
  try {
    return uri.startsWith("file:") ? path.basename(fileURLToPath(uri)) : path.basename(uri);
  } catch {
    return uri;
  }
}

export class AnalysisCache {
  private readonly cache = new Map<string, { version: number; key: string; analysis: Analysis }>();

  get(doc: TextDocument, settings: Settings, cluster: ActiveCluster | undefined): Analysis | undefined {
    const kind = detectKind(fileNameOf(doc.uri), doc.getText());
    if (!kind) return undefined;
    const version = settings.incusVersion || cluster?.version || DEFAULT_VERSION;
    const ctx: ScriptletContext = { kind, version, cluster: cluster?.names };
    const key = `${kind}|${version}|${cluster?.setting ?? ""}`;
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.key === key) return hit.analysis;
    const analysis = new Analysis(doc.uri, doc.getText(), ctx);
    this.cache.set(doc.uri, { version: doc.version, key, analysis });
    return analysis;
  }

  /** An analysis of a text that is not (or not in this version) an open document: not cached. */
  peek(doc: TextDocument, settings: Settings, cluster: ActiveCluster | undefined): Analysis | undefined {
    const kind = detectKind(fileNameOf(doc.uri), doc.getText()) ?? "placement";
    const version = settings.incusVersion || cluster?.version || DEFAULT_VERSION;
    return new Analysis(doc.uri, doc.getText(), { kind, version, cluster: cluster?.names });
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
