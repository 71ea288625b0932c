// Incremental name resolution for editors: after an edit, only the top-level statements the
// re-parse made anew (syntax/incremental.ts), and those whose outside changed, are resolved
// again. The result — every identifier's binding, every function's FunctionInfo, the file's
// ModuleInfo and the errors, in go.starlark.net's order — equals resolveFile's (a randomized
// test compares the two after each of many edits).
//
// Why a statement can be resolved on its own: in the dialects handled here (no global
// reassignment, no file-local `load` — Incus's), what a top-level statement's walk does
// depends only on the statement, except its top-level bindings (a global is made by the
// first statement that binds the name; a later one is "cannot reassign"), which are
// recorded as events and replayed in file order, and the uses that reach the file block
// (resolved at the end of the file against all globals, the predeclared names and the
// universe), which each statement records with their answers ("imports"). A statement
// whose object is unchanged keeps its resolution while each name it imported still has the
// same binding; its global bindings are the same objects from version to version (their
// index and first identifier are updated in place), so the statement's tree stays right.
// Files with load statements, or other dialects, are resolved whole (resolveFile).
import type { File, Ident, Position, Stmt, SyntaxDiagnostic } from "../syntax/ast";
import type { Binding } from "./binding";
import { cellIndexes, type Use } from "./blocks";
import { NO_SETS, Resolver, type OuterScope, type ResolveOptions } from "./resolver";

/** A position relative to the start of its top-level statement (line and offset
 *  differences; columns stay as they are, since a kept statement's text does not change). */
interface RelativePosition {
  line: number;
  col: number;
  offset: number;
}

interface RelativeError {
  msg: string;
  code: SyntaxDiagnostic["code"];
  pos: RelativePosition;
  end: RelativePosition;
  from?: RelativePosition;
}

/** A top-level binding of the statement's walk: a global (`id`) or a module local. `at`:
 *  errors reported before it. */
interface TopLevelEvent {
  at: number;
  id?: Ident;
  local?: Binding;
}

/** One top-level statement's resolution. */
export interface StatementResolution {
  readonly stmt: Stmt;
  events: TopLevelEvent[];
  /** The statement's own errors: the walk's [0, walkEnd), those of the uses in its
   *  functions and comprehensions [walkEnd, childEnd), those of its top-level uses after. */
  errors: RelativeError[];
  walkEnd: number;
  childEnd: number;
  /** Name → the binding a use reaching the file block got (null: undefined); undefined
   *  when there are none (most statements of a big file). */
  imports: Map<string, Binding | null> | undefined;
  /** A use was undefined: its "did you mean" depends on every global name. */
  undefinedUse: boolean;
  /** Between the walk and the finish. */
  resolver?: Resolver;
}

/** A global bound a second time: its error is worded when the errors are assembled (it
 *  names the first binding's line, which edits above it move). */
interface Reassignment {
  stmt: Stmt;
  at: number;
  id: Ident;
  bind: Binding;
}

export class IncrementalResolver implements OuterScope {
  /** The previous version's records, aligned with its top-level statements. */
  private records: StatementResolution[] | undefined;
  /** Global name → binding, kept from version to version while the name stays global. */
  private globals = new Map<string, Binding>();
  private moduleGlobals: Binding[] = [];
  private moduleLocals: Binding[] = [];
  private readonly predeclared = new Map<string, Binding>();
  private reassignments: Reassignment[] = [];
  /** The record being resolved (for useToplevel). */
  private current: StatementResolution | undefined;

  constructor(private readonly path: string, private readonly opts: ResolveOptions) {}

  /** Whether this file can be resolved a statement at a time (else: resolveFile). */
  static handles(file: File, opts: ResolveOptions): boolean {
    if (opts.dialect.globalReassign || opts.dialect.loadBindsGlobally) return false;
    const stmts = file.stmts;
    for (let i = 0; i < stmts.length; i++) if (stmts[i].kind === "LoadStmt") return false;
    return true;
  }

  /** The records of the last resolve, aligned with its file's statements: a record is a new
   *  object whenever its statement was resolved again (callers key their own caches on it). */
  get statementRecords(): readonly StatementResolution[] {
    return this.records ?? [];
  }

  /** Resolves `file` in place, reusing the previous version's work (see the file comment);
   *  `file` must be handled (IncrementalResolver.handles). Returns resolveFile's errors. */
  resolve(file: File): SyntaxDiagnostic[] {
    try {
      return this.resolveIncrementally(file);
    } catch (e) {
      // A bug here must not take the editor down: start over next time, say what happened.
      this.records = undefined;
      this.globals = new Map();
      const pos = { line: 1, col: 1, offset: 0 };
      return [{ pos, end: pos, msg: `internal error: ${e instanceof Error ? e.message : String(e)}`, code: "resolve" }];
    }
  }

  private resolveIncrementally(file: File): SyntaxDiagnostic[] {
    const stmts = file.stmts;
    const last = this.records ?? [];
    const n = stmts.length, m = last.length;
    // Reuse by identity: the re-parse keeps the statements before and after the edit.
    let p = 0;
    while (p < n && p < m && last[p].stmt === stmts[p]) p++;
    let q = 0;
    while (q < n - p && q < m - p && last[m - 1 - q].stmt === stmts[n - 1 - q]) q++;
    let middle: Map<Stmt, StatementResolution> | undefined;
    if (m - q > p) {
      middle = new Map();
      for (let i = p; i < m - q; i++) middle.set(last[i].stmt, last[i]);
    }
    const added: StatementResolution[] = [];
    const between: StatementResolution[] = [];
    for (let i = p; i < n - q; i++) {
      const old = middle?.get(stmts[i]);
      if (old) middle!.delete(stmts[i]);
      const r = old ?? this.walk(stmts[i]);
      between.push(r);
      if (!old) added.push(r);
    }
    const records = last.slice(0, p).concat(between, last.slice(m - q));
    const removed = middle ? [...middle.values()] : [];
    const unfinished = added.slice();
    let localsChanged = this.records === undefined || added.some(hasLocals) || removed.some(hasLocals);
    // Global bindings change only when statements with other top-level bindings come or go
    // (typing inside a def replaces it with a def of the same name).
    const topChanged = this.records === undefined || !this.sameGlobalNames(removed, added);

    if (topChanged) {
      // Only the names the added and removed statements bind can change (all, the first time).
      let touched: Set<string> | undefined;
      if (this.records !== undefined) {
        touched = new Set();
        for (const r of [...removed, ...added]) for (const e of r.events) if (e.id) touched.add(e.id.name);
      }
      const changed = this.replayGlobals(records, touched);
      if (changed.size > 0) {
        // Statements whose imported names now mean something else are resolved again.
        for (let i = 0; i < n; i++) {
          const r = records[i];
          if (r.resolver || (!r.imports && !r.undefinedUse)) continue;
          let stale = r.undefinedUse;
          if (!stale) for (const name of changed) if (r.imports!.has(name)) { stale = true; break; }
          if (stale) {
            records[i] = this.walk(r.stmt);
            unfinished.push(records[i]);
            if (hasLocals(r)) localsChanged = true;
          }
        }
      }
    }
    if (localsChanged) {
      // Module locals (top-level comprehension variables) are numbered in file order.
      const moduleLocals: Binding[] = [];
      for (let i = 0; i < n; i++) {
        const events = records[i].events;
        for (let k = 0; k < events.length; k++) {
          const local = events[k].local;
          if (local) {
            local.index = moduleLocals.length;
            moduleLocals.push(local);
          }
        }
      }
      this.moduleLocals = moduleLocals;
    }
    for (const r of unfinished) this.finish(r);
    this.records = records;
    file.module = { locals: this.moduleLocals, globals: this.moduleGlobals, cells: cellIndexes(this.moduleLocals) };
    return this.errors(records);
  }

  /** Whether the statements `added` bind the same global names, in the same order, as those
   *  `removed` (at the same place in the file): then the globals stay as they are, and the
   *  added statements' identifiers take the removed ones' places. */
  private sameGlobalNames(removed: readonly StatementResolution[], added: readonly StatementResolution[]): boolean {
    const before: Ident[] = [], after: { id: Ident; at: number; stmt: Stmt }[] = [];
    for (const r of removed) for (const e of r.events) if (e.id) before.push(e.id);
    for (const r of added) for (const e of r.events) if (e.id) after.push({ id: e.id, at: e.at, stmt: r.stmt });
    if (before.length !== after.length) return false;
    for (let k = 0; k < before.length; k++) if (before[k].name !== after[k].id.name) return false;
    if (before.length === 0) return true;
    const gone = new Set<Stmt>(removed.map((r) => r.stmt));
    const reassignments = this.reassignments.filter((x) => !gone.has(x.stmt));
    for (let k = 0; k < before.length; k++) {
      const bind = before[k].binding!;
      const { id, at, stmt } = after[k];
      if (bind.first === before[k]) bind.first = id;
      else reassignments.push({ stmt, at, id, bind });
      id.binding = bind;
    }
    this.reassignments = reassignments;
    return true;
  }

  /** The walk of one statement (its top-level bindings recorded, not made). */
  private walk(stmt: Stmt): StatementResolution {
    const r: StatementResolution = {
      stmt, events: [], errors: [], walkEnd: 0, childEnd: 0, imports: undefined, undefinedUse: false,
    };
    const resolver = new Resolver(this.path, this.opts, this);
    this.current = r;
    r.walkEnd = resolver.walkTopLevelStatement(stmt);
    this.current = undefined;
    r.resolver = resolver;
    return r;
  }

  /** The rest of one statement's resolution, once the globals are known. */
  private finish(r: StatementResolution): void {
    const resolver = r.resolver!;
    this.current = r;
    r.childEnd = resolver.finishTopLevelStatement();
    this.current = undefined;
    r.resolver = undefined;
    const start = r.stmt.start;
    r.errors = resolver.diagnostics.map((d) => ({
      msg: d.msg, code: d.code, pos: relative(d.pos, start), end: relative(d.end, start), from: d.from && relative(d.from, start),
    }));
  }

  /** go.starlark.net `bind` at top level, for every statement in file order: the global
   *  bindings (kept objects, renumbered), the identifiers that bind them, and the
   *  reassignments. Returns the names that became or stopped being global. `touched`: the
   *  only names whose bindings may have changed since the last replay (the others' first
   *  identifiers are as they were, so a name per event need not be looked up). */
  private replayGlobals(records: readonly StatementResolution[], touched?: ReadonlySet<string>): Set<string> {
    const before = this.globals;
    const globals = touched ? before : new Map<string, Binding>();
    const made = new Map<string, Binding>();
    const moduleGlobals: Binding[] = [];
    const reassignments: Reassignment[] = [];
    for (let i = 0; i < records.length; i++) {
      const events = records[i].events;
      for (let k = 0; k < events.length; k++) {
        const id = events[k].id;
        if (!id) continue;
        let bind: Binding | undefined;
        if (touched && !touched.has(id.name)) {
          bind = id.binding!;
          if (bind.first !== id) {
            reassignments.push({ stmt: records[i].stmt, at: events[k].at, id, bind });
            continue;
          }
        } else {
          bind = made.get(id.name);
          if (bind) {
            reassignments.push({ stmt: records[i].stmt, at: events[k].at, id, bind });
            id.binding = bind;
            continue;
          }
          bind = before.get(id.name) ?? { scope: "global", index: 0 };
          bind.first = id;
          made.set(id.name, bind);
          id.binding = bind;
        }
        bind.index = moduleGlobals.length;
        moduleGlobals.push(bind);
      }
    }
    const changed = new Set<string>();
    if (touched) {
      for (const name of touched) {
        const now = made.get(name);
        if (!now !== !before.has(name)) changed.add(name);
        if (now) globals.set(name, now);
        else globals.delete(name);
      }
    } else {
      for (const [name, bind] of made) globals.set(name, bind);
      for (const name of globals.keys()) if (!before.has(name)) changed.add(name);
      for (const name of before.keys()) if (!globals.has(name)) changed.add(name);
    }
    this.globals = globals;
    this.moduleGlobals = moduleGlobals;
    this.reassignments = reassignments;
    return changed;
  }

  /** All errors in resolveFile's order: each statement's walk (with its reassignments),
   *  then the uses in functions and comprehensions, then the top-level uses; of the
   *  "does not support sets" errors only the file's first stays (go.starlark.net memoises
   *  the name after its first lookup). */
  private errors(all: readonly StatementResolution[]): SyntaxDiagnostic[] {
    const out: SyntaxDiagnostic[] = [];
    const byStmt = new Map<Stmt, Reassignment[]>();
    for (const x of this.reassignments) {
      let list = byStmt.get(x.stmt);
      if (!list) byStmt.set(x.stmt, (list = []));
      list.push(x);
    }
    for (const list of byStmt.values()) list.sort((x, y) => x.at - y.at);
    // Most statements have no errors: the three passes go over those that have.
    const records: StatementResolution[] = [];
    for (let i = 0; i < all.length; i++) if (all[i].errors.length > 0 || byStmt.has(all[i].stmt)) records.push(all[i]);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const re = byStmt.get(r.stmt);
      if (r.walkEnd === 0 && !re) continue;
      let k = 0;
      for (let e = 0; e <= r.walkEnd; e++) {
        while (re && k < re.length && re[k].at === e) out.push(this.reassignment(re[k++]));
        if (e < r.walkEnd) out.push(absolute(r.errors[e], r.stmt.start));
      }
    }
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      for (let e = r.walkEnd; e < r.childEnd; e++) out.push(absolute(r.errors[e], r.stmt.start));
    }
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      for (let e = r.childEnd; e < r.errors.length; e++) out.push(absolute(r.errors[e], r.stmt.start));
    }
    if (this.opts.dialect.set) return out;
    let seen = false;
    return out.filter((d) => {
      if (d.msg !== NO_SETS || d.code !== "dialect") return true;
      const first = !seen;
      seen = true;
      return first;
    });
  }

  private reassignment(x: Reassignment): SyntaxDiagnostic {
    const first = x.bind.first;
    const where = first ? `${this.path}:${first.start.line}:${first.start.col}` : this.path;
    return { pos: x.id.start, end: x.id.end, msg: `cannot reassign ${x.bind.scope} ${x.id.name} declared at ${where}`, code: "dialect" };
  }

  // ---- OuterScope ----------------------------------------------------------------------

  bindGlobal(id: Ident, at: number): void {
    this.current!.events.push({ at, id });
  }

  moduleLocal(bind: Binding, at: number): void {
    this.current!.events.push({ at, local: bind });
  }

  /** go.starlark.net `useToplevel` against all globals (no file-local loads here). Every
   *  lookup of `set` without sets reports: errors() keeps the file's first. */
  useToplevel(use: Use, resolver: Resolver): Binding {
    const r = this.current!;
    const id = use.id;
    const name = id.name;
    let bind = this.globals.get(name) ?? this.predeclared.get(name);
    if (!bind) {
      if (this.opts.isPredeclared(name)) bind = { scope: "predeclared", index: 0 };
      else if (this.opts.isUniversal(name)) bind = { scope: "universal", index: 0 };
      if (bind) this.predeclared.set(name, bind);
    }
    if (!bind) {
      bind = { scope: "undefined", index: 0 };
      const suggestion = resolver.spellcheckAmong(use, this.moduleGlobals);
      resolver.error(id.start, id.end, `undefined: ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`);
      r.undefinedUse = true;
      (r.imports ??= new Map()).set(name, null);
      return bind;
    }
    if (bind.scope === "universal" && name === "set" && !this.opts.dialect.set) resolver.error(id.start, id.end, NO_SETS, "dialect");
    (r.imports ??= new Map()).set(name, bind);
    return bind;
  }
}

function hasLocals(r: StatementResolution): boolean {
  return r.events.some((e) => e.local !== undefined);
}

function relative(p: Position, start: Position): RelativePosition {
  return { line: p.line - start.line, col: p.col, offset: p.offset - start.offset };
}

function toAbsolute(p: RelativePosition, start: Position): Position {
  return { line: start.line + p.line, col: p.col, offset: start.offset + p.offset };
}

function absolute(e: RelativeError, start: Position): SyntaxDiagnostic {
  const d: SyntaxDiagnostic = { pos: toAbsolute(e.pos, start), end: toAbsolute(e.end, start), msg: e.msg, code: e.code };
  if (e.from) d.from = toAbsolute(e.from, start);
  return d;
}
