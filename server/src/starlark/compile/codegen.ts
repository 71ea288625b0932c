// Compiles a resolved Starlark file to the JS source of a program factory (see program.ts).
// The shape of the generated code follows go.starlark.net/internal/compile: same evaluation
// order, same operations, and each fallible operation is a call marked with the position
// that compile.go gives it with setPos (call: `(`, binary op: the operator, index: `[`,
// dot: `.`, for loop: `for`, unpacking: the `=`/`for`, dict entry: `:`).
import type * as A from "../syntax/ast";
import type { Binding, FunctionInfo } from "../resolve/binding";
import { type Frag, mark, positionEntry, render, wrapMark } from "./fragments";
import { jsString, jsSafeName } from "./jsLiteral";
import { entryPosition } from "./entryPosition";
import { elifChain } from "./codegen-elif";
import { leftOf, leftSpine, logicalOperands } from "./codegen-chain";
import { SafeSet } from "./codegen-safe";
import { blockDepth, INLINE_BLOCK_DEPTH, inlinesIterable, listLiteral, nestedComprehension } from "./codegen-comprehension";
import { localsArray, localVarName, tempDeclarations, tempName } from "./codegen-temps";
import { PRELUDE } from "./prelude";
import { itemsCall, pairTargets, type ItemsCall } from "./codegen-items";
import { ValueKinds, type ValueKind } from "./value-kinds";
import { rangeBoundParams } from "./param-speculation";
import type { CompiledProgram, PositionTable } from "./program";

const MAX_SAFE = "9007199254740991";

/** A comprehension's first iterable, evaluated before it starts: its temp, or, for
 *  `k, v in d.items()`, the receiver's temp. */
type Evaluated = string | { recv: string };

/** What value-kinds.ts knows of a binary operation's two operands. */
type Kinds = readonly [ValueKind | undefined, ValueKind | undefined];
const NO_KINDS: Kinds = [undefined, undefined];

/** The runtime's attribute-slot prefix (runtime/values.ts ATTR_SLOT: the compiler does not
 *  import the runtime). */
const ATTR_SLOT = "$a_";
/** Beyond this many characters an argument is not written twice (see call: keyword tables). */
const SMALL_ARGUMENT = 400;

/** The text length of a fragment tree, counted up to `limit`. */
function fragSize(f: Frag, limit: number): number {
  let size = 0;
  const stack: Frag[] = [f];
  while (stack.length > 0 && size < limit) {
    const x = stack.pop()!;
    if (typeof x === "string") size += x.length;
    else if (Array.isArray(x)) for (const y of x as readonly Frag[]) stack.push(y);
  }
  return size;
}

/** The runtime's keyword-table prefix (runtime/values.ts KEYWORD_TABLE). */
const KEYWORD_TABLE = "$kt_";

/** Attribute names that can follow `.` in JS as they are (ASCII identifiers). */
const JS_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** String methods (name + number of positional arguments) with a direct runtime entry,
 *  `$rt.stringFast` (runtime/methods/string-fast.ts). */
const STRING_FAST = new Set(["upper0", "lower0", "startswith1", "endswith1", "replace2", "split1", "join1", "strip0", "find1"]);

/** A Starlark identifier as the runtime sees names: a UTF-8 byte string. */
function bytesOf(name: string): string {
  return Buffer.from(name, "utf8").toString("latin1");
}

/** One Starlark function being compiled (the module top level is function 0). */
interface FnScope {
  id: number;
  /** The text a lazily compiled function's JS lives in: `<tag>_<id>` of its outermost
   *  enclosing function (a top-level def or lambda); undefined at the top level. */
  lazyKey?: string;
  /** Name for backtraces: "<toplevel>", "lambda" or the def's name. */
  name: string;
  locals: Binding[];
  freeVars: Binding[];
  parent?: FnScope;
  temps: number;
  /** Its parameters (the first locals), which stay JS parameters (codegen-temps.ts). */
  numParams?: number;
  /** Variables known to be assigned at this point: "l<i>" locals, "f<i>" free vars,
   *  "g<i>" globals. Reads of these need no "referenced before assignment" check. */
  safe: SafeSet;
  /** Closures that deeply nested expressions were cut into (see Codegen.nest). */
  cuts?: Frag[];
  /** Which of its expressions can only be ints or strings (value-kinds.ts). */
  kinds: ValueKinds;
}

/** Every this many levels of expression nesting, the generated JS is cut (see nest). */
const CUT_EVERY = 24;

class Codegen {
  private nextFn = 1;
  private readonly hoisted: Frag[] = [];
  private readonly constants: string[] = [];
  private readonly constIndex = new Map<string, string>();
  private readonly universals = new Set<string>();
  /** The runtime's direct string-method entries (name + arity) the program uses. */
  private readonly stringFast = new Set<string>();
  /** Predeclared names used, in order; the JS name of each is `$p<index>`. */
  private readonly predeclared = new Map<string, number>();
  private readonly loads: string[] = [];
  private readonly entries: Record<string, [string, number, number]> = {};
  /** Position tables of the lazily compiled functions, keyed `lazyKey@line:col`. */
  private readonly lazyPositions: PositionTable = {};
  private lazyCount = 0;
  private readonly lazyTag = (lazySerial++).toString(36);
  /** Nesting depth of the expression being compiled (see nest). */
  private depth = 0;
  private nextCut = 0;
  /** Left operands of a flattened chain already evaluated into a temp (see chain.ts). */
  private readonly evaluated = new Map<A.Expr, string>();

  private readonly smallIntResults: ReadonlySet<string>;
  /** The module's value kinds (its globals' too), made first. */
  private moduleKinds?: ValueKinds;

  constructor(private readonly file: A.File, private readonly opts: GenerateOptions) {
    this.smallIntResults = new Set(opts.smallIntResults ?? []);
  }

  compile(): CompiledProgram {
    const mod = this.file.module;
    if (!mod) throw new Error("compile: file is not resolved");
    this.moduleKinds = new ValueKinds(this.file.stmts, [], this.smallIntResults);
    const top: FnScope = {
      id: 0, name: "<toplevel>", locals: mod.locals, freeVars: [], temps: 0, safe: SafeSet.empty(), kinds: this.moduleKinds,
    };
    const body: Frag[] = [];
    this.stmts(top, this.file.stmts, body, "  ");
    const topFn: Frag[] = ["function $toplevel() {\n", this.declareLocals(top, 0, "  "), body, "  return null;\n}\n"];

    const globals = mod.globals.map((b) => b.first?.name ?? "?");
    const head: Frag[] = [
      "(function ($rt, $env) {\n",
      PRELUDE,
      `const $P = $env.predeclared || {};\n`,
      `const $gn = [${globals.map((g) => jsString(bytesOf(g))).join(", ")}];\n`,
      `const $g = new Array(${globals.length});\n`,
      `const $d = [];\n`,
      // A function descriptor, as $makeFunction takes it (same fields, same order).
      "const $desc = (name, pos, params, numParams, numKwonly, hasVarargs, hasKwargs, impl) => ",
      "({ name, pos, params, numParams, numKwonly, hasVarargs, hasKwargs, impl });\n",
    ];
    for (const u of this.universals) head.push(`const $u_${jsSafeName(u)} = $U[${jsString(u)}];\n`);
    for (const m of this.stringFast) head.push(`const $s_${m} = $rt.stringFast.${m};\n`);
    for (const [p, i] of this.predeclared) head.push(`const $p${i} = $P[${jsString(bytesOf(p))}];\n`);
    for (const c of this.constants) head.push(c);
    if (this.lazyCount > 0) {
      // A direct eval sees the factory's names, as the function would have in place.
      // The first call of any of them compiles them all: it is made at most as deep as the
      // first call of a function of the program can be (QuickJS compiles on the host's
      // stack, so a function first called at the end of a deep call chain could exhaust it).
      head.push(
        "const $lazy = [];\n",
        "function $compile($src) { return eval($src); }\n",
        "function $compileAll() { let i = 0; try { for (; i < $lazy.length; i += 2) $lazy[i].impl = $compile($lazy[i + 1]); } finally { $lazy.splice(0, i); } }\n",
        "const $lazyDesc = (d, src) => { d.impl = function () { $compileAll(); return d.impl.apply(null, arguments); }; $lazy.push(d, src); return d; };\n",
      );
    }
    const all: Frag = [head, this.hoisted, topFn, "return { toplevel: $toplevel, globals: $g, globalNames: $gn };\n})"];
    const { text, marks } = render(all);
    const positions: PositionTable = { ...this.lazyPositions };
    for (const m of marks) {
      positions[`${m.jsLine}:${m.jsCol}`] = positionEntry(m);
    }
    return { path: this.file.path, js: text, positions, globals, loads: this.loads, recursion: !!this.opts.recursion, entries: this.entries };
  }

  // ---- names -------------------------------------------------------------------------

  private localName(fn: FnScope, index: number): string {
    return localVarName(fn.id, index, fn.numParams ?? 0);
  }

  /** The JS variable holding the cell of free variable `index` of `fn`. */
  private freeCell(fn: FnScope, index: number): string {
    const outer = fn.freeVars[index];
    const parent = fn.parent;
    if (!parent) throw new Error("free variable at top level");
    if (outer.scope === "free") return this.freeCell(parent, outer.index);
    return this.localName(parent, outer.index);
  }

  private temp(fn: FnScope): string {
    return tempName(fn.temps++);
  }

  private constant(key: string, init: string): string {
    let name = this.constIndex.get(key);
    if (!name) {
      name = `$k${this.constIndex.size}`;
      this.constIndex.set(key, name);
      this.constants.push(`const ${name} = ${init};\n`);
    }
    return name;
  }

  private declareLocals(fn: FnScope, numParams: number, indent: string): Frag {
    const out: string[] = [];
    const names: string[] = [];
    for (let i = numParams; i < fn.locals.length; i++) {
      const n = this.localName(fn, i);
      if (!n.includes("[")) names.push(n); // (spilled ones are in localsArray's array)
    }
    names.push(...tempDeclarations(fn.temps), ...localsArray(fn.id, fn.locals.length, numParams));
    if (names.length) out.push(`${indent}var ${names.join(", ")};\n`);
    for (let i = 0; i < fn.locals.length; i++) {
      if (fn.locals[i].scope !== "cell") continue;
      const n = this.localName(fn, i);
      out.push(`${indent}${n} = { v: ${i < numParams ? n : "undefined"} };\n`);
    }
    return fn.cuts ? [out, fn.cuts] : out;
  }

  // ---- variables ---------------------------------------------------------------------

  private read(fn: FnScope, id: A.Ident): Frag {
    const b = id.binding;
    if (!b) throw new Error(`unresolved identifier ${id.name}`);
    const nameLit = jsString(bytesOf(id.name));
    const checked = (value: string, key: string, helper: string): Frag =>
      fn.safe.has(key) ? value : ["(", value, " !== undefined ? ", value, ` : ${helper}`, mark(fn.name, id.start), `(${nameLit}))`];
    switch (b.scope) {
      case "local":
        return checked(this.localName(fn, b.index), `l${b.index}`, "$ulc");
      case "cell":
        return checked(this.localName(fn, b.index) + ".v", `l${b.index}`, "$ulc");
      case "free":
        return checked(this.freeCell(fn, b.index) + ".v", `f${b.index}`, "$ulc");
      case "global":
        return checked(`$g[${b.index}]`, `g${b.index}`, "$ugl");
      case "predeclared": {
        let i = this.predeclared.get(id.name);
        if (i === undefined) this.predeclared.set(id.name, (i = this.predeclared.size));
        return checked(`$p${i}`, `p:${id.name}`, "$upd");
      }
      case "universal":
        if (id.name === "None") return "null";
        if (id.name === "True") return "true";
        if (id.name === "False") return "false";
        this.universals.add(id.name);
        return `$u_${jsSafeName(id.name)}`;
      default:
        throw new Error(`undefined identifier ${id.name} reached the compiler`);
    }
  }

  /** `target = value;` for an identifier; marks it assigned. */
  private store(fn: FnScope, id: A.Ident, value: Frag, indent: string): Frag {
    const b = id.binding;
    if (!b) throw new Error(`unresolved identifier ${id.name}`);
    switch (b.scope) {
      case "local":
        fn.safe.add(`l${b.index}`);
        return [indent, this.localName(fn, b.index), " = ", value, ";\n"];
      case "cell":
        fn.safe.add(`l${b.index}`);
        return [indent, this.localName(fn, b.index), ".v = ", value, ";\n"];
      case "global":
        fn.safe.add(`g${b.index}`);
        return [indent, `$g[${b.index}] = `, value, ";\n"];
      default:
        throw new Error(`cannot assign to ${b.scope} ${id.name}`);
    }
  }

  // ---- statements --------------------------------------------------------------------

  private stmts(fn: FnScope, stmts: A.Stmt[], out: Frag[], indent: string): void {
    for (const s of stmts) this.stmt(fn, s, out, indent);
  }

  private stmt(fn: FnScope, s: A.Stmt, out: Frag[], indent: string): void {
    switch (s.kind) {
      case "ExprStmt":
        if (s.x.kind === "Literal") return; // doc strings, as compile.go
        out.push(indent, this.expr(fn, s.x), ";\n");
        return;
      case "BranchStmt":
        if (s.token !== "pass") out.push(indent, s.token, ";\n");
        return;
      case "IfStmt": {
        const chain = elifChain(s);
        if (chain) return this.flatElif(fn, chain, out, indent);
        out.push(indent, "if (", this.cond(fn, s.cond), ") {\n");
        const before = fn.safe.copy();
        this.stmts(fn, s.trueBody, out, indent + "  ");
        const afterTrue = fn.safe;
        fn.safe = before.copy();
        if (s.falseBody.length) {
          out.push(indent, "} else {\n");
          this.stmts(fn, s.falseBody, out, indent + "  ");
        }
        out.push(indent, "}\n");
        fn.safe = fn.safe.intersect(afterTrue);
        return;
      }
      case "AssignStmt":
        if (s.op === "=") {
          this.assign(fn, s.lhs, this.expr(fn, s.rhs), s.opPos, out, indent);
        } else {
          this.augmented(fn, s, out, indent);
        }
        return;
      case "DefStmt": {
        const f = this.func(fn, s.function!, s.params, s.body, undefined);
        out.push(this.store(fn, s.name, f, indent));
        return;
      }
      case "ForStmt": {
        const before = fn.safe.copy();
        this.forLoop(fn, s.vars, s.x, s.forPos, out, indent, (inner) => this.stmts(fn, s.body, out, inner), undefined, undefined, true);
        fn.safe = before;
        return;
      }
      case "WhileStmt": {
        const before = fn.safe.copy();
        out.push(indent, "while (", this.cond(fn, s.cond), ") {\n");
        this.stmts(fn, s.body, out, indent + "  ");
        out.push(indent, "}\n");
        fn.safe = before;
        return;
      }
      case "ReturnStmt":
        out.push(indent, this.returnExpr(fn, s.result), "\n");
        return;
      case "LoadStmt": {
        const modName = String(s.module.value);
        this.loads.push(modName);
        const m = this.temp(fn);
        const modLit = jsString(modName);
        const loader = this.opts.load === false ? "$noLoader" : "$loadModule";
        out.push(indent, `${m} = ${loader}`, mark(fn.name, s.loadPos), `(${modLit});\n`);
        s.from.forEach((from, i) => {
          const v: Frag = ["$loadName", mark(fn.name, s.loadPos), `(${m}, ${modLit}, ${jsString(bytesOf(from.name))})`];
          out.push(this.store(fn, s.to[i], v, indent));
        });
        return;
      }
    }
  }

  /** A long elif chain as sibling `if`s in one labeled block (codegen-elif.ts). Each
   *  branch starts from what is safe before the chain; after it, what every branch (and
   *  the else, or the fall-through) leaves safe. */
  private flatElif(fn: FnScope, chain: A.IfStmt[], out: Frag[], indent: string): void {
    const label = `$elif${this.nextCut++}`;
    const before = fn.safe.copy();
    let after: SafeSet | undefined;
    out.push(indent, label, ": {\n");
    for (const b of chain) {
      fn.safe = before.copy();
      out.push(indent, "  if (", this.cond(fn, b.cond), ") {\n");
      this.stmts(fn, b.trueBody, out, indent + "    ");
      out.push(indent, "    break ", label, ";\n", indent, "  }\n");
      after = after ? after.intersect(fn.safe) : fn.safe;
    }
    fn.safe = before.copy();
    this.stmts(fn, chain[chain.length - 1].falseBody, out, indent + "  ");
    out.push(indent, "}\n");
    fn.safe = fn.safe.intersect(after!);
  }

  /** for vars in x: body — go.starlark.net's ITERPUSH/ITERJMP/ITERPOP. Lists, tuples and
   *  ranges are walked inline (a method call per element costs more than the loop body in
   *  QuickJS), taking the same mutation lock as the runtime's list iterator; anything
   *  else goes through `$iterate`. The lock or iterator is released in `finally`.
   *  `statement`: a for statement, whose temps are its function's own variables: its counter
   *  steps as a statement of its own (`x = a[i]; i++`, fewer QuickJS steps than `a[i++]`). A
   *  comprehension's temps are variables of the function around it, and each reference to
   *  one costs QuickJS's compiler a scan of what the comprehension captures: 100,000 nested
   *  comprehensions compiled ~5 x slower with the extra reference. */
  private forLoop(
    fn: FnScope, vars: A.Expr, x: A.Expr, forPos: A.Position, out: Frag[], indent: string,
    body: (indent: string) => void, afterIterable?: () => void, evaluatedAs?: Evaluated, statement = false,
  ): void {
    const stepped = (read: string, i: string) => (statement ? `${read.replace(`${i}++`, i)}; ${i}++;` : `${read};`);
    // (an items() loop's receiver evaluated: the items loop; else the iterable or nothing)
    if (typeof evaluatedAs === "object") {
      this.itemsLoop(fn, itemsCall(x)!, pairTargets(vars)!, vars, forPos, out, indent, body, afterIterable, evaluatedAs.recv);
      return;
    }
    const evaluated = evaluatedAs;
    const literal = evaluated === undefined ? listLiteral(x) : undefined;
    if (literal) {
      // for x in [a, b]: only the elements are needed (nothing can see the list).
      const [arr, i, n, v] = [this.temp(fn), this.temp(fn), this.temp(fn), this.temp(fn)];
      out.push(indent, `${arr} = [`, join(literal.map((el) => this.expr(fn, el)), ", "), `]; ${n} = ${arr}.length; ${i} = 0;\n`);
      afterIterable?.();
      out.push(indent, `while (${i} < ${n}) {\n`);
      this.assignLoopTarget(fn, vars, `${arr}[${i}++]`, v, forPos, out, indent + "  ");
      body(indent + "  ");
      out.push(indent, "}\n");
      return;
    }
    const fresh = evaluated === undefined ? nestedComprehension(x) : undefined;
    if (fresh && !fresh.curly) {
      // A list a comprehension makes right here: nothing else can see it, let alone change
      // it while the loop runs, so no lock, no kind dispatch and no finally.
      // Its temps are dead once it has run (its result, the first one it took, is read
      // right here): the loop reuses them, so a chain of levels takes a few temps.
      const base = fn.temps;
      const list = this.valueOf(fn, x, out, indent);
      const peak = fn.temps;
      fn.temps = base;
      const [arr, i, n, v] = [this.temp(fn), this.temp(fn), this.temp(fn), this.temp(fn)];
      out.push(indent, `${arr} = `, list, `.elems; ${n} = ${arr}.length; ${i} = 0;\n`);
      afterIterable?.();
      out.push(indent, `while (${i} < ${n}) {\n`);
      this.assignLoopTarget(fn, vars, `${arr}[${i}++]`, v, forPos, out, indent + "  ");
      body(indent + "  ");
      out.push(indent, "}\n");
      fn.temps = Math.max(fn.temps, peak);
      return;
    }
    const items = evaluated === undefined ? itemsCall(x) : undefined;
    const pair = items === undefined ? undefined : pairTargets(vars);
    if (items !== undefined && pair !== undefined) {
      this.itemsLoop(fn, items, pair, vars, forPos, out, indent, body, afterIterable);
      return;
    }
    const [tx, arr, it, lock, i, n, start, step, v, rn] = Array.from({ length: 10 }, () => this.temp(fn));
    const range = evaluated === undefined ? this.rangeArgs(x) : undefined;
    if (range) {
      /** The iterator of a range past the safe integers, when the bounds are not literals. */
      let bigRange: string | undefined;
      // for i in range(a, b) over int32 bounds: count without making a range value.
      const [lo, hi] = [this.temp(fn), this.temp(fn)];
      const loF = range.length === 2 ? this.expr(fn, range[0]) : "0";
      const hiF = this.expr(fn, range[range.length - 1]);
      const int32 = (f: Frag): boolean => typeof f === "string" && isIntLiteral(f) && Number(f) <= 0x7fffffff;
      if (int32(loF) && int32(hiF)) {
        // range(5), range(1, 10): the count is known now.
        const l = Number(loF);
        const h = Number(hiF);
        out.push(indent, `${n} = ${h > l ? h - l : 0}; ${start} = ${l};\n`);
      } else {
        out.push(indent, `${lo} = `, loF, ";\n");
        out.push(indent, `${hi} = `, hiF, ";\n");
        out.push(indent, `if (typeof ${lo} === "number" && typeof ${hi} === "number" && (${lo} | 0) === ${lo} && (${hi} | 0) === ${hi}) `,
          `{ ${tx} = null; ${it} = null; ${n} = ${hi} > ${lo} ? ${hi} - ${lo} : 0; ${start} = ${lo}; }\n`);
        const args = range.length === 2 ? `${lo}, ${hi}` : hi;
        // The universe's range always returns a range value: no list, tuple or lock; with
        // one or two arguments its step is 1. A range past the safe integers (bigint bounds,
        // big-range.ts) is iterated through the protocol (it has nothing to release).
        out.push(indent, `else { ${tx} = $call`, mark(fn.name, (x as A.CallExpr).lparen), `($u_range, [${args}], null); `,
          `if (${tx}.kind === $KR) { ${it} = null; ${n} = ${tx}.length; ${start} = ${tx}.start; } else { ${it} = $iterate`, mark(fn.name, forPos), `(${tx}); ${n} = Infinity; } }\n`);
        bigRange = it;
      }
      out.push(indent, `${i} = 0;\n`);
      afterIterable?.();
      out.push(indent, "while (true) {\n");
      const inner = indent + "  ";
      let unv = vars;
      while (unv.kind === "ParenExpr") unv = unv.x;
      const direct = unv.kind === "Ident" && unv.binding?.scope === "local";
      const target = direct ? this.localName(fn, (unv as A.Ident).binding!.index) : v;
      const next = bigRange === undefined ? stepped(`${target} = ${start} + ${i}++`, i)
        : `if (${bigRange} === null) ${target} = ${start} + ${i}++; else { if ((${v} = ${bigRange}.next()) === undefined) break; ${target} = ${v}; }`;
      out.push(inner, `if (${i} >= ${n}) break; ${next}\n`);
      if (direct) fn.safe.add(`l${(unv as A.Ident).binding!.index}`);
      else this.assign(fn, vars, v, forPos, out, inner);
      body(inner);
      out.push(indent, "}\n");
      return;
    }
    out.push(indent, `${tx} = `, evaluated ?? this.valueOf(fn, x, out, indent), ";\n");
    afterIterable?.();
    // n: how many elements a list or tuple has (a list cannot change length while locked, a
    // frozen one or a tuple ever), else 0; rn: how many a range value has. A list or tuple
    // is the common case: its elements are read behind one test per iteration, and the
    // others are reached when that test fails (an iterator says itself when it ends).
    out.push(indent, `${it} = null; ${arr} = null; ${lock} = false; ${i} = 0; ${n} = 0;\n`);
    // (None is not iterable: $iterate reports it.)
    out.push(indent, `if (${tx} === null) ${it} = $iterate`, mark(fn.name, forPos), `(${tx});\n`);
    // By kind tag (cheaper than instanceof; undefined on primitives, never null here).
    out.push(indent, `else if (${tx}.kind === $KL) { ${arr} = ${tx}.elems; ${n} = ${arr}.length; ${lock} = !${tx}.frozen; if (${lock}) ${tx}.itercount++; }\n`);
    out.push(indent, `else if (${tx}.kind === $KT) { ${arr} = ${tx}.elems; ${n} = ${arr}.length; }\n`);
    out.push(indent, `else if (${tx}.kind === $KR) { ${rn} = ${tx}.length; ${start} = ${tx}.start; ${step} = ${tx}.step; }\n`);
    out.push(indent, `else ${it} = $iterate`, mark(fn.name, forPos), `(${tx});\n`);
    out.push(indent, "try {\n");
    const inner = indent + "    ";
    out.push(indent, "  while (true) {\n");
    // A plain local loop variable is assigned directly (one move less per iteration); it
    // keeps its last value after the loop, so the iterator's end marker never reaches it.
    let target = v;
    let unv = vars;
    while (unv.kind === "ParenExpr") unv = unv.x;
    const direct = unv.kind === "Ident" && unv.binding?.scope === "local";
    if (direct) target = this.localName(fn, (unv as A.Ident).binding!.index);
    out.push(inner, `if (${i} < ${n}) { ${stepped(`${target} = ${arr}[${i}++]`, i)} }\n`);
    out.push(inner, `else if (${arr} !== null) break;\n`);
    out.push(inner, `else if (${it} === null) { if (${i} >= ${rn}) break; ${target} = ${start} + ${i}++ * ${step}; }\n`);
    if (direct) {
      out.push(inner, `else { if ((${v} = ${it}.next()) === undefined) break; ${target} = ${v}; }\n`);
      fn.safe.add(`l${(unv as A.Ident).binding!.index}`);
    } else {
      out.push(inner, `else if ((${v} = ${it}.next()) === undefined) break;\n`);
      this.assign(fn, vars, v, forPos, out, inner);
    }
    body(inner);
    out.push(indent, "  }\n", indent, `} finally { if (${it} !== null) ${it}.done(); else if (${lock}) ${tx}.itercount--; }\n`);
  }

  /** for k, v in r.items(): a dict's entries from ht.flatItems(), anything else's items()
   *  called and iterated as forLoop does (codegen-items.ts). */
  private itemsLoop(
    fn: FnScope, items: ItemsCall, pair: [A.Expr, A.Expr], vars: A.Expr, forPos: A.Position, out: Frag[], indent: string,
    body: (indent: string) => void, afterIterable?: () => void, evaluatedRecv?: string,
  ): void {
    const [tx, arr, it, i, n, v] = Array.from({ length: 6 }, () => this.temp(fn));
    out.push(indent, `${tx} = `, evaluatedRecv ?? this.expr(fn, items.recv), ";\n");
    out.push(indent, `if (${tx}?.kind === $KD) { ${arr} = ${tx}.ht.flatItems(); ${n} = ${arr}.length; ${it} = null; }\n`);
    out.push(indent, `else { ${arr} = null; ${n} = Infinity; ${it} = $iterate`, mark(fn.name, forPos),
      "($callMethod", mark(fn.name, items.lparen, items.dot), `(${tx}, "items", [], null)); }\n`);
    out.push(indent, `${i} = 0;\n`);
    afterIterable?.();
    const inner = indent + "    ";
    out.push(indent, "try {\n", indent, "  while (true) {\n");
    out.push(inner, `if (${arr} !== null) {\n`, inner, `  if (${i} >= ${n}) break;\n`);
    this.assign(fn, pair[0], `${arr}[${i}]`, forPos, out, inner + "  ");
    this.assign(fn, pair[1], `${arr}[${i} + 1]`, forPos, out, inner + "  ");
    out.push(inner, `  ${i} += 2;\n`, inner, "} else {\n");
    out.push(inner, `  if ((${v} = ${it}.next()) === undefined) break;\n`);
    this.assign(fn, vars, v, forPos, out, inner + "  ");
    out.push(inner, "}\n");
    body(inner);
    out.push(indent, "  }\n", indent, `} finally { if (${it} !== null) ${it}.done(); }\n`);
  }

  /** Assigns one element, `elem` (a read that may step the loop's counter), to a loop's
   *  variables: a plain local directly, anything else through the temp `v` and assign().
   *  (The counter steps inside the read: these loops also run in comprehensions, whose temps
   *  are the enclosing function's, and one reference less per level keeps QuickJS's compile
   *  time of 100,000 nested ones down; see forLoop's `statement`.) */
  private assignLoopTarget(fn: FnScope, vars: A.Expr, elem: string, v: string, forPos: A.Position, out: Frag[], indent: string): void {
    let unv = vars;
    while (unv.kind === "ParenExpr") unv = unv.x;
    if (unv.kind === "Ident" && unv.binding?.scope === "local") {
      out.push(indent, `${this.localName(fn, unv.binding.index)} = ${elem};\n`);
      fn.safe.add(`l${unv.binding.index}`);
    } else {
      out.push(indent, `${v} = ${elem};\n`);
      this.assign(fn, vars, v, forPos, out, indent);
    }
  }

  /** The arguments of `range(a)` / `range(a, b)` (the universe builtin, positional
   *  arguments only), else undefined. */
  private rangeArgs(x: A.Expr): A.Expr[] | undefined {
    while (x.kind === "ParenExpr") x = x.x;
    if (x.kind !== "CallExpr" || x.fn.kind !== "Ident" || x.fn.name !== "range" || x.fn.binding?.scope !== "universal") return undefined;
    if (x.args.length < 1 || x.args.length > 2) return undefined;
    if (x.args.some((a) => (a.kind === "BinaryExpr" && a.op === "=") || a.kind === "UnaryExpr" && (a.op === "*" || a.op === "**"))) return undefined;
    this.universals.add("range");
    return x.args;
  }

  /** lhs = value (value is already evaluated, or a side-effect-free fragment). */
  private assign(fn: FnScope, lhs: A.Expr, value: Frag, pos: A.Position, out: Frag[], indent: string): void {
    switch (lhs.kind) {
      case "ParenExpr":
        this.assign(fn, lhs.x, value, pos, out, indent);
        return;
      case "Ident":
        out.push(this.store(fn, lhs, value, indent));
        return;
      case "TupleExpr":
      case "ListExpr": {
        const t = this.temp(fn);
        const n = lhs.list.length;
        // A tuple of the right length unpacks to its elements inline (as in the runtime).
        const [sv, v] = this.operand(fn, value);
        if (/^-?\d/.test(v) || isStringLiteral(v) || isSingleton(v)) {
          out.push(indent, `${t} = (`, sv, "$unpack", mark(fn.name, pos), `(${v}, ${n}));\n`);
        } else out.push(
          indent, `${t} = (`, sv, `${v}?.kind === $KT && ${v}.elems.length === ${n} ? ${v}.elems : $unpack`,
          mark(fn.name, pos), `(${v}, ${n}));\n`,
        );
        lhs.list.forEach((e, i) => this.assign(fn, e, `${t}[${i}]`, pos, out, indent));
        return;
      }
      case "IndexExpr": {
        const v = this.spill(fn, value, out, indent);
        out.push(indent, "$setIndex", mark(fn.name, lhs.lbrack), "(", this.expr(fn, lhs.x), ", ", this.expr(fn, lhs.y), ", ", v, ");\n");
        return;
      }
      case "DotExpr": {
        const v = this.spill(fn, value, out, indent);
        out.push(indent, "$setField", mark(fn.name, lhs.dot), "(", this.expr(fn, lhs.x), ", ", jsString(bytesOf(lhs.name.name)), ", ", v, ");\n");
        return;
      }
      default:
        throw new Error(`cannot assign to ${lhs.kind}`);
    }
  }

  /** Evaluates `value` into a temp now unless it is already a plain name. */
  private spill(fn: FnScope, value: Frag, out: Frag[], indent: string): Frag {
    if (typeof value === "string" && /^[$\w]+(\[\d+\])?$/.test(value)) return value;
    const t = this.temp(fn);
    out.push(indent, `${t} = `, value, ";\n");
    return t;
  }

  private augmented(fn: FnScope, s: A.AssignStmt, out: Frag[], indent: string): void {
    const op = s.op.slice(0, -1) as A.BinaryOp;
    let lhs = s.lhs;
    while (lhs.kind === "ParenExpr") lhs = lhs.x;
    const kinds: Kinds = [fn.kinds.of(lhs), fn.kinds.of(s.rhs)];
    const combine = (x: Frag, y: Frag): Frag => {
      if (op === "+") return this.plusLike(fn, "+", x, y, s.opPos, "$inplaceAdd", kinds);
      if (op === "|") return ["$inplacePipe", mark(fn.name, s.opPos), "(", x, ", ", y, ")"];
      return this.binop(fn, op, x, y, s.opPos, kinds);
    };
    switch (lhs.kind) {
      case "Ident": {
        const x = this.spill(fn, this.read(fn, lhs), out, indent);
        out.push(this.store(fn, lhs, combine(x, this.expr(fn, s.rhs)), indent));
        return;
      }
      case "IndexExpr": {
        const [tx, ty, tv] = [this.temp(fn), this.temp(fn), this.temp(fn)];
        out.push(indent, `${tx} = `, this.expr(fn, lhs.x), ";\n");
        out.push(indent, `${ty} = `, this.expr(fn, lhs.y), ";\n");
        out.push(indent, `${tv} = $getIndex`, mark(fn.name, lhs.lbrack), `(${tx}, ${ty});\n`);
        const z = this.spill(fn, combine(tv, this.expr(fn, s.rhs)), out, indent);
        out.push(indent, "$setIndex", mark(fn.name, lhs.lbrack), `(${tx}, ${ty}, `, z, ");\n");
        return;
      }
      case "DotExpr": {
        const [tx, tv] = [this.temp(fn), this.temp(fn)];
        const name = jsString(bytesOf(lhs.name.name));
        out.push(indent, `${tx} = `, this.expr(fn, lhs.x), ";\n");
        out.push(indent, `${tv} = $getAttr`, mark(fn.name, lhs.dot), `(${tx}, ${name});\n`);
        const z = this.spill(fn, combine(tv, this.expr(fn, s.rhs)), out, indent);
        out.push(indent, "$setField", mark(fn.name, lhs.dot), `(${tx}, ${name}, `, z, ");\n");
        return;
      }
      default:
        throw new Error(`cannot assign to ${lhs.kind}`);
    }
  }

  /** `return x;` — via a temp, because QuickJS reports a call in tail position
   *  (`return f(...)`) at the `return` keyword rather than at its `(`. */
  private returnExpr(fn: FnScope, e: A.Expr | undefined): Frag {
    if (!e) return "return null;";
    const [setup, v] = this.operand(fn, this.expr(fn, e));
    return setup === "" ? `return ${v};` : ["return (", setup, v, ");"];
  }

  // ---- functions ---------------------------------------------------------------------

  /** def or lambda: evaluates defaults now and returns `$makeFunction(...)`. */
  private func(
    fn: FnScope, info: FunctionInfo, params: A.Expr[], body: A.Stmt[] | undefined, lambdaBody: A.Expr | undefined,
  ): Frag {
    const id = this.nextFn++;
    const inner: FnScope = {
      id, name: info.name, locals: info.locals, freeVars: info.freeVars, parent: fn, temps: 0, safe: SafeSet.inheritingGlobals(fn.safe),
      lazyKey: fn.lazyKey ?? `${this.lazyTag}_${id}`,
      kinds: fn.kinds, // (replaced below, once the parameters are counted)
    };
    // Globals assigned before the def runs stay assigned for every call of the function;
    // likewise free variables whose cell was already set.
    info.freeVars.forEach((outer, i) => {
      const key = outer.scope === "free" ? `f${outer.index}` : `l${outer.index}`;
      if (fn.safe.has(key)) inner.safe.add(`f${i}`);
    });

    // Parameters: positional and keyword-only in order, then *args, then **kwargs.
    const defaults: Frag[] = [];
    let seenStar = false;
    let numParams = 0;
    for (const p of params) {
      if (p.kind === "BinaryExpr") {
        defaults.push(this.expr(fn, p.y));
        numParams++;
      } else if (p.kind === "UnaryExpr") {
        seenStar = true;
        if (p.x) numParams++;
      } else {
        if (seenStar) defaults.push("$MANDATORY"); // required keyword-only parameter
        numParams++;
      }
    }
    inner.numParams = numParams;
    inner.kinds = new ValueKinds(body ?? [lambdaBody!], info.locals.slice(0, numParams), this.smallIntResults, this.moduleKinds);
    for (let i = 0; i < numParams; i++) inner.safe.add(`l${i}`);
    const paramNames = info.locals.slice(0, numParams).map((b) => jsString(bytesOf(b.first?.name ?? "?")));
    const code: Frag[] = [];
    if (body) {
      const compileBody = (indent: string) => {
        this.stmts(inner, body, code, indent);
        // Falling off the end returns None; after a final return it cannot happen (and the
        // unreachable statement would only cost QuickJS compile time: issue H's 5 MB files).
        if (body.at(-1)?.kind !== "ReturnStmt") code.push(indent, "return null;\n");
      };
      // With small-int parameters the body may know more (param-speculation.ts): then it is
      // compiled twice, behind a test of those parameters at entry.
      const speculated = new Set(rangeBoundParams(body, info.locals.slice(0, numParams)));
      const general = inner.kinds;
      const special = speculated.size === 0 ? undefined
        : new ValueKinds(body, info.locals.slice(0, numParams), this.smallIntResults, this.moduleKinds, speculated);
      if (special !== undefined && special.knowsMoreThan(general, speculated)) {
        const test = [...speculated].map((b) => `typeof ${this.localName(inner, info.locals.indexOf(b))} === "number"`).join(" && ");
        const entry = inner.safe.mark();
        inner.kinds = special;
        code.push(`  if (${test}) {\n`);
        compileBody("    ");
        code.push("  }\n");
        inner.safe.undo(entry);
        inner.kinds = general;
      }
      compileBody("  ");
    } else {
      code.push("  ", this.returnExpr(inner, lambdaBody!), "\n");
    }
    const jsParams = Array.from({ length: numParams }, (_, i) => this.localName(inner, i)).join(", ");
    // Every function is named after the text it may be compiled from (see lazy()): frames
    // of eval'd code all come from the same file, "<input>".
    const implName = `$f${id}_${jsSafeName(info.name)}__${inner.lazyKey}`;
    const impl: Frag = [`function ${implName}(${jsParams}) {\n`, this.declareLocals(inner, numParams, "  "), code, "}"];
    const pos = `${this.file.path}:${info.pos.line}:${info.pos.col}`;
    this.entries[bytesOf(pos)] = [info.name, ...entryPosition(info.pos, body, lambdaBody)];
    // Through $desc (see compile()): positional, so a program of 100,000 small functions
    // does not spell the field names 100,000 times for QuickJS to parse.
    const desc = (implRef: Frag): Frag => [
      `$desc(${jsString(bytesOf(info.name))}, ${jsString(bytesOf(pos))}, [${paramNames.join(", ")}], `,
      `${numParams - (info.hasVarargs ? 1 : 0) - (info.hasKwargs ? 1 : 0)}, ${info.numKwonlyParams}, ${info.hasVarargs}, ${info.hasKwargs}, `,
      implRef, ")",
    ];
    const freevars = info.freeVars.map((_, i) => this.freeCell(inner, i));
    let descRef: Frag;
    if (info.freeVars.length === 0) {
      // No captured variables: one JS function and one descriptor for the whole program,
      // an element of the array $d: a program of thousands of functions must not declare
      // thousands of variables in one JS scope (QuickJS looks variables up by a linear scan,
      // so that would be quadratic); the impl is a named function expression for the same
      // reason (its name is bound in its own scope only, and still names its stack frames).
      descRef = `$d[${id}]`;
      const lazy = fn.id === 0 ? this.lazy(inner.lazyKey!, impl) : undefined;
      if (lazy !== undefined) this.hoisted.push(`${descRef} = $lazyDesc(`, desc("null"), `, ${lazy});\n`);
      else this.hoisted.push(`${descRef} = `, desc(impl), ";\n");
    } else {
      descRef = desc(impl);
    }
    return ["$makeFunction(", descRef, ", [", join(defaults, ", "), "], [", freevars.join(", "), "])"];
  }

  private lazyLimit(): number {
    return this.opts.lazyFunctionChars ?? DEFAULT_LAZY_FUNCTION_CHARS;
  }

  /** A hoisted function compiled when the program first calls one: its JS as a string literal (QuickJS
   *  scans a string far faster than it compiles code: about half the load time of a program
   *  of many small functions, most of which a check or a placement never calls), for
   *  $lazyDesc to eval in the factory's scope. Its call sites' positions are relative to its
   *  own text, which is what QuickJS reports for eval'd code; every JS function in it is
   *  named with the suffix `__<key>` (arrow functions, unnamed, run inside the function that
   *  defines them: sandbox/backtrace.ts takes the key of the frame outside). Undefined when
   *  too big. */
  private lazy(key: string, impl: Frag): string | undefined {
    const limit = this.lazyLimit();
    if (limit <= 0) return undefined;
    const { text, marks } = render(["(", impl, ")"]);
    if (text.length > limit) return undefined;
    for (const m of marks) {
      this.lazyPositions[`${key}@${m.jsLine}:${m.jsCol}`] = positionEntry(m);
    }
    this.lazyCount++;
    return JSON.stringify(text);
  }

  // ---- expressions -------------------------------------------------------------------

  /** Cuts deeply nested code out of the expression being compiled. QuickJS parses recursively, a few dozen
   *  C frames per level of JS nesting, on the host's stack: a few hundred nested Starlark
   *  brackets would overflow it. So every CUT_EVERY levels the nested code is cut out
   *  into a closure declared at the top of the enclosing JS function, `const $cN = () =>
   *  (code);`, and called where the code was, `$cN()`. The closure sees the function's
   *  variables and temps (all `var`s) and runs at the same point, so the order of
   *  evaluation is unchanged; its JS frame has no position mark, so backtraces skip it,
   *  as they skip comprehension wrappers. */
  private cut(fn: FnScope, f: Frag): Frag {
    if (this.depth % CUT_EVERY !== 0) return f;
    const name = `$c${this.nextCut++}`;
    (fn.cuts ??= []).push(`  const ${name} = () => (`, f, ");\n");
    return `${name}()`;
  }

  private expr(fn: FnScope, e: A.Expr): Frag {
    const done = this.evaluated.get(e);
    if (done !== undefined) return done;
    // (No try/finally and no closure here: every frame counts on this path.)
    this.depth++;
    const f = this.exprNode(fn, e);
    const out = this.cut(fn, f);
    this.depth--;
    return out;
  }

  private exprNode(fn: FnScope, e: A.Expr): Frag {
    const spine = leftSpine(e, this.evaluated);
    if (spine) return this.flatChain(fn, spine);
    switch (e.kind) {
      case "ParenExpr":
        return this.expr(fn, e.x);
      case "Ident":
        return this.read(fn, e);
      case "Literal":
        return this.literal(e);
      case "ListExpr":
        // Constructed here rather than through $list/$tuple: one call less.
        return ["new $SList([", join(e.list.map((x) => this.expr(fn, x)), ", "), "])"];
      case "TupleExpr":
        if (e.list.length === 0) return "$tuple([])"; // the shared empty tuple
        return ["new $STuple([", join(e.list.map((x) => this.expr(fn, x)), ", "), "])"];
      case "DictExpr":
        return this.dictLiteral(fn, e);
      case "CondExpr":
        return ["(", this.cond(fn, e.cond), " ? ", this.expr(fn, e.trueX), " : ", this.expr(fn, e.falseX), ")"];
      case "IndexExpr": {
        // In-range list and string indexing inline; everything else (negative indices,
        // dicts, errors) in the runtime.
        const [sx, a] = this.operand(fn, this.expr(fn, e.x));
        const [sy, i] = this.operand(fn, this.expr(fn, e.y));
        if (isIntLiteral(a)) return ["(", sx, sy, "$getIndex", mark(fn.name, e.lbrack), `(${a}, ${i}))`];
        if (isStringLiteral(i)) {
          // d["key"]: a dict's entry inline; anything else (missing keys too) in the runtime.
          const v = this.temp(fn);
          return [
            "(", sx, sy, `${a}?.kind === $KD && (${v} = ${a}.ht.getp(${i})) !== undefined ? ${v} : `,
            "$getIndex", mark(fn.name, e.lbrack), `(${a}, ${i}))`,
          ];
        }
        // In-range string, list and tuple indexing and dict lookups of string and int keys
        // inline; the rest (negative indices, errors, missing keys) in the runtime. A global
        // (`$g[n]`), read several times here, is read once into a temp.
        let ax = sx;
        let ar = a;
        if (/\[/.test(a)) {
          ar = this.temp(fn);
          ax = [sx, `${ar} = ${a}, `];
        }
        const v = this.temp(fn);
        const m = mark(fn.name, e.lbrack);
        const intIdx = isIntLiteral(i);
        // (a small-int index needs no type test, only the range's)
        const num = fn.kinds.of(e.y) === "small" ? "" : `typeof ${i} === "number" && `;
        const inStr = intIdx ? `${i} < ${ar}.length` : `${num}${i} >= 0 && ${i} < ${ar}.length`;
        if (fn.kinds.of(e.x) === "str") return ["(", ax, sy, `${inStr} ? ${ar}[${i}] : $getIndex`, m, `(${ar}, ${i}))`];
        const inArr = intIdx ? `${i} < ${ar}.elems.length` : `${num}${i} >= 0 && ${i} < ${ar}.elems.length`;
        const dictKey = intIdx || num === "" ? "" : `(typeof ${i} === "string" || typeof ${i} === "number") && `;
        // By kind first (one ?. read), the string test last: x[0] of a tuple is the common case.
        const k = this.temp(fn);
        return [
          "(", ax, sy,
          `(${k} = ${ar}?.kind) === $KL || ${k} === $KT ? (${inArr} ? ${ar}.elems[${i}] : $getIndex`, m, `(${ar}, ${i})) : `,
          `${k} === $KD ? (${dictKey}(${v} = ${ar}.ht.getp(${i})) !== undefined ? ${v} : $getIndex`, m, `(${ar}, ${i})) : `,
          `typeof ${ar} === "string" && ${inStr} ? ${ar}[${i}] : $getIndex`, m, `(${ar}, ${i}))`,
        ];
      }
      case "SliceExpr": {
        const opt = (x?: A.Expr): Frag => (x ? this.expr(fn, x) : "undefined");
        return ["$slice", mark(fn.name, e.lbrack), "(", this.expr(fn, e.x), ", ", opt(e.lo), ", ", opt(e.hi), ", ", opt(e.step), ")"];
      }
      case "DotExpr": {
        const name = jsString(bytesOf(e.name.name));
        if (!JS_IDENT.test(e.name.name)) return ["$getAttr", mark(fn.name, e.dot), "(", this.expr(fn, e.x), ", ", name, ")"];
        // A host object's attribute from its slot (runtime/values.ts ATTR_SLOT) inline;
        // everything else (and every failure) through getAttr, also a slot holding None:
        // `?.` and `??` are one QuickJS opcode each, where tests of null and undefined with
        // temps cost twice as much.
        const [sx, a] = this.operand(fn, this.expr(fn, e.x), true);
        return ["(", sx, `${a}?.${ATTR_SLOT}${e.name.name} ?? $getAttr`, mark(fn.name, e.dot), `(${a}, ${name}))`];
      }
      case "CallExpr":
        return this.call(fn, e);
      case "LambdaExpr":
        return this.func(fn, e.function!, e.params, undefined, e.body);
      case "Comprehension":
        return this.comprehension(fn, e);
      case "UnaryExpr":
        return this.unary(fn, e);
      case "BinaryExpr":
        return this.binary(fn, e);
      default:
        throw new Error(`cannot compile ${e.kind}`);
    }
  }

  private literal(e: A.Literal): Frag {
    switch (e.token) {
      case "STRING":
        return jsString(e.value as string);
      case "BYTES": {
        const s = jsString(e.value as string);
        return this.constant(`b${s}`, `$rt.bytes(${s})`);
      }
      case "INT": {
        const n = BigInt(e.value as bigint);
        if (n <= BigInt(MAX_SAFE)) return n.toString();
        return this.constant(`i${n}`, `$rt.bigint(${jsString(n.toString())})`);
      }
      case "FLOAT": {
        const n = e.value as number;
        const js = Number.isFinite(n) ? String(n) : "Infinity";
        return this.constant(`f${js}`, `$rt.float(${js})`);
      }
    }
  }

  private dictLiteral(fn: FnScope, e: A.DictExpr): Frag {
    const entries = e.list as A.DictEntry[];
    if (entries.length === 0) return "$dictOfEntries([])";
    // Distinct string or int literal keys cannot fail: one constructor call.
    const literalKeys = entries.map((en) => (en.key.kind === "Literal" && (en.key.token === "STRING" || en.key.token === "INT") ? `${en.key.token}:${String(en.key.value)}` : undefined));
    if (literalKeys.every((k) => k !== undefined) && new Set(literalKeys).size === entries.length) {
      // Strings and safe ints are their own hash keys: the runtime takes the entries as
      // its table's storage, [key, hash key, value] per entry.
      const own = entries.every((en) => {
        const k = en.key as A.Literal;
        return k.token === "STRING" || BigInt(k.value as bigint) <= BigInt(MAX_SAFE);
      });
      if (own) {
        const ents = entries.flatMap((en) => {
          const k = this.expr(fn, en.key);
          return [k, k, this.expr(fn, en.value)];
        });
        return ["$dictOfEntries([", join(ents, ", "), "])"];
      }
      const flat = entries.flatMap((en) => [this.expr(fn, en.key), this.expr(fn, en.value)]);
      return ["$dict([", join(flat, ", "), "])"];
    }
    // Each entry is its own call so that an unhashable or repeated key is reported at its `:`.
    const d = this.temp(fn);
    const parts: Frag[] = [`(${d} = $dict([]), `];
    for (const entry of entries) {
      parts.push("$dictEntry", mark(fn.name, entry.colon), `(${d}, `, this.expr(fn, entry.key), ", ", this.expr(fn, entry.value), "), ");
    }
    parts.push(d, ")");
    return parts;
  }

  private call(fn: FnScope, e: A.CallExpr): Frag {
    const positional: Frag[] = [];
    const named: Frag[] = [];
    /** The keyword and value of a call's only argument `name=value`. */
    let onlyKeyword: [string, Frag] | undefined;
    let star: Frag | undefined;
    let starstar: Frag | undefined;
    for (const arg of e.args) {
      if (arg.kind === "BinaryExpr" && arg.op === "=") {
        const name = (arg.x as A.Ident).name;
        const value = this.expr(fn, arg.y);
        named.push(["[", jsString(bytesOf(name)), ", ", value, "]"]);
        onlyKeyword = e.args.length === 1 ? [name, value] : undefined;
      } else if (arg.kind === "UnaryExpr" && arg.op === "*") {
        star = this.expr(fn, arg.x!);
      } else if (arg.kind === "UnaryExpr" && arg.op === "**") {
        starstar = this.expr(fn, arg.x!);
      } else {
        positional.push(this.expr(fn, arg));
      }
    }
    let callee = e.fn;
    while (callee.kind === "ParenExpr") callee = callee.x;
    if (callee.kind === "Ident" && callee.name === "len" && callee.binding?.scope === "universal" && positional.length === 1 && !named.length && !star && !starstar) {
      // len(x) of a string or list inline (bytes for strings, as go.starlark.net).
      const [sx, a] = this.operand(fn, positional[0]);
      this.universals.add("len");
      if (isIntLiteral(a)) return ["$call", mark(fn.name, e.lparen), `($u_len, [${a}], null)`];
      return ["(", sx, `typeof ${a} === "string" ? ${a}.length : ${a}?.kind === $KL ? ${a}.elems.length : $call`, mark(fn.name, e.lparen), `($u_len, [${a}], null))`];
    }
    if (callee.kind === "DotExpr" && !star && !starstar) {
      // x.f(...): the runtime calls built-in methods without making a bound method. One
      // JS call, two Starlark positions: the `.` if the attribute lookup fails, else `(`.
      const recv = this.expr(fn, callee.x);
      const name = jsString(bytesOf(callee.name.name));
      const fastKey = `${callee.name.name}${positional.length}`;
      if (!named.length && STRING_FAST.has(fastKey)) {
        // s.m(...) of a string through the runtime's direct entry for m with this many
        // arguments (same results and errors as the method); anything else as below.
        const [sr, r] = this.operand(fn, recv);
        const ops = positional.map((p) => this.operand(fn, p));
        const args = ops.map((o) => o[1]);
        this.stringFast.add(fastKey);
        const m = mark(fn.name, e.lparen, callee.dot);
        if (fn.kinds.of(callee.x) === "str") return ["(", sr, ops.map((o) => o[0]), `$s_${fastKey}`, m, `(${[r, ...args].join(", ")}))`];
        return [
          "(", sr, ops.map((o) => o[0]),
          `typeof ${r} === "string" ? $s_${fastKey}`, m, `(${[r, ...args].join(", ")}) : `,
          "$callMethod", m, `(${r}, ${name}, [${args.join(", ")}], null))`,
        ];
      }
      if (callee.name.name === "append" && !named.length && positional.length === 1) {
        // l.append(x) of a list that is neither frozen nor being iterated, inline.
        const [sr, r] = this.operand(fn, recv);
        const [sa, a] = this.operand(fn, positional[0]);
        return [
          "(", sr, sa,
          `${r}?.kind === $KL && !${r}.frozen && ${r}.itercount === 0 ? (${r}.elems.push(${a}), null) : `,
          "$callMethod", mark(fn.name, e.lparen, callee.dot), `(${r}, ${name}, [${a}], null))`,
        ];
      }
      if (callee.name.name === "get" && !named.length && (positional.length === 1 || positional.length === 2)) {
        // d.get(k[, default]) of a dict with a string or int key inline (that lookup cannot
        // fail); anything else through callMethod, as below.
        const [sr, r] = this.operand(fn, recv);
        const [sk, k] = this.operand(fn, positional[0]);
        const [sd, d] = positional.length === 2 ? this.operand(fn, positional[1]) : ["", "null"];
        const v = this.temp(fn);
        const keyTest = isStringLiteral(k) || isIntLiteral(k) ? "" : ` && (typeof ${k} === "string" || typeof ${k} === "number")`;
        return [
          "(", sr, sk, sd,
          `${r}?.kind === $KD${keyTest} ? ((${v} = ${r}.ht.getp(${k})) !== undefined ? ${v} : ${d}) : `,
          "$callMethod", mark(fn.name, e.lparen, callee.dot), `(${r}, ${name}, [${positional.length === 2 ? `${k}, ${d}` : k}], null))`,
        ];
      }
      return [
        "$callMethod", mark(fn.name, e.lparen, callee.dot), "(", recv, `, ${name}, [`, join(positional, ", "), "], ",
        named.length ? ["[", join(named, ", "), "]"] : "null", ")",
      ];
    }
    if (onlyKeyword !== undefined && JS_IDENT.test(onlyKeyword[0])) {
      // f(name=v): a builtin's answer table for the keyword (runtime/values.ts KeywordTable),
      // without argument arrays or a call; when there is none, or the table has no answer for
      // v (it has none for any value that is not a string: isKeywordTableKey), the ordinary
      // call. (A value is never undefined: reads of unassigned variables have failed already.)
      const [sf, f] = this.operand(fn, this.expr(fn, e.fn), true);
      const [sv, v] = this.operand(fn, onlyKeyword[1]);
      // A predeclared function's table is read once, with the program (a predeclared value
      // and its table are the same for the program's life). An answer of None takes the
      // ordinary call, which gives it too (`??`: one QuickJS opcode).
      const p = e.fn.kind === "Ident" && e.fn.binding?.scope === "predeclared" ? this.predeclared.get(e.fn.name) : undefined;
      const kw = jsString(bytesOf(onlyKeyword[0]));
      const slowCall = (callee: string): Frag => ["$call", mark(fn.name, e.lparen), `(${callee}, [], [[${kw}, ${v}]])`];
      if (p === undefined) return ["(", sf, sv, `${f}?.${KEYWORD_TABLE}${onlyKeyword[0]}?.[${v}] ?? `, slowCall(f), ")"];
      const table = this.constant(`kt:${p}:${onlyKeyword[0]}`, `$p${p}?.${KEYWORD_TABLE}${onlyKeyword[0]}`);
      if (fragSize(sv, SMALL_ARGUMENT) >= SMALL_ARGUMENT) return ["(", sf, sv, `${table}?.[${v}] ?? `, slowCall(f), ")"];
      // A table means the predeclared value is there: the table's branch reads neither the
      // value's check nor the callee into a temp (the argument, small, is written twice).
      return [
        `(${table} !== undefined ? (`, sv, `${table}[${v}] ?? `, slowCall(`$p${p}`), ") : (", sf, sv, slowCall(f), "))",
      ];
    }
    if (positional.length === 1 && !named.length && !star && !starstar) {
      // f(x): no argument array for a one-parameter Starlark function.
      return ["$call1", mark(fn.name, e.lparen), "(", this.expr(fn, e.fn), ", ", positional[0], ")"];
    }
    const parts: Frag[] = ["$call", mark(fn.name, e.lparen), "(", this.expr(fn, e.fn), ", [", join(positional, ", "), "], "];
    parts.push(named.length ? ["[", join(named, ", "), "]"] : "null");
    if (star || starstar) parts.push(", ", star ?? "undefined", ", ", starstar ?? "undefined");
    parts.push(")");
    return parts;
  }

  /** A comprehension inside an expression: its statements in a JS arrow function called
   *  in place. The call is marked at the comprehension (a "wrap" mark, see backtrace.ts),
   *  the position of a run that runs out of stack entering it. */
  private comprehension(fn: FnScope, e: A.Comprehension): Frag {
    const out: Frag[] = [];
    const first = (e.clauses[0] as A.ForClause).x;
    if (inlinesIterable(first, (x) => this.rangeArgs(x) !== undefined)) {
      const acc = this.comprehensionStmts(fn, e, out, "  ");
      return ["(() => {\n", out, `return ${acc};\n})`, wrapMark(fn.name, e.lbrack), "()"];
    }
    // The first iterable is evaluated before the wrapper is called, in the enclosing
    // expression (go.starlark.net resolves it in the enclosing block): a comprehension
    // nested in it, through calls or operators, then runs before this one starts instead
    // of inside it, and deep nesting costs no JS stack at run time.
    const it = this.temp(fn);
    // (of `k, v in d.items()`, the receiver: forLoop then walks a dict's entries)
    const items = itemsCall(first);
    const itemsRecv = items !== undefined && pairTargets((e.clauses[0] as A.ForClause).vars) !== undefined;
    const x = this.expr(fn, itemsRecv ? items.recv : first);
    const acc = this.comprehensionStmts(fn, e, out, "  ", itemsRecv ? { recv: it } : it);
    return ["(", it, " = ", x, ", (() => {\n", out, `return ${acc};\n})`, wrapMark(fn.name, e.lbrack), "())"];
  }

  /** A comprehension as statements at `indent`, leaving its list or dict in the temp
   *  returned. Comprehensions nested in its iterables, body, dict value (and key) are
   *  emitted inline as statements of the same JS function (codegen-comprehension.ts). */
  private comprehensionStmts(fn: FnScope, e: A.Comprehension, out: Frag[], indent: string, firstIterable?: Evaluated): string {
    // The result is made once the first iterable is evaluated (go.starlark.net makes it
    // just before; nothing can tell): its temp is then taken after the ones a nested
    // comprehension there used and gave back, so nested levels share their temps.
    let acc = "";
    const makeResult = (): void => {
      acc = this.temp(fn);
      out.push(indent, `${acc} = ${e.curly ? "$dict([])" : "new $SList([])"};\n`);
    };
    const safe = fn.safe;
    const before = safe.mark();
    const clause = (i: number, ind: string): void => {
      if (i === e.clauses.length) {
        if (e.curly) {
          const entry = e.body as A.DictEntry;
          let k = this.valueOf(fn, entry.key, out, ind);
          // The key is evaluated before the value's statements run.
          if (nestedComprehension(entry.value)) k = this.spill(fn, k, out, ind);
          const v = this.valueOf(fn, entry.value, out, ind);
          out.push(ind, "$setIndex", mark(fn.name, entry.colon), `(${acc}, `, k, ", ", v, ");\n");
        } else {
          out.push(ind, `${acc}.elems.push(`, this.valueOf(fn, e.body, out, ind), ");\n");
        }
        return;
      }
      const c = e.clauses[i];
      if (c.kind === "IfClause") {
        if (nestedComprehension(c.cond)) {
          // Its statements first, then its truth; its temps are dead after the test.
          const base = fn.temps;
          out.push(ind, "if ($truth(", this.valueOf(fn, c.cond, out, ind), ")) {\n");
          const peak = fn.temps;
          fn.temps = base;
          clause(i + 1, ind + "  ");
          fn.temps = Math.max(fn.temps, peak);
        } else {
          out.push(ind, "if (", this.cond(fn, c.cond), ") {\n");
          clause(i + 1, ind + "  ");
        }
        out.push(ind, "}\n");
      } else {
        this.forLoop(fn, c.vars, c.x, c.forPos, out, ind, (inner) => clause(i + 1, inner), i === 0 ? makeResult : undefined, i === 0 ? firstIterable : undefined, false);
      }
    };
    clause(0, indent);
    if (fn.safe !== safe) throw new Error("compile: a comprehension replaced the function's assigned-variables set");
    safe.undo(before);
    return acc;
  }

  /** The value of `x` where statements may precede it: a nested comprehension's
   *  statements go to `out` (at `indent`; or, that deep in JS blocks, into a sibling
   *  arrow function, see INLINE_BLOCK_DEPTH) and its temp is the value; anything else is
   *  its expression. */
  private valueOf(fn: FnScope, x: A.Expr, out: Frag[], indent: string): Frag {
    const c = nestedComprehension(x);
    if (!c) return this.expr(fn, x);
    if (blockDepth(indent) < INLINE_BLOCK_DEPTH) return this.comprehensionStmts(fn, c, out, indent);
    const name = `$q${this.nextCut++}`;
    const body: Frag[] = [];
    const acc = this.comprehensionStmts(fn, c, body, "    ");
    (fn.cuts ??= []).push(`  const ${name} = () => {\n`, body, `    return ${acc};\n  };\n`);
    return [name, wrapMark(fn.name, c.lbrack), "()"];
  }

  // ---- operators ---------------------------------------------------------------------

  private unary(fn: FnScope, e: A.UnaryExpr): Frag {
    if (e.op === "not") return ["!", this.cond(fn, e.x!)];
    const x = this.expr(fn, e.x!);
    if (e.op === "-") {
      const [setup, a] = this.operand(fn, x);
      // -5: a negative literal (a safe int, as every digits-only literal here is).
      if (isIntLiteral(a)) return a === "0" ? "0" : `(-${a})`;
      if (fn.kinds.of(e.x!) === "small") return ["(", setup, `0 - ${a})`];
      return ["(", setup, `typeof ${a} === "number" ? 0 - ${a} : $unary`, mark(fn.name, e.opPos), `("-", ${a}))`];
    }
    return ["$unary", mark(fn.name, e.opPos), `(${jsString(e.op)}, `, x, ")"];
  }

  /** A long left spine (see chain.ts) as one flat comma expression over one temp:
   *  `(t = leaf, t = op1(t, y1), t = op2(t, y2), ..., t)`. Same order of evaluation as the
   *  nested form; each step is compiled by the ordinary code with its left operand
   *  replaced by the temp, so QuickJS parses and runs it without deep recursion. */
  private flatChain(fn: FnScope, spine: A.Expr[]): Frag {
    const t = this.temp(fn);
    const leaf = leftOf(spine[spine.length - 1])!;
    // The temps a step uses are dead once it has run: the next step reuses them (a
    // function with 12,000 temps makes QuickJS's variable lookups quadratic).
    const base = fn.temps;
    let peak = base;
    const parts: Frag[] = ["(", t, " = ", this.expr(fn, leaf)];
    this.evaluated.set(leaf, t);
    for (let i = spine.length - 1; i >= 0; i--) {
      peak = Math.max(peak, fn.temps);
      fn.temps = base;
      const step = this.expr(fn, spine[i]);
      this.evaluated.delete(leftOf(spine[i])!);
      if (i > 0) this.evaluated.set(spine[i], t);
      parts.push(", ", t, " = ", step);
    }
    fn.temps = Math.max(peak, fn.temps);
    parts.push(", ", t, ")");
    return parts;
  }

  /** A long `and`/`or` chain (a op b op c ...): the first operand whose truth decides, as a
   *  flat `||`/`&&` chain over one temp (QuickJS parses those iteratively). With `asCond`,
   *  a JS boolean (compile.go's ifelse), else the Starlark value. */
  private logicalChain(fn: FnScope, operands: A.Expr[], op: "and" | "or", asCond: boolean): Frag {
    const jsOp = op === "and" ? " && " : " || ";
    if (asCond) return ["(", join(this.eachReusingTemps(fn, operands, (x) => this.cond(fn, x)), jsOp), ")"];
    const t = this.temp(fn);
    const truth = `(${t} === true || (${t} !== false && ${t} !== null && $truth(${t})))`;
    const last = operands.length - 1;
    const steps = this.eachReusingTemps(fn, operands, (x, i): Frag =>
      i === last ? ["(", t, " = ", this.expr(fn, x), ")"] : ["(", t, " = ", this.expr(fn, x), ", ", truth, ")"]);
    return ["(", join(steps, jsOp), ", ", t, ")"];
  }

  /** Compiles the operands of a flat chain one after the other. Each has run completely
   *  before the next starts, so the temps one uses are dead for the next, which reuses
   *  them: a function with thousands of temps makes QuickJS's variable lookup quadratic. */
  private eachReusingTemps(fn: FnScope, items: A.Expr[], compile: (x: A.Expr, i: number) => Frag): Frag[] {
    const base = fn.temps;
    let peak = base;
    const out = items.map((x, i) => {
      fn.temps = base;
      const f = compile(x, i);
      peak = Math.max(peak, fn.temps);
      return f;
    });
    fn.temps = peak;
    return out;
  }

  private binary(fn: FnScope, e: A.BinaryExpr): Frag {
    if (e.op === "and" || e.op === "or") {
      const operands = logicalOperands(e);
      if (operands) return this.logicalChain(fn, operands, e.op, false);
      const t = this.temp(fn);
      const x = this.expr(fn, e.x);
      const y = this.expr(fn, e.y);
      const truth = `${t} === true || (${t} !== false && ${t} !== null && $truth(${t}))`;
      return e.op === "or"
        ? [`(${t} = `, x, `, ${truth} ? ${t} : `, y, ")"]
        : [`(${t} = `, x, `, ${truth} ? `, y, ` : ${t})`];
    }
    if (e.op === "=") throw new Error("keyword argument outside a call");
    if ((e.op === "==" || e.op === "!=") && !this.evaluated.has(e.x)) {
      // x % c == 0 (c a positive int literal): for an int x, the remainder's sign fix-up
      // cannot matter (a negative remainder is never 0 after adding c), so one test.
      let x = e.x;
      while (x.kind === "ParenExpr") x = x.x;
      let y = e.y;
      while (y.kind === "ParenExpr") y = y.x;
      if (y.kind === "Literal" && y.token === "INT" && BigInt(y.value as bigint) === 0n && x.kind === "BinaryExpr" && x.op === "%") {
        let c = x.y;
        while (c.kind === "ParenExpr") c = c.x;
        if (c.kind === "Literal" && c.token === "INT" && BigInt(c.value as bigint) > 0n && BigInt(c.value as bigint) <= BigInt(MAX_SAFE)) {
          const [sa, a] = this.operand(fn, this.expr(fn, x.x));
          if (!isStringLiteral(a)) {
            const cs = String(c.value);
            if (fn.kinds.of(x.x) === "small") return ["(", sa, `${a} % ${cs} ${e.op}= 0)`];
            const test = `typeof ${a} === "number"`;
            return [
              "(", sa, `${test} ? ${a} % ${cs} ${e.op}= 0 : `,
              "$binary", mark(fn.name, e.opPos), `(${jsString(e.op)}, `, "$binary", mark(fn.name, x.opPos), `("%", ${a}, ${cs}), 0))`,
            ];
          }
        }
      }
    }
    if (e.op === "%" && !this.evaluated.has(e.x)) {
      let x = e.x;
      while (x.kind === "ParenExpr") x = x.x;
      if (x.kind === "Literal" && x.token === "STRING") {
        const fast = this.percentLiteral(fn, x.value as string, e.y, e.opPos);
        if (fast !== undefined) return fast;
      }
    }
    return this.binop(fn, e.op, this.expr(fn, e.x), this.expr(fn, e.y), e.opPos, [fn.kinds.of(e.x), fn.kinds.of(e.y)]);
  }

  /** "lit %s lit %d" % (a, b) (or % a with one conversion), when the format has only %s,
   *  %d and %% conversions: concatenated inline when every %s argument is a string and
   *  every %d one a safe int (what the runtime's interpolate does for them), else the
   *  runtime formatter. Undefined for other formats. */
  private percentLiteral(fn: FnScope, fmt: string, ye: A.Expr, pos: A.Position): Frag | undefined {
    const lits: string[] = [];
    const convs: string[] = [];
    let lit = "";
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if (c !== "%") {
        lit += c;
        continue;
      }
      const d = fmt[i + 1];
      i++;
      if (d === "%") lit += "%";
      else if (d === "s" || d === "d") {
        lits.push(lit);
        convs.push(d);
        lit = "";
      } else return undefined;
    }
    lits.push(lit);
    if (convs.length === 0) return undefined;
    let y = ye;
    while (y.kind === "ParenExpr") y = y.x;
    const setup: Frag[] = [];
    const args: string[] = [];
    let slowArg: string;
    if (y.kind === "TupleExpr") {
      if (y.list.length !== convs.length) return undefined;
      for (const el of y.list) {
        const [s, a] = this.operand(fn, this.expr(fn, el));
        setup.push(s);
        args.push(a);
      }
      slowArg = `$tuple([${args.join(", ")}])`;
    } else {
      if (convs.length !== 1) return undefined;
      const [s, a] = this.operand(fn, this.expr(fn, y));
      setup.push(s);
      args.push(a);
      slowArg = a;
    }
    const tests = args.map((a, i) => `typeof ${a} === ${convs[i] === "s" ? '"string"' : '"number"'}`).join(" && ");
    // (A leading %s of a string needs no "" + to make the result a string.)
    let cat = lits[0] === "" && convs[0] === "s" ? "" : jsString(lits[0]);
    for (let i = 0; i < args.length; i++) {
      cat += cat === "" ? args[i] : ` + ${args[i]}`;
      if (lits[i + 1] !== "") cat += ` + ${jsString(lits[i + 1])}`;
    }
    return ["(", setup, `${tests} ? ${cat} : $percent`, mark(fn.name, pos), `(${jsString(fmt)}, ${slowArg}))`];
  }

  /** A side-effect-free reference to an operand: the fragment itself if it is a plain
   *  name or number, else a temp assigned in `setup` (which ends with ", "). */
  /** An expression as a JS atom: itself when it is one, else a temp it is assigned to
   *  first. With `plainName`, only a local variable counts as an atom (a global `$g[i]` or
   *  a cell's `.v` is read once into a temp, for code that reads the atom several times). */
  private operand(fn: FnScope, x: Frag, plainName = false): [Frag, string] {
    if (typeof x === "string" && (plainName ? /^[$\w]+$/ : /^(-?\d+|[$\w]+(\[\d+\])?(\.v)?|null|true|false|"([^"\\]|\\.)*")$/).test(x)) return ["", x];
    const t = this.temp(fn);
    return [[`${t} = `, x, ", "], t];
  }

  /** `kinds`: what value-kinds.ts knows of the operands. */
  private binop(fn: FnScope, op: A.BinaryOp, xf: Frag, yf: Frag, pos: A.Position, kinds: Kinds = NO_KINDS): Frag {
    const m = mark(fn.name, pos);
    const slow = (a: string, b: string): Frag => ["$binary", m, `(${jsString(op)}, ${a}, ${b})`];
    const [kx, ky] = kinds;
    switch (op) {
      case "+":
      case "-":
      case "*":
        return this.plusLike(fn, op, xf, yf, pos, "$binary", kinds);
      case "<": case "<=": case ">": case ">=": {
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        // Two small ints: numbers. (Not a bigint: QuickJS orders some number/bigint mixes
        // wrongly, runtime/int.ts intCmp.) Two strings: bytewise.
        if (kx === ky && (kx === "small" || kx === "str")) return ["(", sx, sy, `${a} ${op} ${b})`];
        // ints compare as numbers, strings bytewise (char codes are bytes): JS semantics.
        const test = isIntLiteral(b) ? `typeof ${a} === "number"` : isIntLiteral(a) ? `typeof ${b} === "number"`
          : `(typeof ${a} === "number" ? typeof ${b} === "number" : typeof ${a} === "string" && typeof ${b} === "string")`;
        // Other operands: Compare itself (what binary() would call, after its dispatch).
        return ["(", sx, sy, `${test} ? ${a} ${op} ${b} : `, "$compare", m, `(${jsString(op)}, ${a}, ${b})`, ")"];
      }
      case "==": case "!=": {
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        // None, True and False equal only themselves; so do ints (always normalised) among
        // ints, and strings whatever the other operand.
        const exact = kx === "str" || ky === "str" || (kx !== undefined && ky !== undefined);
        if (isSingleton(a) || isSingleton(b) || exact) return ["(", sx, sy, `${a} ${op}= ${b})`];
        // Equal primitives of one type are equal Starlark values; 1 == 1.0 needs the runtime.
        const test = isIntLiteral(b) ? `typeof ${a} === "number"` : isIntLiteral(a) ? `typeof ${b} === "number"`
          : isStringLiteral(b) ? `typeof ${a} === "string"` : isStringLiteral(a) ? `typeof ${b} === "string"`
          : `(typeof ${a} === "number" ? typeof ${b} === "number" : typeof ${a} === "string" && typeof ${b} === "string")`;
        return ["(", sx, sy, `${test} ? ${a} ${op}= ${b} : `, slow(a, b), ")"];
      }
      case "//": case "%": {
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        const r = this.temp(fn);
        if (op === "%" && isStringLiteral(a)) {
          // "format" % args: straight to the formatter.
          return ["(", sx, sy, "$percent", m, `(${a}, ${b}))`];
        }
        const positive = isIntLiteral(b) && Number(b) > 0;
        const numA = kx === "small" ? [] : [`typeof ${a} === "number"`];
        const numB = ky === "small" ? [] : [`typeof ${b} === "number"`];
        const test = (positive ? numA : [...numA, ...numB, `${b} !== 0`]).join(" && ") || "true";
        // Floor division and modulo take the sign of the divisor; "+ 0" turns -0 into 0.
        const fast = op === "//"
          ? `Math.floor(${a} / ${b}) + 0`
          : positive
            ? `((${r} = ${a} % ${b}) < 0 ? ${r} + ${b} : ${r} + 0)`
            : `(${r} = ${a} % ${b}, ${r} !== 0 && (${r} < 0) !== (${b} < 0) ? ${r} + ${b} : ${r} + 0)`;
        if (test === "true") return ["(", sx, sy, fast, ")"];
        return ["(", sx, sy, `${test} ? ${fast} : `, slow(a, b), ")"];
      }
      case "&": case "|": case "^": {
        // Bitwise ops on int32 values are exact in JS; "| 0" checks int32-ness.
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        if (isStringLiteral(a) || isStringLiteral(b) || isSingleton(a) || isSingleton(b)) return ["(", sx, sy, slow(a, b), ")"];
        // (Small ints are numbers: only their int32-ness is left to test.)
        const number = (v: string, k: ValueKind | undefined) => (k === "small" || isIntLiteral(v) ? "" : `typeof ${v} === "number" && `);
        return ["(", sx, sy, `${number(a, kx)}${number(b, ky)}(${a} | 0) === ${a} && (${b} | 0) === ${b} ? ${a} ${op} ${b} : `, slow(a, b), ")"];
      }
      case "in": case "not in": {
        // Substring test on two strings inline (byte strings: JS includes is bytewise).
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        const neg = op === "not in" ? "!" : "";
        if ((isStringLiteral(a) || kx === "str") && ky === "str") return ["(", sx, sy, `${neg}${b}.includes(${a}))`];
        const test = isStringLiteral(a) || kx === "str" ? `typeof ${b} === "string"` : `typeof ${a} === "string" && typeof ${b} === "string"`;
        if (isIntLiteral(b) || isSingleton(b)) return ["(", sx, sy, slow(a, b), ")"];
        return ["(", sx, sy, `${test} ? ${neg}${b}.includes(${a}) : `, slow(a, b), ")"];
      }
      default: {
        const [sx, a] = this.operand(fn, xf);
        const [sy, b] = this.operand(fn, yf);
        return ["(", sx, sy, slow(a, b), ")"];
      }
    }
  }

  /** + - * on two safe ints inline (falling back when the result leaves the safe range,
   *  where the runtime switches to bigint), + on two strings inline; anything else
   *  through `helper`. */
  private plusLike(fn: FnScope, op: "+" | "-" | "*", xf: Frag, yf: Frag, pos: A.Position, helper: string, kinds: Kinds = NO_KINDS): Frag {
    const [sx, a] = this.operand(fn, xf);
    const [sy, b] = this.operand(fn, yf);
    if (isIntLiteral(a) && isIntLiteral(b)) {
      // 1024 * 1024: two literals whose result is a safe, non-negative int, computed now
      // (no error, nothing else can happen at run time).
      const n = op === "+" ? BigInt(a) + BigInt(b) : op === "-" ? BigInt(a) - BigInt(b) : BigInt(a) * BigInt(b);
      if (n >= 0n && n <= BigInt(MAX_SAFE)) return n.toString();
    }
    const r = this.temp(fn);
    const call: Frag = helper === "$binary"
      ? ["$binary", mark(fn.name, pos), `(${jsString(op)}, ${a}, ${b})`]
      : [helper, mark(fn.name, pos), `(${a}, ${b})`];
    // (a small int, like a literal, needs no test: it is a number; a string, no string test)
    const [kx, ky] = kinds;
    const strA = isStringLiteral(a) || kx === "str";
    const strB = isStringLiteral(b) || ky === "str";
    if (op === "+" && strA && strB) return ["(", sx, sy, `${a} + ${b})`];
    const tests = [
      ...(isIntLiteral(a) || kx === "small" ? [] : [`typeof ${a} === "number"`]),
      ...(isIntLiteral(b) || ky === "small" ? [] : [`typeof ${b} === "number"`]),
    ];
    const intFast = `${[...tests, `(${r} = ${a} ${op} ${b} + 0) <= ${MAX_SAFE}`].join(" && ")} && ${r} >= -${MAX_SAFE} ? ${r} : `;
    const intA = isIntLiteral(a) || (kx !== undefined && kx !== "str");
    const intB = isIntLiteral(b) || (ky !== undefined && ky !== "str");
    const strFast = op !== "+" || intA || intB ? ""
      : strB ? `typeof ${a} === "string" ? ${a} + ${b} : `
      : strA ? `typeof ${b} === "string" ? ${a} + ${b} : `
      : `typeof ${a} === "string" && typeof ${b} === "string" ? ${a} + ${b} : `;
    if (strA || strB) return ["(", sx, sy, strFast, call, ")"];
    return ["(", sx, sy, intFast, strFast, call, ")"];
  }

  /** A JS boolean for Starlark truth of `e`, as compile.go's ifelse. */
  private cond(fn: FnScope, e: A.Expr): Frag {
    this.depth++;
    const out = this.cut(fn, this.condNode(fn, e));
    this.depth--;
    return out;
  }

  private condNode(fn: FnScope, e: A.Expr): Frag {
    while (e.kind === "ParenExpr") e = e.x;
    if (e.kind === "UnaryExpr" && e.op === "not") return ["!(", this.cond(fn, e.x!), ")"];
    if (e.kind === "BinaryExpr") {
      if (e.op === "and" || e.op === "or") {
        const operands = logicalOperands(e);
        if (operands) return this.logicalChain(fn, operands, e.op, true);
      }
      if (e.op === "and") return ["(", this.cond(fn, e.x), " && ", this.cond(fn, e.y), ")"];
      if (e.op === "or") return ["(", this.cond(fn, e.x), " || ", this.cond(fn, e.y), ")"];
      if (["==", "!=", "<", "<=", ">", ">=", "in", "not in"].includes(e.op)) return this.expr(fn, e);
    }
    const [s, t] = this.operand(fn, this.expr(fn, e));
    if (t === "true") return "true";
    if (t === "false" || t === "null") return "false";
    return ["(", s, `${t} === true || (${t} !== false && $truth(${t})))`];
  }
}

function isIntLiteral(js: string): boolean {
  return /^\d+$/.test(js);
}

function isSingleton(js: string): boolean {
  return js === "null" || js === "true" || js === "false";
}

function isStringLiteral(js: string): boolean {
  return js.startsWith('"');
}

function join(items: Frag[], sep: string): Frag {
  const out: Frag[] = [];
  items.forEach((x, i) => {
    if (i) out.push(sep);
    out.push(x);
  });
  return out;
}

export interface GenerateOptions {
  /** Whether load statements may succeed (Dialect.load); when false they fail at run time
   *  with go.starlark.net's "load not implemented by this application". */
  load?: boolean;
  /** Whether functions may call themselves (Dialect.recursion); enforced by the runtime. */
  recursion?: boolean;
  /** Predeclared functions whose result is always a safe integer (or an error), from the
   *  host's catalog: their results need no type tests where the code compares or adds them. */
  smallIntResults?: readonly string[];
  /** Top-level functions whose JS is at most this many characters are compiled by QuickJS
   *  on their first call (see Codegen.lazy); 0 compiles every one with the program. */
  lazyFunctionChars?: number;
}

/** Small functions only: a big one could fail to compile (QuickJS's own limits) and must do
 *  so when the program loads, as before; their share of a program's text is small anyway. */
export const DEFAULT_LAZY_FUNCTION_CHARS = 4096;

/** Names lazily compiled functions apart across the programs of this process (their stack
 *  frames all come from QuickJS's "<input>", the file name of eval'd code). */
let lazySerial = 0;

/** Compiles a parsed and successfully resolved file. */
export function generate(file: A.File, opts: GenerateOptions = {}): CompiledProgram {
  return new Codegen(file, opts).compile();
}
