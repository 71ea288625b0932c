// A deliberately small reader for Go type declarations, used by gen-api-types.ts.
//
// It understands exactly what the Incus API packages and the few stdlib types that reach
// scriptlets use: `type X struct {...}` (also inside `type (...)` groups), named non-struct types
// (`type ConfigMap map[string]string`), aliases (`type X = Y`), field lists with tags, embedded
// fields, and type expressions built from idents, qualified idents, *, [], [N], map[K]V,
// interface{}/any, inline struct{...}, func and chan. It is not a Go parser: it keeps field ORDER,
// names, types and tags, which is all the scriptlet marshal rule looks at.

/** A Go type expression, as far as the marshal rule cares. */
export type GoType =
  | { t: "named"; pkg: string | null; name: string } // pkg is the import alias as written, null = same package
  | { t: "pointer"; elem: GoType }
  | { t: "slice"; elem: GoType } // also fixed-size arrays
  | { t: "map"; key: GoType; elem: GoType }
  | { t: "interface" }
  | { t: "struct"; fields: GoField[] }
  | { t: "func" }
  | { t: "chan" };

export interface GoField {
  /** Field name; for embedded fields the type's name (Go's rule), with `embedded` set. */
  name: string;
  embedded: boolean;
  type: GoType;
  tag: string;
}

export interface GoFile {
  /** import alias (explicit or last path element) -> import path */
  imports: Map<string, string>;
  /** declared type name -> type expression (struct or other) */
  types: Map<string, GoType>;
}

/** Strip comments but keep string/backtick literals intact (tags live in backticks). */
export function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === "/" && n === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && n === "*") {
      const end = src.indexOf("*/", i + 2);
      const body = src.slice(i, end < 0 ? src.length : end + 2);
      out += body.replace(/[^\n]/g, " "); // keep line structure
      i = end < 0 ? src.length : end + 2;
    } else if (c === "`" || c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (c !== "`" && src[j] === "\\") j++;
        j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the bracket matching the opener at `open` (one of `{ ( [`). */
function matchBracket(s: string, open: number): number {
  const pairs: Record<string, string> = { "{": "}", "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "`" || c === '"') {
      i = s.indexOf(c, i + 1);
      if (i < 0) break;
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** Parse one type expression from the start of `s`; returns it and the rest of the string. */
export function parseTypeExpr(s: string): { type: GoType; rest: string } {
  s = s.trimStart();
  if (s.startsWith("*")) {
    const r = parseTypeExpr(s.slice(1));
    return { type: { t: "pointer", elem: r.type }, rest: r.rest };
  }
  if (s.startsWith("[")) {
    const close = matchBracket(s, 0);
    const r = parseTypeExpr(s.slice(close));
    return { type: { t: "slice", elem: r.type }, rest: r.rest };
  }
  if (s.startsWith("map[")) {
    const close = matchBracket(s, 3);
    const key = parseTypeExpr(s.slice(4, close - 1)).type;
    const r = parseTypeExpr(s.slice(close));
    return { type: { t: "map", key, elem: r.type }, rest: r.rest };
  }
  let m = /^interface\s*\{/.exec(s);
  if (m) {
    const close = matchBracket(s, m[0].length - 1);
    return { type: { t: "interface" }, rest: s.slice(close) };
  }
  m = /^struct\s*\{/.exec(s);
  if (m) {
    const close = matchBracket(s, m[0].length - 1);
    return { type: { t: "struct", fields: parseFieldList(s.slice(m[0].length, close - 1)) }, rest: s.slice(close) };
  }
  m = /^func\s*\(/.exec(s);
  if (m) {
    // Signature and results are irrelevant: the marshal rule rejects funcs anyway.
    let close = matchBracket(s, m[0].length - 1);
    let rest = s.slice(close).replace(/^[ \t]+/, "");
    if (rest.startsWith("(")) rest = rest.slice(matchBracket(rest, 0));
    else if (/^[\w*.[\]]/.test(rest)) rest = parseTypeExpr(rest).rest;
    return { type: { t: "func" }, rest };
  }
  m = /^(?:chan\s*<-|<-\s*chan|chan)\s*/.exec(s);
  if (m) {
    const r = parseTypeExpr(s.slice(m[0].length));
    return { type: { t: "chan" }, rest: r.rest };
  }
  m = /^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?/.exec(s);
  if (!m) throw new Error(`cannot parse type expression: ${s.slice(0, 60)}`);
  let rest = s.slice(m[0].length);
  if (rest.startsWith("[")) rest = rest.slice(matchBracket(rest, 0)); // generic instantiation: args ignored
  if (m[1] === "any") return { type: { t: "interface" }, rest };
  return { type: m[2] ? { t: "named", pkg: m[1], name: m[2] } : { t: "named", pkg: null, name: m[1] }, rest };
}

/** Split a struct body into top-level lines (newline or `;` separated), ignoring nested brackets. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "`" || c === '"') {
      const j = body.indexOf(c, i + 1);
      cur += body.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === "{" || c === "(" || c === "[") depth++;
    if (c === "}" || c === ")" || c === "]") depth--;
    if ((c === "\n" || c === ";") && depth === 0) {
      if (cur.trim()) parts.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

function takeTag(rest: string): string {
  const m = /^\s*`([^`]*)`/.exec(rest) ?? /^\s*"((?:[^"\\]|\\.)*)"/.exec(rest);
  return m ? m[1] : "";
}

export function parseFieldList(body: string): GoField[] {
  const fields: GoField[] = [];
  for (const line of splitTopLevel(body)) {
    // Embedded: `T`, `*T`, `pkg.T`, `*pkg.T`, optionally followed by a tag.
    const emb = /^(\*?)([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?\s*(`[^`]*`|"(?:[^"\\]|\\.)*")?\s*$/.exec(line);
    if (emb) {
      const named: GoType = emb[3] ? { t: "named", pkg: emb[2], name: emb[3] } : { t: "named", pkg: null, name: emb[2] };
      fields.push({
        name: emb[3] ?? emb[2],
        embedded: true,
        type: emb[1] ? { t: "pointer", elem: named } : named,
        tag: emb[4] ? emb[4].slice(1, -1) : "",
      });
      continue;
    }
    const named = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+/.exec(line);
    if (!named) throw new Error(`cannot parse field: ${line}`);
    const { type, rest } = parseTypeExpr(line.slice(named[0].length));
    const tag = takeTag(rest);
    for (const name of named[1].split(",").map((n) => n.trim())) {
      fields.push({ name, embedded: false, type, tag });
    }
  }
  return fields;
}

/** Parse the imports and type declarations of one Go source file. */
export function parseGoFile(source: string): GoFile {
  const src = stripComments(source);
  const imports = new Map<string, string>();
  const importSpec = (spec: string) => {
    const m = /^\s*([A-Za-z_]\w*|\.|_)?\s*"([^"]+)"/.exec(spec);
    if (!m) return;
    const alias = m[1] ?? m[2].split("/").pop()!.replace(/^v\d+$/, "");
    imports.set(alias, m[2]);
  };
  for (const m of src.matchAll(/^import\s*\(([^)]*)\)/gm)) m[1].split("\n").forEach(importSpec);
  for (const m of src.matchAll(/^import\s+((?:[A-Za-z_]\w*\s+)?"[^"]+")/gm)) importSpec(m[1]);

  const types = new Map<string, GoType>();
  const declare = (spec: string) => {
    const m = /^\s*([A-Za-z_]\w*)\s*/.exec(spec);
    if (!m) return;
    let rest = spec.slice(m[0].length);
    if (/^\[\s*[A-Za-z_]\w*\s+[^\]\s]/.test(rest)) return; // generic declaration `T[P any]`: no scriptlet type uses one
    rest = rest.replace(/^=\s*/, ""); // alias: same type for the marshal rule
    if (!rest.trim()) return;
    types.set(m[1], parseTypeExpr(rest).type);
  };
  const re = /^type\s+/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const start = m.index + m[0].length;
    if (src[start] === "(") {
      const end = matchBracket(src, start);
      const group = src.slice(start + 1, end - 1);
      for (const spec of splitTopLevel(group)) declare(spec);
      re.lastIndex = end;
    } else {
      // A single declaration runs to the end of its type expression.
      const line = src.slice(start);
      const name = /^([A-Za-z_]\w*)/.exec(line);
      if (!name) continue;
      try {
        declare(line);
      } catch {
        // Something this reader does not need (e.g. a generic constraint); skip it.
      }
    }
  }
  return { imports, types };
}

/** Value of key `key` in a Go struct tag, e.g. tagValue('json:"a,omitempty" yaml:"a"', "json") = "a,omitempty". */
export function tagValue(tag: string, key: string): string {
  const m = new RegExp(`(?:^|\\s)${key}:"((?:[^"\\\\]|\\\\.)*)"`).exec(tag);
  return m ? m[1] : "";
}
