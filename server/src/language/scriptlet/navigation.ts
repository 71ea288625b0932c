// Definitions, references and rename of local symbols, from the resolver's bindings: every
// identifier bound to the same Binding object is the same variable.
import type { Ident } from "../../starlark/syntax/ast";
import { walk } from "../../starlark/syntax/walk";
import type { Analysis } from "./analysis";
import { rangeOf, type TextEdit } from "./diagnostic";
import { nodePathAt } from "./node-at";

function identAt(a: Analysis, offset: number): Ident | undefined {
  const path = nodePathAt(a.file, offset);
  const n = path[path.length - 1];
  return n.kind === "Ident" ? n : undefined;
}

/** Identifiers referring to the same variable as the one at `offset` (in source order). */
function occurrences(a: Analysis, id: Ident): Ident[] {
  const b = id.binding;
  if (!b || b.scope === "predeclared" || b.scope === "universal" || b.scope === "undefined") return [];
  const key = b.first ?? b;
  const out: Ident[] = [];
  walk(a.file, (n) => {
    if (n.kind === "Ident" && n.binding && (n.binding.first ?? n.binding) === key) out.push(n);
    return true;
  });
  return out;
}

export function definition(a: Analysis, offset: number) {
  const id = identAt(a, offset);
  const first = id?.binding?.first;
  return first ? rangeOf(a, first) : undefined;
}

export function references(a: Analysis, offset: number) {
  const id = identAt(a, offset);
  return id ? occurrences(a, id).map((x) => rangeOf(a, x)) : [];
}

export function prepareRename(a: Analysis, offset: number) {
  const id = identAt(a, offset);
  return id && occurrences(a, id).length ? rangeOf(a, id) : undefined;
}

export function rename(a: Analysis, offset: number, newName: string): TextEdit[] | { error: string } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { error: `"${newName}" is not a valid Starlark identifier` };
  const id = identAt(a, offset);
  if (!id) return [];
  return occurrences(a, id).map((x) => ({ range: rangeOf(a, x), newText: newName }));
}
