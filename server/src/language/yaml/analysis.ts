// One analysis of an Incus YAML buffer: what it is (recognised entity), its parsed source, the
// layout of its objects, and its embedded scriptlets (each with its own scriptlet analysis).
// Built once per document version by the YAML language service and shared by diagnostics,
// completion and hover.
import type { YamlContext } from "./context";
import { embeddedScriptlets, type EmbeddedScriptlet } from "./embedded";
import { buildLayout, type Layout } from "./layout";
import { recognizeIncusYaml, type DocumentEntity } from "./recognize";
import { YamlSource } from "./source";

export class YamlAnalysis {
  private scriptletsCache?: EmbeddedScriptlet[];

  private constructor(
    readonly uri: string,
    readonly text: string,
    readonly entity: DocumentEntity,
    readonly src: YamlSource,
    readonly layout: Layout | undefined,
    readonly ctx: YamlContext,
  ) {}

  /** Undefined when the buffer is not Incus YAML (or not YAML at all). */
  static of(uri: string, text: string, ctx: YamlContext): YamlAnalysis | undefined {
    const kind = recognizeIncusYaml(uri, text);
    if (!kind) return undefined;
    let src: YamlSource;
    try {
      src = new YamlSource(text);
    } catch {
      return undefined;
    }
    let layout: Layout | undefined;
    try {
      layout = buildLayout(src, kind.entity, ctx);
    } catch {
      layout = undefined; // syntax errors are still reported; the rules need a layout
    }
    return new YamlAnalysis(uri, text, kind.entity, src, layout, ctx);
  }

  /** The scriptlets embedded in config values (instances.placement.scriptlet, ...). */
  scriptlets(): EmbeddedScriptlet[] {
    if (!this.scriptletsCache) this.scriptletsCache = this.layout ? embeddedScriptlets(this.src, this.layout, this.ctx, this.uri) : [];
    return this.scriptletsCache;
  }
}
