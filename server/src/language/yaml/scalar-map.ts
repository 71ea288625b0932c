// Offsets inside a scalar's value <-> offsets in the YAML text. Exact for block literals (`|`,
// `|-`, `|+`: each value line is one source line minus the block's indentation) and for
// single-line plain or quoted scalars without escapes; otherwise everything maps onto the
// scalar as a whole (folded blocks and escaped strings do not keep columns).
import type { Scalar } from "yaml";
import type { Range, YamlSource } from "./source";

export interface ScalarMap {
  value: string;
  /** Source offset of a value offset. */
  toSource(valueOffset: number): number;
  /** Value offset of a source offset, or undefined outside the value. */
  fromSource(sourceOffset: number): number | undefined;
  /** Whether positions inside the value are exact. */
  exact: boolean;
}

export function scalarMap(src: YamlSource, node: Scalar): ScalarMap {
  const value = String(node.value ?? "");
  const [start, end] = node.range ?? [0, 0, 0];
  if (node.type === "BLOCK_LITERAL") return blockMap(src, value, start, end);
  const raw = src.text.slice(start, end);
  const quote = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0;
  const body = raw.slice(quote, raw.length - quote);
  if (body === value && !value.includes("\n")) {
    return {
      value, exact: true,
      toSource: (o) => start + quote + clamp(o, 0, value.length),
      fromSource: (s) => (s >= start + quote && s <= start + quote + value.length ? s - start - quote : undefined),
    };
  }
  return { value, exact: false, toSource: () => start, fromSource: (s) => (s >= start && s <= end ? 0 : undefined) };
}

function blockMap(src: YamlSource, value: string, start: number, end: number): ScalarMap {
  const text = src.text;
  const headerEnd = text.indexOf("\n", start);
  if (headerEnd < 0) return { value, exact: false, toSource: () => start, fromSource: () => undefined };
  // Source line starts of the block's content.
  const lineStarts: number[] = [];
  for (let p = headerEnd + 1; p <= end && p <= text.length; ) {
    lineStarts.push(p);
    const nl = text.indexOf("\n", p);
    if (nl < 0 || nl >= end) break;
    p = nl + 1;
  }
  const explicit = /^[|>][+-]?([1-9])|^[|>]([1-9])[+-]?/.exec(text.slice(start, headerEnd));
  let indent = 0;
  if (explicit) {
    indent = parentIndent(text, start) + Number(explicit[1] ?? explicit[2]);
  } else {
    for (const ls of lineStarts) {
      const m = /^( *)(\S)?/.exec(text.slice(ls, text.indexOf("\n", ls) < 0 ? text.length : text.indexOf("\n", ls)))!;
      if (m[2]) { indent = m[1].length; break; }
    }
  }
  const valueLineStarts = [0];
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 10) valueLineStarts.push(i + 1);
  const lineLen = (ls: number) => {
    const nl = text.indexOf("\n", ls);
    return (nl < 0 ? text.length : nl) - ls;
  };
  return {
    value, exact: true,
    toSource(o) {
      o = clamp(o, 0, value.length);
      let line = 0;
      while (line + 1 < valueLineStarts.length && valueLineStarts[line + 1] <= o) line++;
      const ls = lineStarts[Math.min(line, lineStarts.length - 1)] ?? start;
      return ls + Math.min(indent + (o - valueLineStarts[line]), lineLen(ls));
    },
    fromSource(s) {
      let line = -1;
      for (let i = 0; i < lineStarts.length; i++) if (lineStarts[i] <= s) line = i;
      if (line < 0 || line >= valueLineStarts.length) return undefined;
      const vs = valueLineStarts[line];
      const ve = line + 1 < valueLineStarts.length ? valueLineStarts[line + 1] - 1 : value.length;
      return clamp(vs + (s - lineStarts[line] - indent), vs, ve);
    },
  };
}

/** Indentation of the line holding the block header (the key's line). */
function parentIndent(text: string, at: number): number {
  const ls = text.lastIndexOf("\n", at - 1) + 1;
  return /^ */.exec(text.slice(ls))![0].length;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** The source range of value offsets [from, to) of a scalar (the whole scalar when inexact). */
export function subRange(src: YamlSource, node: Scalar, from: number, to: number): Range {
  const m = scalarMap(src, node);
  if (!m.exact) return src.nodeRange(node);
  return src.range(m.toSource(from), m.toSource(to));
}
