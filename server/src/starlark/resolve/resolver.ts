// Name resolution for Starlark files: a port of go.starlark.net/resolve (resolve.go at
// 42030a7, the version Debian ships and Incus 6.0.4 vendors). Every message and position
// follows it, and errors are reported in the same order, so that the first one equals what
// go.starlark.net's ErrorList prints. Comments name the Go functions being ported.
//
// In brief (see resolve.go's package comment for the long version): a first pass walks the
// file, binding names in blocks (file, function, comprehension) and recording every use in
// its enclosing container (function or file). On leaving a function, its local uses are
// resolved; the rest are resolved at the end of the file, bottom-up, by a lexical lookup that
// turns captured locals into cells and gives each nested function its free variables.
//
// One deliberate difference: like later go.starlark.net (#599, in the versions Incus
// 6.0.5+/7.x vendor), the loop count restarts in each function, so `break` in a def nested
// in a loop is "break not in a loop"; 42030a7's compiler crashes on it instead.
import type {
  Comprehension, Expr, File, Ident, LoadStmt, Position, Stmt, SyntaxDiagnostic,
} from "../syntax/ast";
import { bindParameters, resolveCallArguments, type Scoping } from "./arguments";
import type { Binding, FunctionInfo, ModuleInfo } from "./binding";
import { type Block, cellIndexes, lookupLocal, newBlock, type Use } from "./blocks";
import type { Dialect } from "./dialect";
import { Speller } from "./spell";
import { elifOf } from "../syntax/elif";

export interface ResolveOptions {
  dialect: Dialect;
  /** Names the host predeclares for this module (the Incus builtins of a scriptlet kind). */
  isPredeclared(name: string): boolean;
  /** Names of the universe (len, None, ...): see UNIVERSE_NAMES. */
  isUniversal(name: string): boolean;
}

/**
 * What lies outside one top-level statement when statements are resolved one at a time
 * (incremental.ts): the resolver records the statement's top-level bindings instead of
 * making them (they depend on the statements before it), and asks for the name behind each
 * use that reaches the file block (it depends on every statement's bindings).
 */
export interface OuterScope {
  /** A global binding made by `id` at top level; `at`: the number of errors reported so far
   *  (where "cannot reassign" would go). */
  bindGlobal(id: Ident, at: number): void;
  /** A binding put in the module's locals (a top-level comprehension's variable). */
  moduleLocal(bind: Binding, at: number): void;
  /** The binding of a use that reaches the file block (useToplevel's answer). */
  useToplevel(use: Use, resolver: Resolver): Binding;
}

/** Prefix of go.starlark.net's dialect errors (its `doesnt` constant). */
const DOESNT = "this Starlark dialect does not ";

/** go.starlark.net's error for `set` in a dialect without sets. */
export const NO_SETS = DOESNT + "support sets";

/** A position `n` columns to the right on the same line (for ends of keywords/operators). */
function advance(pos: Position, n: number): Position {
  return { line: pos.line, col: pos.col + n, offset: pos.offset + n };
}

/** go.starlark.net names a node by its Go type, lower-cased ("can't assign to callexpr");
 *  our node kinds are those type names. */
function goTypeName(e: Expr): string {
  return e.kind.toLowerCase();
}

export class Resolver {
  private readonly file: Block = newBlock();
  private env: Block = this.file;
  private readonly moduleLocals: Binding[] = [];
  private readonly moduleGlobals: Binding[] = [];
  /** Global name → binding, and the memo of predeclared/universal lookups. */
  private readonly globals = new Map<string, Binding>();
  private readonly predeclared = new Map<string, Binding>();
  /** Every function met, to list its cells once resolution is complete. */
  private readonly functions: FunctionInfo[] = [];
  /** Enclosing for/while loops in the current function (or at top level). */
  private loops = 0;
  /** Enclosing if statements. */
  private ifstmts = 0;
  private readonly speller = new Speller();
  readonly diagnostics: SyntaxDiagnostic[] = [];
  /** What the argument and parameter rules (arguments.ts) need from the resolver. */
  private readonly scope: Scoping = {
    error: (pos, end, msg) => this.error(pos, end, msg),
    expr: (e) => this.expr(e),
    bind: (id) => this.bind(id),
  };

  constructor(private readonly path: string, private readonly opts: ResolveOptions, private readonly outer?: OuterScope) {}

  private get dialect(): Dialect {
    return this.opts.dialect;
  }

  /** go.starlark.net REPLChunk (without REPL globals): resolve a whole file. */
  /** Resolves one top-level statement on its own against the resolver's OuterScope
   *  (incremental.ts), in two steps: the walk (bindings and local uses), then — once the
   *  outer scope knows every statement's globals — the uses that reach the file block, as
   *  resolveFile does at the end of the file. Returns the error counts after each step. */
  walkTopLevelStatement(stmt: Stmt): number {
    this.stmt(stmt);
    return this.diagnostics.length;
  }

  finishTopLevelStatement(): number {
    this.resolveLocalUses(this.file);
    const children = this.file.children;
    for (let i = 0; i < children.length; i++) this.resolveNonLocalUses(children[i]);
    const afterChildren = this.diagnostics.length;
    const ids = this.file.useIds, envs = this.file.useEnvs;
    for (let i = 0; i < ids.length; i++) ids[i].binding = this.lookupLexical({ id: ids[i], env: envs[i] }, envs[i]);
    for (const fn of this.functions) fn.cells = cellIndexes(fn.locals);
    return afterChildren;
  }

  /** The module locals this resolver made (a statement's, see walkTopLevelStatement). */
  get topLevelLocals(): readonly Binding[] {
    return this.moduleLocals;
  }

  resolveFile(file: File): void {
    this.stmts(file.stmts);
    this.resolveLocalUses(this.file);
    // Function bodies may refer to globals declared later: resolve all non-local uses now.
    this.resolveNonLocalUses(this.file);

    for (const fn of this.functions) fn.cells = cellIndexes(fn.locals);
    const module: ModuleInfo = {
      locals: this.moduleLocals,
      globals: this.moduleGlobals,
      cells: cellIndexes(this.moduleLocals),
    };
    file.module = module;
  }

  error(pos: Position, end: Position, msg: string, code: "resolve" | "dialect" = "resolve"): void {
    this.diagnostics.push({ pos, end, msg, code });
  }

  private formatPos(id: Ident | undefined): string {
    return id ? `${this.path}:${id.start.line}:${id.start.col}` : this.path;
  }

  /** The innermost function block, or the file block (go.starlark.net `container`). */
  private container(): Block {
    for (let b: Block | undefined = this.env; b; b = b.parent) {
      if (b.fn || b === this.file) return b;
    }
    return this.file;
  }

  private push(b: Block): void {
    this.env.children.push(b);
    b.parent = this.env;
    this.env = b;
  }

  private pop(): void {
    this.env = this.env.parent ?? this.file;
  }

  // ---- binding and use ---------------------------------------------------------------

  /** go.starlark.net `bind`: a global binding at top level (refusing a second one unless
   *  globalReassign), a local one elsewhere. Returns whether a binding already existed. */
  private bind(id: Ident): boolean {
    if (this.env !== this.file) return this.bindLocal(id);
    if (this.outer) {
      this.outer.bindGlobal(id, this.diagnostics.length);
      return false;
    }

    let bind = this.file.bindings.get(id.name) ?? this.globals.get(id.name);
    const existed = bind !== undefined;
    if (!bind) {
      bind = { scope: "global", index: this.moduleGlobals.length, first: id };
      this.globals.set(id.name, bind);
      this.moduleGlobals.push(bind);
    }
    if (existed && !this.dialect.globalReassign) {
      this.error(id.start, id.end,
        `cannot reassign ${bind.scope} ${id.name} declared at ${this.formatPos(bind.first)}`, "dialect");
    }
    id.binding = bind;
    return existed;
  }

  /** go.starlark.net `bindLocal`: a new local slot in the current container, unless the
   *  current block already binds the name. */
  private bindLocal(id: Ident): boolean {
    const existed = this.env.bindings.has(id.name);
    if (!existed) {
      const locals = this.container().fn?.locals ?? this.moduleLocals;
      const bind: Binding = { scope: "local", index: locals.length, first: id };
      this.env.bindings.set(id.name, bind);
      locals.push(bind);
      if (this.outer && locals === this.moduleLocals) this.outer.moduleLocal(bind, this.diagnostics.length);
    }
    this.use(id);
    return existed;
  }

  /** go.starlark.net `use`: record a reference, to be resolved when its container is left
   *  (or, in the legacy globalReassign dialect, resolve a top-level use right away, so a
   *  global must be defined before it is used). */
  private use(id: Ident): void {
    if (this.dialect.globalReassign && this.env === this.file) {
      this.useToplevel({ id, env: this.env });
      return;
    }
    const c = this.container();
    c.useIds.push(id);
    c.useEnvs.push(this.env);
  }

  /** go.starlark.net `useToplevel`: a name visible at top level: file-local, global,
   *  predeclared, universal, or undefined (an error, with a spelling suggestion). */
  private useToplevel(use: Use): Binding {
    const id = use.id;
    if (this.outer) return (id.binding = this.outer.useToplevel(use, this));
    let bind = this.file.bindings.get(id.name) ?? this.globals.get(id.name) ?? this.predeclared.get(id.name);
    if (!bind) {
      if (this.opts.isPredeclared(id.name)) {
        bind = { scope: "predeclared", index: 0 };
        this.predeclared.set(id.name, bind);
      } else if (this.opts.isUniversal(id.name)) {
        if (!this.dialect.set && id.name === "set") {
          this.error(id.start, id.end, NO_SETS, "dialect");
        }
        bind = { scope: "universal", index: 0 };
        this.predeclared.set(id.name, bind);
      } else {
        // Not memoised here: each top-level use of an undefined name is reported.
        bind = { scope: "undefined", index: 0 };
        const suggestion = this.spellcheck(use);
        const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
        this.error(id.start, id.end, `undefined: ${id.name}${hint}`);
      }
    }
    id.binding = bind;
    return bind;
  }

  /** go.starlark.net `spellcheck`: the nearest name among those bound (or already looked
   *  up) in the enclosing blocks, and the module's globals. */
  private spellcheck(use: Use): string {
    return this.spellcheckAmong(use, this.moduleGlobals);
  }

  /** spellcheck, with the module's globals given (see OuterScope). */
  spellcheckAmong(use: Use, moduleGlobals: readonly Binding[]): string {
    const names: string[] = [];
    for (let b: Block | undefined = use.env; b; b = b.parent) names.push(...b.bindings.keys());
    for (const bind of moduleGlobals) if (bind.first) names.push(bind.first.name);
    return this.speller.nearestInSortedOrder(use.id.name, names);
  }

  /** go.starlark.net `block.resolveLocalUses`: on leaving a container, resolve the uses of
   *  its own locals and keep the others (free, global, ...) for the end of the file. */
  private resolveLocalUses(b: Block): void {
    // In place: the resolved uses go, the others keep their order.
    const ids = b.useIds, envs = b.useEnvs;
    let kept = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i], env = envs[i];
      const bind = lookupLocal(id.name, env);
      if (bind && (bind.scope === "local" || bind.scope === "cell")) {
        id.binding = bind;
      } else {
        ids[kept] = id;
        envs[kept] = env;
        kept++;
      }
    }
    ids.length = kept;
    envs.length = kept;
  }

  /** go.starlark.net `resolveNonLocalUses`: inner blocks first, then this one's uses. */
  private resolveNonLocalUses(b: Block): void {
    for (let i = 0; i < b.children.length; i++) this.resolveNonLocalUses(b.children[i]);
    const ids = b.useIds, envs = b.useEnvs;
    for (let i = 0; i < ids.length; i++) ids[i].binding = this.lookupLexical({ id: ids[i], env: envs[i] }, envs[i]);
  }

  /** go.starlark.net `lookupLexical`: look a use up from `env` outwards; a local of an
   *  enclosing function becomes a cell there and a free variable of each function in
   *  between. Results are memoised in each block, so a name is captured (or reported as
   *  undefined) at most once per function. */
  private lookupLexical(use: Use, env: Block): Binding {
    if (env === this.file) return this.useToplevel(use);

    let bind = env.bindings.get(use.id.name);
    if (bind) return bind;

    bind = this.lookupLexical(use, env.parent ?? this.file);
    if (env.fn && (bind.scope === "local" || bind.scope === "free" || bind.scope === "cell")) {
      if (bind.scope === "local") bind.scope = "cell";
      const index = env.fn.freeVars.length;
      env.fn.freeVars.push(bind);
      bind = { scope: "free", index, first: bind.first };
    }
    env.bindings.set(use.id.name, bind);
    return bind;
  }

  // ---- statements --------------------------------------------------------------------

  private stmts(stmts: readonly Stmt[]): void {
    for (let i = 0; i < stmts.length; i++) this.stmt(stmts[i]);
  }

  private atTopLevel(): boolean {
    return this.container().fn === undefined;
  }

  /** go.starlark.net `resolver.stmt`. */
  private stmt(stmt: Stmt): void {
    switch (stmt.kind) {
      case "ExprStmt":
        this.expr(stmt.x);
        break;

      case "BranchStmt":
        if (this.loops === 0 && (stmt.token === "break" || stmt.token === "continue")) {
          this.error(stmt.tokenPos, advance(stmt.tokenPos, stmt.token.length), `${stmt.token} not in a loop`);
        }
        break;

      case "IfStmt": {
        // An elif chain nests each IfStmt in the one before's else: walked with a loop, in
        // Go's (recursive) order, as Go takes 100,000 elifs and our stack would not.
        let s = stmt;
        let depth = 0;
        for (;;) {
          if (!this.dialect.topLevelControl && this.atTopLevel()) {
            this.error(s.ifPos, advance(s.ifPos, 2), "if statement not within a function", "dialect");
          }
          this.expr(s.cond);
          this.ifstmts++;
          depth++;
          this.stmts(s.trueBody);
          const elif = elifOf(s);
          if (!elif) break;
          s = elif;
        }
        this.stmts(s.falseBody);
        this.ifstmts -= depth;
        break;
      }

      case "AssignStmt":
        this.expr(stmt.rhs);
        this.assign(stmt.lhs, stmt.op !== "=");
        break;

      case "DefStmt": {
        this.bind(stmt.name);
        const fn = this.newFunction(stmt.name.name, stmt.defPos);
        stmt.function = fn;
        this.function(fn, stmt.params, () => this.stmts(stmt.body));
        break;
      }

      case "ForStmt":
        if (!this.dialect.topLevelControl && this.atTopLevel()) {
          this.error(stmt.forPos, advance(stmt.forPos, 3), "for loop not within a function", "dialect");
        }
        this.expr(stmt.x);
        this.assign(stmt.vars, false);
        this.loops++;
        this.stmts(stmt.body);
        this.loops--;
        break;

      case "WhileStmt": {
        const end = advance(stmt.whilePos, 5);
        if (!this.dialect.while) {
          this.error(stmt.whilePos, end, DOESNT + "support while loops", "dialect");
        }
        if (!this.dialect.topLevelControl && this.atTopLevel()) {
          this.error(stmt.whilePos, end, "while loop not within a function", "dialect");
        }
        this.expr(stmt.cond);
        this.loops++;
        this.stmts(stmt.body);
        this.loops--;
        break;
      }

      case "ReturnStmt":
        if (this.atTopLevel()) {
          this.error(stmt.returnPos, advance(stmt.returnPos, 6), "return statement not within a function");
        }
        if (stmt.result) this.expr(stmt.result);
        break;

      case "LoadStmt":
        this.load(stmt);
        break;
    }
  }

  /** The LoadStmt case of go.starlark.net `resolver.stmt`. */
  private load(stmt: LoadStmt): void {
    // A load statement may not be nested in any other statement.
    const end = advance(stmt.loadPos, 4);
    if (!this.atTopLevel()) {
      this.error(stmt.loadPos, end, "load statement within a function");
    } else if (this.loops > 0) {
      this.error(stmt.loadPos, end, "load statement within a loop");
    } else if (this.ifstmts > 0) {
      this.error(stmt.loadPos, end, "load statement within a conditional");
    }

    stmt.from.forEach((from, i) => {
      if (from.name === "") {
        this.error(from.start, from.end, "load: empty identifier");
        return;
      }
      if (from.name.startsWith("_")) {
        this.error(from.start, from.end, `load: names with leading underscores are not exported: ${from.name}`);
      }
      const id = stmt.to[i];
      if (!id) return;
      if (this.dialect.loadBindsGlobally) {
        this.bind(id);
      } else if (this.bindLocal(id) && !this.dialect.globalReassign) {
        // As in Go, the previous declaration cannot be named: its binding may not be set yet.
        this.error(id.start, id.end, `cannot reassign top-level ${id.name}`, "dialect");
      }
    });
  }

  /** go.starlark.net `resolver.assign`: bind the names an assignment target introduces. */
  private assign(lhs: Expr, isAugmented: boolean): void {
    switch (lhs.kind) {
      case "Ident":
        this.bind(lhs);
        break;
      case "IndexExpr":
        this.expr(lhs.x);
        this.expr(lhs.y);
        break;
      case "DotExpr":
        this.expr(lhs.x);
        break;
      case "TupleExpr":
      case "ListExpr":
        if (isAugmented) {
          const what = lhs.kind === "TupleExpr" ? "tuple" : "list";
          this.error(lhs.start, lhs.end, `can't use ${what} expression in augmented assignment`);
        }
        for (let i = 0; i < lhs.list.length; i++) this.assign(lhs.list[i], isAugmented);
        break;
      case "ParenExpr":
        this.assign(lhs.x, isAugmented);
        break;
      case "BadExpr":
        break; // the parser has reported it
      default:
        this.error(lhs.start, lhs.end, `can't assign to ${goTypeName(lhs)}`);
    }
  }

  // ---- expressions -------------------------------------------------------------------

  /** go.starlark.net `resolver.expr`. The parser builds operator and postfix chains
   *  (`a + b + ...`, `x.f(y)[i]...`) without nesting limit, so their left spine is walked
   *  with a loop, not recursion; the order (left operand first) is Go's. */
  private expr(e: Expr | undefined): void {
    if (!e) return;
    if (!hasLeftOperand(e)) {
      this.exprLeaf(e);
      return;
    }
    // The spine goes on a stack shared by all (nested) calls: this call's part is
    // spine[base..top), and nested calls leave the stack as they found it.
    const spine = this.spine;
    const base = spine.length;
    let node: Expr = e;
    for (let left = leftOperand(node); left; left = leftOperand(node)) {
      spine.push(node);
      node = left;
    }
    if (hasLeftOperand(node)) spine.push(node); // its left operand is missing (bad input)
    else this.exprLeaf(node);
    for (let i = spine.length - 1; i >= base; i--) this.exprAfterLeftOperand(spine[i]);
    spine.length = base;
  }

  /** See expr. */
  private readonly spine: Expr[] = [];

  /** The rest of a spine node once its left operand is resolved. */
  private exprAfterLeftOperand(e: Expr): void {
    switch (e.kind) {
      case "BinaryExpr":
      case "IndexExpr":
        this.expr(e.y);
        break;
      case "SliceExpr":
        this.expr(e.lo);
        this.expr(e.hi);
        this.expr(e.step);
        break;
      case "CallExpr":
        resolveCallArguments(this.scope, e);
        break;
      case "DotExpr":
        break; // the field name is not a reference
    }
  }

  /** Expressions without a left operand. */
  private exprLeaf(e: Expr): void {
    switch (e.kind) {
      case "Ident":
        this.use(e);
        break;
      case "Literal":
      case "BadExpr":
        break;
      case "ListExpr":
      case "TupleExpr":
        for (let i = 0; i < e.list.length; i++) this.expr(e.list[i]);
        break;
      case "CondExpr":
        this.expr(e.cond);
        this.expr(e.trueX);
        this.expr(e.falseX);
        break;
      case "DictEntry":
        this.expr(e.key);
        this.expr(e.value);
        break;
      case "Comprehension":
        this.comprehension(e);
        break;
      case "DictExpr":
        for (let i = 0; i < e.list.length; i++) this.expr(e.list[i]);
        break;
      case "UnaryExpr":
        this.expr(e.x);
        break;
      case "LambdaExpr": {
        const fn = this.newFunction("lambda", e.lambda);
        e.function = fn;
        // go.starlark.net resolves the body as a synthetic `return body`.
        this.function(fn, e.params, () => this.expr(e.body));
        break;
      }
      case "ParenExpr":
        this.expr(e.x);
        break;
    }
  }

  /** The Comprehension case of go.starlark.net `resolver.expr`. */
  private comprehension(e: Comprehension): void {
    const [first, ...rest] = e.clauses;
    // The first clause's operand is resolved in the outer block: consider [x for x in x].
    if (first?.kind === "ForClause") this.expr(first.x);

    // A comprehension is a new lexical block whose locals get slots in the enclosing
    // container's locals.
    this.push(newBlock({ comp: e }));
    if (first?.kind === "ForClause") this.assign(first.vars, false);
    else if (first) this.expr(first.cond);
    for (const clause of rest) {
      if (clause.kind === "IfClause") {
        this.expr(clause.cond);
      } else {
        this.assign(clause.vars, false);
        this.expr(clause.x);
      }
    }
    this.expr(e.body); // may be a DictEntry
    this.pop();
  }

  // ---- functions ---------------------------------------------------------------------

  private newFunction(name: string, pos: Position): FunctionInfo {
    const fn: FunctionInfo = {
      pos, name, hasVarargs: false, hasKwargs: false, numKwonlyParams: 0, locals: [], cells: [], freeVars: [],
    };
    this.functions.push(fn);
    return fn;
  }

  /** go.starlark.net `resolver.function`: defaults in the enclosing block, then the
   *  parameters (with their ordering rules, arguments.ts) and the body in a new block. */
  private function(fn: FunctionInfo, params: readonly Expr[], resolveBody: () => void): void {
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      if (param.kind === "BinaryExpr") this.expr(param.y);
    }

    const b = newBlock({ fn });
    this.push(b);
    const outerLoops = this.loops;
    this.loops = 0;

    bindParameters(this.scope, fn, params);

    resolveBody();

    // Resolve the uses of this function's locals; keep the free/global ones for later.
    this.resolveLocalUses(b);
    this.pop();
    this.loops = outerLoops;
  }
}

/** Kinds whose first operand is resolved first and may itself be a long chain. */
function hasLeftOperand(e: Expr): boolean {
  return e.kind === "BinaryExpr" || e.kind === "DotExpr" || e.kind === "IndexExpr"
    || e.kind === "SliceExpr" || e.kind === "CallExpr";
}

/** The operand go.starlark.net resolves first (x, or the callee), if present. */
function leftOperand(e: Expr): Expr | undefined {
  switch (e.kind) {
    case "BinaryExpr":
    case "DotExpr":
    case "IndexExpr":
    case "SliceExpr":
      return e.x;
    case "CallExpr":
      return e.fn;
    default:
      return undefined;
  }
}
