// Conversions from the language service's shapes to LSP's.
import { CompletionItemKind, SymbolKind, type CompletionItem as LspCompletionItem, type DocumentSymbol as LspSymbol } from "vscode-languageserver";
import type { CompletionItem } from "../language/scriptlet/completion";
import type { DocumentSymbol } from "../language/scriptlet/outline";

const KIND: Record<CompletionItem["kind"], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  field: CompletionItemKind.Field,
  method: CompletionItemKind.Method,
  value: CompletionItemKind.Value,
  constant: CompletionItemKind.Constant,
  module: CompletionItemKind.Module,
};

export function toLspCompletion(c: CompletionItem): LspCompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: "markdown", value: c.documentation } : undefined,
    insertText: c.insertText,
    sortText: c.sortText,
  };
}

export function toLspSymbol(s: DocumentSymbol): LspSymbol {
  return {
    name: s.name,
    kind: s.kind === "function" ? SymbolKind.Function : SymbolKind.Variable,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toLspSymbol),
  };
}
