// Document symbols, folding ranges and semantic tokens of top-level statements. An editor
// asks for them after each change: outline-cache.ts makes them a statement at a time and
// keeps them per statement for the next version, so a keystroke in a 5 MB scriptlet re-walks
// one statement.
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

/** The symbols of top-level statements `stmts`. */
export function symbolsOf(a: Analysis, stmts: readonly Stmt[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const s of stmts) {
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

/** The folding ranges under top-level statements `stmts`, in pre-order. */
export function foldingOf(a: Analysis, stmts: readonly Stmt[]): { startLine: number; endLine: number }[] {
  const out: { startLine: number; endLine: number }[] = [];
  const add = (s: Stmt) => {
    const r = rangeOf(a, s);
    if (r.end.line > r.start.line) out.push({ startLine: r.start.line, endLine: r.end.line });
  };
  for (const stmt of stmts) {
    walk(stmt, (n) => {
      if (n.kind === "DefStmt" || n.kind === "ForStmt" || n.kind === "IfStmt" || n.kind === "WhileStmt") add(n);
      return true;
    });
  }
  return out;
}

/** Token types in the legend order the LSP server declares. */
export const SEMANTIC_TOKEN_TYPES = ["function", "parameter", "variable", "property", "keyword"] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ["defaultLibrary", "readonly"] as const;

/** The semantic tokens under top-level statements `stmts`, sorted, as absolute
 *  [line, character, length, type, modifiers] quintuples one after the other. */
export function tokensOf(a: Analysis, stmts: readonly Stmt[]): number[] {
  const tokens: [number, number, number, number, number][] = [];
  for (const stmt of stmts) walk(stmt, (n) => {
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
  return tokens.flat();
}
