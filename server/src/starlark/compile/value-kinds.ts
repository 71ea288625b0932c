// Which expressions of a function can only be Starlark ints, or only strings, so that the code
// generator can leave out the run-time type tests of its fast paths (in QuickJS each
// `typeof x === "number"` costs about as much as the comparison it guards: most of a candidate
// loop's `n < best`).
//
// Ints are a JS number while safe and a bigint beyond (runtime/int.ts, always normalised), so:
// - "int": a number or a bigint. Equal ints are === (a bigint is never a safe integer).
// - "small": a safe-integer JS number. Two of them compare with JS's < as they are (a number
//   and a bigint may not: QuickJS misorders some mixes), and arithmetic on them needs no type
//   test, only the range check of its result that the fast path makes anyway.
// - "str": a JS string (Starlark strings are byte strings, runtime/CONTRACT.md): they
//   concatenate, compare and index as JS strings do, and equal a non-string never.
//
// A local is typed when every assignment to it in its function gives that kind (parameters,
// unpacking and anything unknown give none); a global likewise, over the top level, where all
// its assignments are. Assignments may read typed variables, so the kinds are the greatest
// fixed point, started optimistic: sound by induction over the run (each value stored is of
// its kind if the values read were). A read of an unassigned variable fails before it yields
// a value, so it needs no kind. Nested functions cannot assign an outer function's locals
// (Starlark has no `nonlocal`), so each function's assignments are all in its own body.
import type * as A from "../syntax/ast";
import type { Binding } from "../resolve/binding";
import { walk } from "../syntax/walk";

export type ValueKind = "small" | "int" | "str";

const MAX_SAFE = 9007199254740991n;
/** Deeper expressions are not typed (hostile inputs nest far deeper than JS recursion allows). */
const MAX_DEPTH = 48;
/** More rounds than this (dependency chains written backwards) and the function is not typed. */
const MAX_ROUNDS = 8;

/** Universe functions whose result is a small int (hashes), and a natural one (lengths, code points). */
const SMALL_UNIVERSALS = new Set(["hash"]);
const NAT_UNIVERSALS = new Set(["len", "ord"]);
/** Universe functions whose result is a string. */
const STR_UNIVERSALS = new Set(["str", "repr", "type", "chr"]);
/** String methods whose result is a string, those whose result is a small int (-1 when not
 *  found), and those whose result is a natural number. */
const STR_METHODS = new Set([
  "capitalize", "format", "join", "lower", "lstrip", "removeprefix", "removesuffix", "replace", "rstrip", "strip", "title", "upper",
]);
const SMALL_METHODS = new Set(["find", "rfind"]);
const NAT_METHODS = new Set(["count", "index", "rindex"]);

/** The analysis's own values: ValueKind, "nat" (a small int that is never negative: what `%`
 *  by a positive number, a one-argument range and len give, and bitwise operations keep; the
 *  code generator sees it as "small"), "top" while a local has no kind yet (the optimistic
 *  start; left at the end only by locals never assigned: each assignment to them reads one of
 *  them, unassigned, and fails), undefined when nothing is known. */
type Kind = ValueKind | "nat" | "top";

type Source =
  | { kind: "small" }
  | { kind: "value"; x: A.Expr }
  | { kind: "augmented"; op: A.BinaryOp; lhs: A.Ident; rhs: A.Expr }
  | { kind: "iterate"; x: A.Expr; index: number }
  | { kind: "unknown" };

const UNKNOWN: Source = { kind: "unknown" };
const SMALL: Source = { kind: "small" };

export class ValueKinds {
  private readonly kinds = new Map<Binding, Kind>();

  /** `nodes`: the function's body (statements, or a lambda's expression), or the module's;
   *  `params`: its parameters' bindings; `smallIntResults`: predeclared functions whose result is
   *  a small int; `module`: the module's kinds (for a function: the globals' kinds there,
   *  all assigned at top level); `smallParams`: parameters known to be small ints on entry
   *  (param-speculation.ts: the function tested it). */
  constructor(
    nodes: readonly A.Node[], params: readonly Binding[], private readonly smallIntResults: ReadonlySet<string>,
    private readonly module?: ValueKinds, smallParams: ReadonlySet<Binding> = new Set(),
  ) {
    const sources = collectSources(nodes);
    // (A parameter's value on entry is one of its assignments; the body may add others.)
    for (const p of params) sources.set(p, smallParams.has(p) ? [SMALL, ...(sources.get(p) ?? [])] : [UNKNOWN]);
    for (const b of sources.keys()) this.kinds.set(b, "top");
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) {
        this.kinds.clear();
        return;
      }
      let changed = false;
      for (const [b, list] of sources) {
        const was = this.kinds.get(b);
        if (was === undefined) continue;
        let k: Kind | undefined = was;
        for (const s of list) {
          k = meet(k, this.sourceKind(s));
          if (k === undefined) break;
        }
        if (k !== was) {
          changed = true;
          if (k === undefined) this.kinds.delete(b);
          else this.kinds.set(b, k);
        }
      }
      if (!changed) return;
    }
  }

  /** Whether this analysis knows more of some variable outside `except` than `other`, an
   *  analysis of the same function, does (param-speculation.ts: worth a second body?). */
  knowsMoreThan(other: ValueKinds, except: ReadonlySet<Binding>): boolean {
    for (const [b, k] of this.kinds) {
      if (k === "top" || except.has(b)) continue;
      const o = other.kinds.get(b);
      if (o === undefined || o === "top" || (isSmall(k) && o === "int")) return true;
    }
    return false;
  }

  /** The kind every value of a variable assigned here has, if known. */
  ofBinding(b: Binding): ValueKind | undefined {
    return outward(this.kinds.get(b));
  }

  /** The kind every value of `e` has, if known. */
  of(e: A.Expr): ValueKind | undefined {
    return outward(this.expr(e, 0));
  }

  private sourceKind(s: Source): Kind | undefined {
    switch (s.kind) {
      case "small": return "small";
      case "value": return this.expr(s.x, 0);
      case "augmented": return this.binary(s.op, s.lhs, s.rhs, 0);
      case "iterate": return this.element(s.x, s.index);
      case "unknown": return undefined;
    }
  }

  /** The kind of the elements (or of element `index` of each tuple) of iterating `x`. */
  private element(x: A.Expr, index: number): Kind | undefined {
    x = unparen(x);
    if (x.kind !== "CallExpr" || !isUniversal(x.fn)) return undefined;
    const args = x.args;
    if (args.some((a) => (a.kind === "BinaryExpr" && a.op === "=") || (a.kind === "UnaryExpr" && (a.op === "*" || a.op === "**")))) return undefined;
    const name = (x.fn as A.Ident).name;
    // range: ints (its arguments must be); between its bounds, so small bounds give small
    // elements (a range past the safe integers yields bigints).
    if (name === "range" && index < 0 && args.length >= 1 && args.length <= 3) {
      const ks = args.map((a) => this.expr(a, 1));
      if (!ks.every(isSmall)) return "int";
      // range(n) counts up from 0; range(a, b[, step]) stays between a and b.
      return args.length === 1 || (isNat(ks[0]) && isNat(ks[1])) ? "nat" : "small";
    }
    // enumerate(x): (index, element) pairs; the index is small and counts up from 0.
    if (name === "enumerate" && index === 0 && args.length === 1) return "nat";
    return undefined;
  }

  private expr(e: A.Expr, depth: number): Kind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (e.kind) {
      case "ParenExpr":
        return this.expr(e.x, depth + 1);
      case "Literal":
        if (e.token === "STRING") return "str";
        if (e.token !== "INT") return undefined;
        if ((e.value as bigint) > MAX_SAFE || (e.value as bigint) < -MAX_SAFE) return "int";
        return (e.value as bigint) >= 0n ? "nat" : "small";
      case "Ident":
        if (!e.binding) return undefined;
        if (e.binding.scope === "global" && this.module) return this.module.ofBinding(e.binding);
        return this.kinds.get(e.binding);
      case "UnaryExpr": {
        if (e.op !== "-" && e.op !== "+" && e.op !== "~") return undefined;
        const k = this.expr(e.x!, depth + 1);
        if (k === "str") return undefined;
        if (k === "top") return k;
        // ~x is -x-1: one past the safe range for the most positive small int; -x of a
        // natural number is small, +x is x.
        if (k === undefined) return k;
        if (e.op === "~") return "int";
        return e.op === "-" && k === "nat" ? "small" : k;
      }
      case "BinaryExpr":
        if (e.op === "=") return undefined;
        return this.binary(e.op, e.x, e.y, depth + 1);
      case "CondExpr":
        return meet(this.expr(e.trueX, depth + 1), this.expr(e.falseX, depth + 1));
      case "CallExpr":
        return this.callResult(e, depth + 1);
      case "IndexExpr":
      case "SliceExpr":
        // (an element or a slice of a string, or an error)
        return oneOf(this.expr(e.x, depth + 1), "str");
      default:
        return undefined;
    }
  }

  private binary(op: A.BinaryOp, x: A.Expr, y: A.Expr, depth: number): Kind | undefined {
    const kx = this.expr(x, depth);
    if (kx === undefined || kx === "top") return kx;
    if (kx === "str") {
      // concatenation of two strings; formatting
      if (op === "+") return oneOf(this.expr(y, depth), "str");
      return op === "%" ? "str" : undefined;
    }
    const ky = this.expr(y, depth);
    if (ky === undefined || ky === "str") return undefined;
    if (ky === "top") return ky;
    switch (op) {
      case "|": case "^":
        // Of two natural numbers, no bit above theirs (else it may leave the safe range:
        // (2**53 - 1) ^ -1 is -2**53).
        return kx === "nat" && ky === "nat" ? "nat" : "int";
      case "+": case "-": case "*": case "<<": case ">>":
        // (the result may leave the safe range)
        return "int";
      case "//":
        // |x // y| <= |x| for a non-zero y (and y = 0 fails); of natural numbers, natural.
        return meet(kx, ky);
      case "%":
        // |x % y| < |y|, with y's sign (a natural y: in [0, y))
        return ky;
      case "&": {
        // x & y with y >= 0 lies in [0, y].
        return isNat(ky) || isNat(kx) ? "nat" : "int";
      }
      default:
        return undefined;
    }
  }

  private callResult(e: A.CallExpr, depth: number): Kind | undefined {
    const f = e.fn;
    if (f.kind === "DotExpr") {
      // a string's method
      const r = STR_METHODS.has(f.name.name) ? "str" : NAT_METHODS.has(f.name.name) ? "nat" : SMALL_METHODS.has(f.name.name) ? "small" : undefined;
      return r === undefined ? undefined : oneOf(this.expr(f.x, depth), "str", r);
    }
    if (f.kind !== "Ident" || !f.binding) return undefined;
    if (f.binding.scope === "universal") {
      if (NAT_UNIVERSALS.has(f.name)) return "nat";
      if (SMALL_UNIVERSALS.has(f.name)) return "small";
      if (STR_UNIVERSALS.has(f.name)) return "str";
      if (f.name === "int") return "int";
      return undefined;
    }
    if (f.binding.scope === "predeclared" && this.smallIntResults.has(f.name)) return "small";
    return undefined;
  }
}

function meet(a: Kind | undefined, b: Kind | undefined): Kind | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === b || b === "top") return a;
  if (a === "top") return b;
  if (a === "str" || b === "str") return undefined;
  return isSmall(a) && isSmall(b) ? "small" : "int";
}

function isSmall(k: Kind | undefined): boolean {
  return k === "small" || k === "nat" || k === "top";
}

function isNat(k: Kind | undefined): boolean {
  return k === "nat" || k === "top";
}

/** What the code generator is told: a natural number is a small int. */
function outward(k: Kind | undefined): ValueKind | undefined {
  return k === "top" ? undefined : k === "nat" ? "small" : k;
}

/** `result` when `k` is `want`; "top" (still unknown) stays "top", so that the rounds only
 *  ever lower a kind. */
function oneOf(k: Kind | undefined, want: ValueKind, result: Kind = want): Kind | undefined {
  return k === "top" ? k : k === want ? result : undefined;
}

function unparen(e: A.Expr): A.Expr {
  while (e.kind === "ParenExpr") e = e.x;
  return e;
}

function isUniversal(e: A.Expr): boolean {
  return e.kind === "Ident" && e.binding?.scope === "universal";
}

/** Every assignment to a local, cell or global binding in `nodes`, outside nested functions. */
function collectSources(nodes: readonly A.Node[]): Map<Binding, Source[]> {
  const sources = new Map<Binding, Source[]>();
  const add = (id: A.Ident, s: Source) => {
    const b = id.binding;
    if (!b || (b.scope !== "local" && b.scope !== "cell" && b.scope !== "global")) return;
    const list = sources.get(b);
    if (list) list.push(s);
    else sources.set(b, [s]);
  };
  /** Every identifier bound by a target: `s` for a plain name, unknown inside unpacking. */
  const bind = (target: A.Expr, s: Source) => {
    target = unparen(target);
    if (target.kind === "Ident") {
      add(target, s);
      return;
    }
    if (target.kind === "TupleExpr" || target.kind === "ListExpr") {
      target.list.forEach((t, i) => {
        // (an element of an unpacked iteration: its kind at that index)
        bind(t, s.kind === "iterate" && s.index < 0 ? { kind: "iterate", x: s.x, index: i } : UNKNOWN);
      });
    }
  };
  /** The defaults of a nested function's parameters run in this one. */
  const visitDefaults = (params: readonly A.Expr[]) => {
    for (const p of params) if (p.kind === "BinaryExpr") walk(p.y, visit);
  };
  const visit = (n: A.Node): boolean => {
    switch (n.kind) {
      case "AssignStmt":
        if (n.op === "=") bind(n.lhs, { kind: "value", x: n.rhs });
        else {
          const lhs = unparen(n.lhs);
          if (lhs.kind === "Ident") add(lhs, { kind: "augmented", op: n.op.slice(0, -1) as A.BinaryOp, lhs, rhs: n.rhs });
        }
        return true;
      case "ForStmt":
      case "ForClause":
        bind(n.vars, { kind: "iterate", x: n.x, index: -1 });
        return true;
      case "LoadStmt":
        for (const id of n.to) add(id, UNKNOWN);
        return true;
      case "DefStmt":
        add(n.name, UNKNOWN);
        visitDefaults(n.params);
        return false;
      case "LambdaExpr":
        visitDefaults(n.params);
        return false;
      default:
        return true;
    }
  };
  for (const n of nodes) walk(n, visit);
  return sources;
}
