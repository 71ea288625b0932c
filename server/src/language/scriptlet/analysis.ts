// One analysis of a scriptlet text: parse (error-tolerant), resolve (when it parses), and a
// per-function table of inferred variable types. Everything the editor features ask for
// is answered from here; it is computed once per document version.
import { reparse, type ParsedText } from "../../starlark/syntax/incremental";
import type { DefStmt, DotExpr, Expr, File, LambdaExpr, Node, Stmt, SyntaxDiagnostic } from "../../starlark/syntax/ast";
import { collectChildren } from "../../starlark/syntax/walk";
import { isUniverseName, resolveFile } from "../../starlark/resolve";
import { scriptletDialect } from "../../incus/knowledge/scriptlets";
import { builtin, predeclaredNames, scriptletKind } from "../../incus/knowledge/scriptlets";
import { LineIndex } from "../../incus/scriptlet/positions";
import type { ScriptletContext } from "./context";
import { elementType, fromTypeRef, objectType, typesFor, UNKNOWN, type SType } from "./types";

export type Scope = DefStmt | LambdaExpr | File;

const COMPARISONS = new Set(["==", "!=", "<", ">", "<=", ">=", "in", "not in"]);
const STR_LIST_METHODS = new Set(["split", "rsplit", "splitlines", "elems", "codepoints"]);
const STR_STR_METHODS = new Set(["lower", "upper", "strip", "lstrip", "rstrip", "replace", "format", "join", "title", "capitalize", "removeprefix", "removesuffix"]);
const STR_BOOL_METHODS = new Set(["startswith", "endswith", "isdigit", "isalpha"]);
const STR_INT_METHODS = new Set(["find", "index", "count", "rfind"]);

export class Analysis {
  readonly file: File;
  readonly syntaxErrors: SyntaxDiagnostic[];
  readonly resolveErrors: SyntaxDiagnostic[];
  private linesCache: LineIndex | undefined;
  readonly predeclared: Set<string>;
  /** Variable types per scope (function or file). */
  private readonly env = new Map<Scope, Map<string, SType>>();
  /** Functions in source order, for "which scope is this offset in". */
  private readonly functions: (DefStmt | LambdaExpr)[] = [];
  private entryNameCache: string | undefined;
  /** builtin() answers per name (it searches the whole builtin table). */
  private readonly builtinCache = new Map<string, ReturnType<typeof builtin>>();

  /** The parse, for the next version's incremental re-parse (see incremental.ts). */
  readonly parsed: ParsedText;

  /** `previous`: the parse of an earlier version of this document, reused where the text is
   *  unchanged; its tree is taken over (the analysis it came from must not be used again). */
  constructor(readonly uri: string, readonly text: string, readonly ctx: ScriptletContext, previous?: ParsedText) {
    const info = scriptletKind(ctx.kind, ctx.version);
    const parsed = reparse(info.programName, previous, text);
    this.parsed = parsed;
    this.file = parsed.file;
    this.syntaxErrors = parsed.errors;
    this.predeclared = new Set(predeclaredNames(ctx.kind, ctx.version));
    // Resolve even a broken file: bindings help completion; its errors are only reported
    // when the file parses, as Incus would only get that far then.
    let resolveErrors: SyntaxDiagnostic[] = [];
    try {
      resolveErrors = resolveFile(this.file, {
        dialect: scriptletDialect(ctx.version),
        isPredeclared: (n) => this.predeclared.has(n),
        isUniversal: isUniverseName,
      });
    } catch {
      resolveErrors = [];
    }
    this.resolveErrors = this.syntaxErrors.length ? [] : resolveErrors;
    this.inferScope(this.file, this.file.stmts);
  }

  /** Line starts of the text, for LSP positions: built on first use (a clean file's
   *  diagnostics never need it). */
  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.text));
  }

  get entryName(): string {
    return (this.entryNameCache ??= scriptletKind(this.ctx.kind, this.ctx.version).entry.name);
  }

  /** The innermost function containing `offset` (or the file). */
  scopeAt(offset: number): Scope {
    let best: Scope = this.file;
    for (const f of this.functions) if (f.start.offset <= offset && offset <= f.end.offset) best = f;
    return best;
  }

  /** The type of variable `name` as seen from `scope`. */
  variableType(name: string, scope: Scope): SType {
    const local = this.env.get(scope)?.get(name);
    if (local) return local;
    return this.env.get(this.file)?.get(name) ?? UNKNOWN;
  }

  variables(scope: Scope): Map<string, SType> {
    const out = new Map(this.env.get(this.file) ?? []);
    if (scope !== this.file) for (const [k, v] of this.env.get(scope) ?? []) out.set(k, v);
    return out;
  }

  /** The inferred type of `e`. Chains whose type follows from their left operand
   *  (`a.b.c`, `x[0][1]`, `s + t + ...`, `a.f().g()`) are walked with a loop: they can be
   *  thousands of terms long. */
  typeOf(e: Expr | undefined, scope: Scope): SType {
    if (!e) return UNKNOWN;
    const spine: Expr[] = [];
    let n: Expr = e;
    for (;;) {
      if (n.kind === "ParenExpr" || n.kind === "DotExpr" || n.kind === "IndexExpr" || (n.kind === "BinaryExpr" && n.op === "+")) {
        spine.push(n);
        n = n.x;
      } else if (n.kind === "CallExpr" && n.fn.kind === "DotExpr") {
        spine.push(n);
        n = n.fn.x;
      } else break;
    }
    let t = this.leafType(n, scope);
    for (let i = spine.length - 1; i >= 0; i--) t = this.typeAfterLeft(spine[i], t);
    return t;
  }

  /** The type of a chain node whose left operand has type `left` (see typeOf). */
  private typeAfterLeft(e: Expr, left: SType): SType {
    const v = this.ctx.version;
    switch (e.kind) {
      case "DotExpr": {
        const t = objectType(left, v);
        if (!t) return UNKNOWN;
        const f = typesFor(v).field(t, e.name.name);
        return f ? fromTypeRef(f.type) : UNKNOWN;
      }
      case "IndexExpr":
        return left.k === "list" || left.k === "dict" ? left.of : UNKNOWN;
      case "CallExpr":
        return this.methodType(left, (e.fn as DotExpr).name.name);
      default: // ParenExpr, BinaryExpr "+"
        return left;
    }
  }

  private leafType(e: Expr, scope: Scope): SType {
    switch (e.kind) {
      case "Ident":
        return this.variableType(e.name, scope);
      case "Literal":
        return e.token === "STRING" ? { k: "str" } : e.token === "INT" ? { k: "int" } : e.token === "FLOAT" ? { k: "float" } : { k: "bytes" };
      case "ListExpr":
        return { k: "list", of: e.list.length ? this.typeOf(e.list[0], scope) : UNKNOWN };
      case "DictExpr":
        return { k: "dict", of: e.list.length ? this.typeOf(e.list[0].value, scope) : UNKNOWN };
      case "Comprehension":
        return e.curly ? { k: "dict", of: UNKNOWN } : { k: "list", of: UNKNOWN };
      case "CallExpr":
        return this.callType(e.fn, e.args, scope);
      case "CondExpr":
        return this.typeOf(e.trueX, scope);
      case "BinaryExpr":
        return COMPARISONS.has(e.op) ? { k: "bool" } : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private callType(fn: Expr, args: Expr[], scope: Scope): SType {
    if (fn.kind === "Ident") {
      if (this.predeclared.has(fn.name) && this.variableType(fn.name, scope).k === "unknown") {
        let b = this.builtinCache.get(fn.name);
        if (b === undefined && !this.builtinCache.has(fn.name)) {
          b = builtin(this.ctx.kind, fn.name, this.ctx.version);
          this.builtinCache.set(fn.name, b);
        }
        return b ? fromTypeRef(b.returns) : UNKNOWN;
      }
      switch (fn.name) {
        case "len": case "int": case "hash": case "ord":
          return { k: "int" };
        case "str": case "repr": case "type": case "chr":
          return { k: "str" };
        case "bool": case "hasattr": case "any": case "all":
          return { k: "bool" };
        case "sorted": case "reversed": case "list": {
          const t = this.typeOf(args[0], scope);
          return t.k === "list" ? t : { k: "list", of: elementType(t) };
        }
        case "dict":
          return { k: "dict", of: UNKNOWN };
        case "range":
          return { k: "list", of: { k: "int" } };
      }
      return UNKNOWN;
    }
    if (fn.kind === "DotExpr") return this.methodType(this.typeOf(fn.x, scope), fn.name.name);
    return UNKNOWN;
  }

  /** The result type of method `m` of a value of type `recv`. */
  private methodType(recv: SType, m: string): SType {
    if (recv.k === "dict") {
      if (m === "get" || m === "pop" || m === "setdefault") return recv.of;
      if (m === "keys") return { k: "list", of: { k: "str" } };
      if (m === "values") return { k: "list", of: recv.of };
    }
    if (recv.k === "str") {
      if (STR_LIST_METHODS.has(m)) return { k: "list", of: { k: "str" } };
      if (STR_STR_METHODS.has(m)) return { k: "str" };
      if (STR_BOOL_METHODS.has(m)) return { k: "bool" };
      if (STR_INT_METHODS.has(m)) return { k: "int" };
    }
    if (recv.k === "list" && m === "pop") return recv.of;
    return UNKNOWN;
  }

  // ---- inference -----------------------------------------------------------------

  private scopeEnv(scope: Scope): Map<string, SType> {
    let env = this.env.get(scope);
    if (!env) this.env.set(scope, (env = new Map()));
    return env;
  }

  private bind(scope: Scope, name: string, t: SType): void {
    const env = this.scopeEnv(scope);
    const old = env.get(name);
    if (!old || old.k === "unknown") env.set(name, t);
  }

  private inferScope(scope: Scope, body: Stmt[]): void {
    for (let i = 0; i < body.length; i++) this.inferStmt(scope, body[i]);
  }

  private inferStmt(scope: Scope, s: Stmt): void {
    switch (s.kind) {
      case "DefStmt": {
        this.functions.push(s);
        this.bind(scope, s.name.name, { k: "function" });
        this.bindParams(s, s.params, s.name.name === this.entryName && scope === this.file);
        this.inferScope(s, s.body);
        this.inferNested(s, s.body);
        return;
      }
      case "AssignStmt":
        if (s.op === "=") this.bindTarget(scope, s.lhs, this.typeOf(s.rhs, scope));
        return;
      case "ForStmt":
        this.bindTarget(scope, s.vars, elementType(this.typeOf(s.x, scope)), this.pairTypes(s.x, scope));
        this.inferScope(scope, s.body);
        return;
      case "WhileStmt":
        this.inferScope(scope, s.body);
        return;
      case "IfStmt":
        this.inferScope(scope, s.trueBody);
        this.inferScope(scope, s.falseBody);
        return;
      default:
        this.inferExprScopes(scope, s);
    }
  }

  /** Comprehension variables and lambdas inside expressions. */
  private inferExprScopes(scope: Scope, n: Node): void {
    const outer = this.exprScope;
    this.exprScope = scope;
    this.visitExprScopes(n);
    this.exprScope = outer;
  }

  /** The scope inferExprScopes is working in. */
  private exprScope: Scope | undefined;

  /** inferExprScopes' traversal: pre-order, not into lambdas and nested defs. Iterative
   *  (an explicit stack), as trees nest as deep as the input does. */
  private visitExprScopes(root: Node): void {
    const stack: Node[] = [root];
    const kids: Node[] = [];
    while (stack.length > 0) {
      const x = stack.pop()!;
      switch (x.kind) {
        case "LambdaExpr":
          this.functions.push(x);
          this.bindParams(x, x.params, false);
          continue;
        case "ForClause": {
          const scope = this.exprScope!;
          this.bindTarget(scope, x.vars, elementType(this.typeOf(x.x, scope)), this.pairTypes(x.x, scope));
          break;
        }
        case "DefStmt":
        case "Ident":
        case "Literal":
          continue;
      }
      collectChildren(x, kids);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      kids.length = 0;
    }
  }

  private inferNested(scope: Scope, body: Stmt[]): void {
    for (let i = 0; i < body.length; i++) if (body[i].kind !== "DefStmt") this.inferExprScopes(scope, body[i]);
  }

  /** For `for k, v in d.items()` / `for i, x in enumerate(l)`: the two element types. */
  private pairTypes(x: Expr, scope: Scope): [SType, SType] | undefined {
    if (x.kind !== "CallExpr") return undefined;
    if (x.fn.kind === "DotExpr" && x.fn.name.name === "items") {
      const d = this.typeOf(x.fn.x, scope);
      if (d.k === "dict") return [{ k: "str" }, d.of];
    }
    if (x.fn.kind === "Ident" && x.fn.name === "enumerate") return [{ k: "int" }, elementType(this.typeOf(x.args[0], scope))];
    return undefined;
  }

  private bindTarget(scope: Scope, lhs: Expr, t: SType, pair?: [SType, SType]): void {
    if (lhs.kind === "Ident") this.bind(scope, lhs.name, t);
    else if ((lhs.kind === "TupleExpr" || lhs.kind === "ListExpr" || lhs.kind === "ParenExpr")) {
      const items = lhs.kind === "ParenExpr" ? [lhs.x] : lhs.list;
      items.forEach((item, i) => this.bindTarget(scope, item, pair && items.length === 2 ? pair[i] : UNKNOWN));
    }
  }

  private bindParams(fn: DefStmt | LambdaExpr, params: Expr[], isEntry: boolean): void {
    const spec = isEntry ? scriptletKind(this.ctx.kind, this.ctx.version).entry.params : [];
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const id = p.kind === "Ident" ? p : p.kind === "BinaryExpr" && p.x.kind === "Ident" ? p.x : p.kind === "UnaryExpr" && p.x?.kind === "Ident" ? p.x : undefined;
      if (!id) continue;
      const typed = spec.find((s) => s.name === id.name);
      this.bind(fn, id.name, typed ? fromTypeRef(typed.type) : UNKNOWN);
    }
  }
}
