// One analysis of a scriptlet text: parse (error-tolerant), resolve (when it parses), and a
// per-function table of inferred variable types. Everything the editor features ask for
// is answered from here; it is computed once per document version.
//
// A new version of a document is analysed from the previous version's analysis, a top-level
// statement at a time (statement-cache.ts): the re-parse keeps the statement objects the edit
// did not touch, the resolver keeps their resolution while the globals they use keep their
// meaning, and the inference keeps a statement's types while the file-level types it read are
// unchanged. The result equals a fresh analysis (a randomized test compares them).
import { reparse, type ParsedText } from "../../starlark/syntax/incremental";
import type { DefStmt, DotExpr, Expr, File, LambdaExpr, Node, Stmt, SyntaxDiagnostic } from "../../starlark/syntax/ast";
import { collectChildren } from "../../starlark/syntax/walk";
import { ifChainBodies } from "../../starlark/syntax/elif";
import { IncrementalResolver, isUniverseName, resolveFile, type ResolveOptions } from "../../starlark/resolve";
import { scriptletDialect } from "../../incus/knowledge/scriptlets";
import { builtin, predeclaredNames, scriptletKind } from "../../incus/knowledge/scriptlets";
import type { ScriptletContext } from "./context";
import type { OutlineRecord } from "./outline-cache";
import { LineTable } from "./line-table";
import { align, fileTypes, sameType, type FileTypes, type InferenceRecord, type LintRecord } from "./statement-cache";
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
  private linesCache: LineTable | undefined;
  readonly predeclared: Set<string>;
  /** Variable types of the file scope. */
  private fileEnv = new Map<string, SType>();
  /** Variable types per function scope: shared by the analyses of one document's versions
   *  (the scopes of unchanged statements are the same objects; see inferStatements). */
  private readonly scopeEnvs: WeakMap<Scope, Map<string, SType>>;
  /** While a statement's inference or lint runs for the caches: the file-level types it
   *  read or bound, as they were when first touched. */
  private touches: Map<string, SType | undefined> | undefined;
  /** Per top-level statement: its inference (aligned with file.stmts). */
  readonly inference: InferenceRecord[];
  /** The incremental resolver, when this file can be resolved a statement at a time. */
  readonly resolver: IncrementalResolver | undefined;
  /** The lint results per statement (diagnostics.ts fills them in), for the next version;
   *  until then, the latest an earlier version left. */
  lintRecords: LintRecord[] | undefined;
  /** The same for the outline (outline-cache.ts). */
  outlineRecords: OutlineRecord[] | undefined;
  /** Functions in source order, for "which scope is this offset in". */
  private functions: (DefStmt | LambdaExpr)[] = [];
  private entryNameCache: string | undefined;
  /** builtin() answers per name (it searches the whole builtin table). */
  private readonly builtinCache = new Map<string, ReturnType<typeof builtin>>();

  /** The parse, for the next version's incremental re-parse (see incremental.ts). */
  readonly parsed: ParsedText;

  /** `previous`: an earlier version of this document — its analysis (everything reusable is
   *  reused when the context is the same) or only its parse. Its tree is taken over where the
   *  text is unchanged: the analysis it came from must not be used again. `forEdits`: keep
   *  what the next version can reuse (an editor's document; the default when there is a
   *  previous analysis). Without it, a one-off analysis (`check`) resolves the file in one
   *  pass, which costs less than a statement at a time. */
  constructor(readonly uri: string, readonly text: string, readonly ctx: ScriptletContext, previous?: ParsedText | Analysis, forEdits = previous instanceof Analysis) {
    const info = scriptletKind(ctx.kind, ctx.version);
    const before = previous instanceof Analysis && sameContext(previous.ctx, ctx) ? previous : undefined;
    const parsed = reparse(info.programName, previous instanceof Analysis ? previous.parsed : previous, text);
    this.parsed = parsed;
    this.file = parsed.file;
    this.syntaxErrors = parsed.errors;
    const predeclared = (this.predeclared = before?.predeclared ?? new Set(predeclaredNames(ctx.kind, ctx.version)));
    // Resolve even a broken file: bindings help completion; its errors are only reported
    // when the file parses, as Incus would only get that far then.
    const opts: ResolveOptions = { dialect: scriptletDialect(ctx.version), isPredeclared: (n) => predeclared.has(n), isUniversal: isUniverseName };
    let resolveErrors: SyntaxDiagnostic[] = [];
    if (forEdits && IncrementalResolver.handles(this.file, opts)) {
      this.resolver = before?.resolver ?? new IncrementalResolver(this.file.path, opts);
      resolveErrors = this.resolver.resolve(this.file);
    } else {
      try {
        resolveErrors = resolveFile(this.file, opts);
      } catch {
        resolveErrors = [];
      }
    }
    this.resolveErrors = this.syntaxErrors.length ? [] : resolveErrors;
    this.scopeEnvs = before?.scopeEnvs ?? new WeakMap();
    this.inference = before ? this.reinferStatements(before) : this.inferStatements();
    this.lintRecords = before?.lintRecords;
    this.outlineRecords = before?.outlineRecords;
    if (before) {
      this.earlierLines = before.linesCache ?? before.earlierLines;
      // The previous analysis is done with: what it holds now belongs to this one.
      before.lintRecords = undefined;
      before.outlineRecords = undefined;
    }
  }

  /** An earlier version's line table, to make this one's from (see lines). */
  private earlierLines: LineTable | undefined;

  /** Line starts of the text, for LSP positions: made on first use (a clean file's
   *  diagnostics never need it), from an earlier version's when there is one. */
  get lines(): LineTable {
    if (!this.linesCache) {
      this.linesCache = LineTable.from(this.earlierLines, this.text);
      this.earlierLines = undefined;
    }
    return this.linesCache;
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
    if (scope !== this.file) {
      const local = this.scopeEnvs.get(scope)?.get(name);
      if (local) return local;
    }
    const t = this.fileEnv.get(name);
    if (this.touches && !this.touches.has(name)) this.touches.set(name, t);
    return t ?? UNKNOWN;
  }

  variables(scope: Scope): Map<string, SType> {
    // In the order the names were first bound (the file types' own order may differ: a
    // re-analysis patches them, see reinferStatements).
    const out = new Map<string, SType>();
    for (const r of this.inference) {
      for (const name of r.bindNames) if (!out.has(name)) out.set(name, this.fileEnv.get(name)!);
    }
    if (scope !== this.file) for (const [k, v] of this.scopeEnvs.get(scope) ?? []) out.set(k, v);
    return out;
  }

  /** Runs `fn` (a statement's lint, for the lint cache) and returns with its result the
   *  file-level types it read. */
  recordingFileTypes<T>(fn: () => T): { result: T; read: FileTypes } {
    const outer = this.touches;
    const read = (this.touches = new Map());
    try {
      return { result: fn(), read: fileTypes(read) };
    } finally {
      this.touches = outer;
    }
  }

  /** Whether the file-level types `read` are still those of this analysis. */
  sameFileTypes(read: FileTypes): boolean {
    const { names, types } = read;
    for (let i = 0; i < names.length; i++) if (!sameType(this.fileEnv.get(names[i]), types[i])) return false;
    return true;
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

  /** The inference of every top-level statement in order. */
  private inferStatements(): InferenceRecord[] {
    const stmts = this.file.stmts;
    const records: InferenceRecord[] = new Array(stmts.length);
    for (let i = 0; i < stmts.length; i++) records[i] = this.inferStatement(stmts[i], undefined);
    return records;
  }

  /**
   * The inference of every top-level statement from the previous version's (`before`, whose
   * file types and function list this one takes over). The records of the statements before
   * the edit hold (the same statements precede them). Those the edit put in its place are
   * inferred against the file types at their place (a view of the earlier statements' binds).
   * When they bind the same names to the same types as the statements they replaced (typing
   * inside a function), the rest holds too: the file types and the function list are the
   * previous version's, with the edited statements' functions swapped. Otherwise every later
   * record is checked against the file types at its place, as the binds are replayed.
   */
  private reinferStatements(before: Analysis): InferenceRecord[] {
    const previous = before.inference;
    const stmts = this.file.stmts;
    const n = stmts.length, m = previous.length;
    const { records: kept, prefix, suffix } = align(previous, stmts);
    const records: InferenceRecord[] = new Array(n);
    this.fileEnv = new PrefixTypes(previous, prefix);
    for (let i = prefix; i < n - suffix; i++) records[i] = this.inferStatement(stmts[i], kept[i]);
    const replaced = previous.slice(prefix, m - suffix);
    const edited = records.slice(prefix, n - suffix);
    for (let i = 0; i < prefix; i++) records[i] = previous[i];
    for (let k = 0; k < suffix; k++) records[n - 1 - k] = previous[m - 1 - k];
    const takeOver = () => {
      let first = 0;
      for (let i = 0; i < prefix; i++) first += previous[i].functions.length;
      let count = 0;
      for (const r of replaced) count += r.functions.length;
      this.fileEnv = before.fileEnv;
      this.functions = before.functions;
      this.functions.splice(first, count, ...edited.flatMap((r) => r.functions));
    };
    if (sameBinds(replaced, edited)) {
      takeOver();
      return records;
    }
    // The file types after the edit differ from before it only in the names the replaced
    // and the edited statements bind: a later record that touched none of them holds.
    const names = new Set<string>();
    for (const r of replaced) for (const name of r.bindNames) names.add(name);
    for (const r of edited) for (const name of r.bindNames) names.add(name);
    let laterTouch = false;
    for (let i = n - suffix; i < n && !laterTouch; i++) laterTouch = touchesAny(records[i], names);
    if (!laterTouch) {
      // (A def renamed.) Only those names' types change: set them as all the binds leave them.
      takeOver();
      const types = new Map<string, SType>();
      for (const r of records) {
        for (let k = 0; k < r.bindNames.length; k++) {
          const name = r.bindNames[k];
          if (!names.has(name)) continue;
          const old = types.get(name);
          if (!old || old.k === "unknown") types.set(name, r.bindTypes[k]);
        }
      }
      for (const name of names) {
        const t = types.get(name);
        if (t) this.fileEnv.set(name, t);
        else this.fileEnv.delete(name);
      }
      return records;
    }
    this.fileEnv = new Map();
    this.functions = [];
    for (let i = 0; i < n; i++) {
      const r = records[i];
      records[i] = i < n - suffix || !touchesAny(r, names) ? this.replay(r) : this.inferStatement(stmts[i], r);
    }
    return records;
  }

  /** A statement's inference: its record `r` replayed when it still holds, else anew. */
  private inferStatement(stmt: Stmt, r: InferenceRecord | undefined): InferenceRecord {
    if (r && this.sameFileTypes(r.touched)) return this.replay(r);
    // Inferred again: its function scopes start empty (bind keeps the first type).
    if (r) for (const f of r.functions) this.scopeEnvs.delete(f);
    const rec: InferenceRecord = { stmt, touched: { names: [], types: [] }, bindNames: [], bindTypes: [], functions: [] };
    const firstFunction = this.functions.length;
    const touched = (this.touches = new Map());
    this.recordBinds = rec;
    try {
      this.inferStmt(this.file, stmt);
    } finally {
      this.touches = undefined;
      this.recordBinds = undefined;
    }
    rec.touched = fileTypes(touched);
    rec.functions = this.functions.slice(firstFunction);
    return rec;
  }

  /** A record's file-level binds and functions, as if its statement were inferred. */
  private replay(r: InferenceRecord): InferenceRecord {
    for (let k = 0; k < r.bindNames.length; k++) this.bindFile(r.bindNames[k], r.bindTypes[k]);
    for (let k = 0; k < r.functions.length; k++) this.functions.push(r.functions[k]);
    return r;
  }

  /** The record whose file-level binds are being recorded (see inferStatements). */
  private recordBinds: InferenceRecord | undefined;

  private bindFile(name: string, t: SType): void {
    const old = this.fileEnv.get(name);
    if (!old || old.k === "unknown") this.fileEnv.set(name, t);
  }

  private bind(scope: Scope, name: string, t: SType): void {
    if (scope === this.file) {
      const r = this.recordBinds;
      if (r) {
        if (!this.touches!.has(name)) this.touches!.set(name, this.fileEnv.get(name));
        r.bindNames.push(name);
        r.bindTypes.push(t);
      }
      this.bindFile(name, t);
      return;
    }
    let env = this.scopeEnvs.get(scope);
    if (!env) this.scopeEnvs.set(scope, (env = new Map()));
    const old = env.get(name);
    if (!old || old.k === "unknown") env.set(name, t);
  }

  private inferScope(scope: Scope, body: readonly Stmt[]): void {
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
        for (const body of ifChainBodies(s)) this.inferScope(scope, body);
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

function sameContext(a: ScriptletContext, b: ScriptletContext): boolean {
  return a.kind === b.kind && a.version === b.version && (a.cluster === b.cluster || JSON.stringify(a.cluster) === JSON.stringify(b.cluster));
}

/** Whether the records `before` (of the statements an edit replaced) and `after` (of those
 *  it put there) bind the same file-level names to the same types in the same order. */
function sameBinds(before: readonly InferenceRecord[], after: readonly InferenceRecord[]): boolean {
  const names = (rs: readonly InferenceRecord[]) => rs.flatMap((r) => r.bindNames);
  const types = (rs: readonly InferenceRecord[]) => rs.flatMap((r) => r.bindTypes);
  const n1 = names(before), n2 = names(after);
  if (n1.length !== n2.length || n1.some((n, k) => n !== n2[k])) return false;
  const t1 = types(before), t2 = types(after);
  return t1.every((t, k) => sameType(t, t2[k]));
}

/** The file-level types as the first `count` statements of `records` leave them, each name
 *  looked up (in their binds) on first use; binds made through it come on top. */
class PrefixTypes extends Map<string, SType> {
  private readonly looked = new Set<string>();

  constructor(private readonly records: readonly InferenceRecord[], private readonly count: number) {
    super();
  }

  override get(name: string): SType | undefined {
    if (!this.looked.has(name)) {
      this.looked.add(name);
      if (!super.has(name)) {
        let t: SType | undefined;
        for (let i = 0; i < this.count; i++) {
          const r = this.records[i];
          for (let k = 0; k < r.bindNames.length; k++) if (r.bindNames[k] === name && (!t || t.k === "unknown")) t = r.bindTypes[k];
        }
        if (t) super.set(name, t);
      }
    }
    return super.get(name);
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

function touchesAny(r: InferenceRecord, names: ReadonlySet<string>): boolean {
  const touched = r.touched.names;
  for (let i = 0; i < touched.length; i++) if (names.has(touched[i])) return true;
  return false;
}
