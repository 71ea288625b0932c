// One parsed YAML buffer: the document (failsafe schema, so every scalar is the string Incus
// will see: Go's yaml decoder hands map[string]string fields the scalar's text), its parse
// errors, and offset <-> LSP position conversion.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import { LineIndex } from "../../incus/scriptlet/positions";
import type { Diagnostic } from "../scriptlet/diagnostic";

export type Range = Diagnostic["range"];

export class YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { schema: "failsafe", prettyErrors: false, uniqueKeys: false });
    this.lines = new LineIndex(text);
  }

  get root(): YAMLMap | undefined {
    return isMap(this.doc.contents) ? this.doc.contents : undefined;
  }

  range(start: number, end: number): Range {
    const s = this.lines.positionAt(start);
    let e = this.lines.positionAt(Math.max(start, end));
    if (e.line === s.line && e.character <= s.character) e = { line: s.line, character: s.character + 1 };
    return { start: s, end: e };
  }

  /** The range of a node's value (not its trailing comment or newline). */
  nodeRange(node: Node | null | undefined): Range {
    const r = node?.range;
    if (!r) return this.range(0, 0);
    return this.range(r[0], r[1]);
  }
}

/** A scalar's string as Incus reads it: null (`key:` / `~` / `null`) is the empty string. */
export function scalarText(node: unknown): string | undefined {
  if (node === null || node === undefined) return "";
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return "";
  const s = String(v);
  if ((node as Scalar).type === "PLAIN" && /^(~|null|Null|NULL)?$/.test(s)) return "";
  return s;
}

export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String((pair.key as Scalar).value ?? "") : undefined;
}

/** The pair of `map` whose key is `key`. */
export function pairOf(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p) => keyText(p) === key);
}

export function mapOf(map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const v = pairOf(map, key)?.value;
  return isMap(v) ? v : undefined;
}

/** The map items of a list, with their index in the list (non-map items are skipped). */
export function seqMaps(map: YAMLMap | undefined, key: string): Array<{ map: YAMLMap; index: number }> {
  const v = pairOf(map, key)?.value;
  if (!isSeq(v)) return [];
  return v.items.flatMap((item, index) => (isMap(item) ? [{ map: item as YAMLMap, index }] : []));
}

export function stringField(map: YAMLMap | undefined, key: string): string | undefined {
  const p = pairOf(map, key);
  return p ? scalarText(p.value) : undefined;
}

/** String pairs of a map: key text, value text (undefined when not a scalar), nodes. */
export interface KeyValue {
  key: string;
  value: string | undefined;
  pair: Pair;
}

export function entries(map: YAMLMap | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const pair of map?.items ?? []) {
    const key = keyText(pair);
    if (key === undefined) continue;
    out.push({ key, value: scalarText(pair.value), pair });
  }
  return out;
}

export function keyNode(pair: Pair): Node | undefined {
  return isScalar(pair.key) ? (pair.key as Scalar) : undefined;
}
