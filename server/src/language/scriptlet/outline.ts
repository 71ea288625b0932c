// Document symbols, folding ranges and semantic tokens.
import type { Stmt } from "../../starlark/syntax/ast";
import { walk } from "../../starlark/syntax/walk";
import type { Analysis } from "./analysis";
import { rangeOf } from "./diagnostic";

export interface DocumentSymbol {
  name: string;
  kind: "function" | "variable";
  range: ReturnType<typeof rangeOf>;
  selectionRange: ReturnType<typeof rangeOf>;
  children: DocumentSymbol[];
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const s of a.file.stmts) {
    if (s.kind === "DefStmt") {
      const kids: DocumentSymbol[] = [];
      for (const d of s.body) {
        if (d.kind === "DefStmt") kids.push({ name: d.name.name, kind: "function", range: rangeOf(a, d), selectionRange: rangeOf(a, d.name), children: [] });
      }
      out.push({ name: s.name.name, kind: "function", range: rangeOf(a, s), selectionRange: rangeOf(a, s.name), children: kids });
    } else if (s.kind === "AssignStmt" && s.lhs.kind === "Ident") {
      out.push({ name: s.lhs.name, kind: "variable", range: rangeOf(a, s), selectionRange: rangeOf(a, s.lhs), children: [] });
    }
  }
  return out;
}

export function foldingRanges(a: Analysis): { startLine: number; endLine: number }[] {
  const out: { startLine: number; endLine: number }[] = [];
  const add = (s: Stmt) => {
    const r = rangeOf(a, s);
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line });
  };
  walk(a.file, (n) => {
    if (n.kind === "DefStmt" || n.kind === "ForStmt" || n.kind === "IfStmt" || n.kind === "WhileStmt") add(n);
    return true;
  });
  return out;
}

/** Token types in the legend order the LSP server declares. */
export const SEMANTIC_TOKEN_TYPES = ["function", "parameter", "variable", "property", "keyword"] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ["defaultLibrary", "readonly"] as const;

/** LSP's relative encoding: [deltaLine, deltaStart, length, type, modifiers]*. */
export function semanticTokens(a: Analysis): number[] {
  const tokens: [number, number, number, number, number][] = [];
  walk(a.file, (n) => {
    if (n.kind !== "Ident" || !n.binding) return true;
    const r = rangeOf(a, n);
    if (r.start.line !== r.end.line) return true;
    const len = r.end.character - r.start.character;
    switch (n.binding.scope) {
      case "predeclared":
        tokens.push([r.start.line, r.start.character, len, 0, 1]);
        break;
      case "universal":
        tokens.push([r.start.line, r.start.character, len, n.name[0] === n.name[0].toUpperCase() ? 4 : 0, 1]);
        break;
      case "local":
      case "cell":
      case "free":
        tokens.push([r.start.line, r.start.character, len, 2, 0]);
        break;
      case "global":
        tokens.push([r.start.line, r.start.character, len, 2, 2]);
        break;
    }
    return true;
  });
  tokens.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const [l, c, len, type, mods] of tokens) {
    data.push(l - line, l === line ? c - char : c, len, type, mods);
    line = l;
    char = c;
  }
  return data;
}
