// The diagnostic shape of the language service (LSP-like, 0-based UTF-16 positions) with an
// optional quick fix, and helpers to place one on a syntax node.
import type { Position, Span } from "../../starlark/syntax/ast";
import type { LspPosition } from "../../incus/scriptlet/positions";
import type { Analysis } from "./analysis";

export interface TextEdit {
  range: { start: LspPosition; end: LspPosition };
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  range: { start: LspPosition; end: LspPosition };
  severity: "error" | "warning" | "information" | "hint";
  message: string;
  code: string;
  fixes?: QuickFix[];
  /** Marks unused/unreachable code (editors fade it). */
  unnecessary?: boolean;
  /** Where Incus (go.starlark.net) reports a compile error: 1-based line and column. The
   *  range may start earlier, at the token at fault. */
  incusPosition?: { line: number; col: number };
}

export function rangeOf(a: Analysis, node: Span): Diagnostic["range"] {
  return { start: a.lines.fromEngine(node.start), end: a.lines.fromEngine(node.end) };
}

export function rangeAt(a: Analysis, start: Position, end: Position): Diagnostic["range"] {
  const s = a.lines.fromEngine(start);
  let e = a.lines.fromEngine(end);
  if (e.line === s.line && e.character <= s.character) e = { line: s.line, character: s.character + 1 };
  return { start: s, end: e };
}
