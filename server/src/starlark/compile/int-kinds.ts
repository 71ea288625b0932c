// Which expressions of a function can only be Starlark ints, so that the code generator can
// leave out the run-time type tests of its fast paths (in QuickJS each `typeof x === "number"`
// costs about as much as the comparison it guards: most of a candidate loop's `n < best`).
//
// Ints are a JS number while safe and a bigint beyond (runtime/int.ts, always normalised), so:
// - "int": a number or a bigint. Equal ints are === (a bigint is never a safe integer).
// - "small": a safe-integer JS number. Two of them compare with JS's < as they are (a number
//   and a bigint may not: QuickJS misorders some mixes), and arithmetic on them needs no type
//   test, only the range check of its result that the fast path makes anyway.
//
// A local is typed when every assignment to it in its function gives that kind (parameters,
// unpacking and anything unknown give none); assignments may read typed locals, so the kinds
// are the greatest fixed point, started optimistic: sound by induction over the run (each value
// stored is of its kind if the values read were). A read of an unassigned local fails before
// it yields a value, so it needs no kind. Nested functions cannot assign an outer function's
// locals (Starlark has no `nonlocal`), so each function's assignments are all in its own body.
import type * as A from "../syntax/ast";
import type { Binding } from "../resolve/binding";
import { walk } from "../syntax/walk";

export type IntKind = "small" | "int";

const MAX_SAFE = 9007199254740991n;
/** Deeper expressions are not typed (hostile inputs nest far deeper than JS recursion allows). */
const MAX_DEPTH = 48;
/** More rounds than this (dependency chains written backwards) and the function is not typed. */
const MAX_ROUNDS = 8;

/** Universe functions whose result is a small int (lengths, hashes, code points). */
const SMALL_UNIVERSALS = new Set(["len", "hash", "ord"]);

type Source =
  | { kind: "value"; x: A.Expr }
  | { kind: "augmented"; op: A.BinaryOp; lhs: A.Ident; rhs: A.Expr }
  | { kind: "iterate"; x: A.Expr; index: number }
  | { kind: "unknown" };

const UNKNOWN: Source = { kind: "unknown" };

export class IntKinds {
  private readonly kinds = new Map<Binding, IntKind>();

  /** `nodes`: the function's body (statements, or a lambda's expression); `params`: its
   *  parameters' bindings; `intResults`: predeclared functions whose result is a small int. */
  constructor(nodes: readonly A.Node[], params: readonly Binding[], private readonly intResults: ReadonlySet<string>) {
    const sources = collectSources(nodes);
    for (const p of params) sources.set(p, [UNKNOWN]);
    for (const b of sources.keys()) this.kinds.set(b, "small");
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) {
        this.kinds.clear();
        return;
      }
      let changed = false;
      for (const [b, list] of sources) {
        const was = this.kinds.get(b);
        if (was === undefined) continue;
        let k: IntKind | undefined = was;
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

  /** The kind every value of `e` has, if known. */
  of(e: A.Expr): IntKind | undefined {
    return this.expr(e, 0);
  }

  private sourceKind(s: Source): IntKind | undefined {
    switch (s.kind) {
      case "value": return this.expr(s.x, 0);
      case "augmented": return this.binary(s.op, s.lhs, s.rhs, 0);
      case "iterate": return this.element(s.x, s.index);
      case "unknown": return undefined;
    }
  }

  /** The kind of the elements (or of element `index` of each tuple) of iterating `x`. */
  private element(x: A.Expr, index: number): IntKind | undefined {
    x = unparen(x);
    if (x.kind !== "CallExpr" || !isUniversal(x.fn)) return undefined;
    const args = x.args;
    if (args.some((a) => (a.kind === "BinaryExpr" && a.op === "=") || (a.kind === "UnaryExpr" && (a.op === "*" || a.op === "**")))) return undefined;
    const name = (x.fn as A.Ident).name;
    // range: ints (its arguments must be); between its bounds, so small bounds give small
    // elements (a range past the safe integers yields bigints).
    if (name === "range" && index < 0 && args.length >= 1 && args.length <= 3) {
      return args.every((a) => this.expr(a, 1) === "small") ? "small" : "int";
    }
    // enumerate(x): (index, element) pairs; the index is small.
    if (name === "enumerate" && index === 0 && args.length === 1) return "small";
    return undefined;
  }

  private expr(e: A.Expr, depth: number): IntKind | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (e.kind) {
      case "ParenExpr":
        return this.expr(e.x, depth + 1);
      case "Literal":
        if (e.token !== "INT") return undefined;
        return (e.value as bigint) <= MAX_SAFE && (e.value as bigint) >= -MAX_SAFE ? "small" : "int";
      case "Ident":
        return e.binding ? this.kinds.get(e.binding) : undefined;
      case "UnaryExpr": {
        if (e.op !== "-" && e.op !== "+" && e.op !== "~") return undefined;
        const k = this.expr(e.x!, depth + 1);
        // ~x is -x-1: one past the safe range for the most positive small int.
        return e.op === "~" && k !== undefined ? "int" : k;
      }
      case "BinaryExpr":
        if (e.op === "=") return undefined;
        return this.binary(e.op, e.x, e.y, depth + 1);
      case "CondExpr":
        return meet(this.expr(e.trueX, depth + 1), this.expr(e.falseX, depth + 1));
      case "CallExpr":
        return this.callResult(e);
      default:
        return undefined;
    }
  }

  private binary(op: A.BinaryOp, x: A.Expr, y: A.Expr, depth: number): IntKind | undefined {
    switch (op) {
      case "+": case "-": case "*": case "|": case "^": case "<<": case ">>":
        // (the result may leave the safe range)
        return this.expr(x, depth) !== undefined && this.expr(y, depth) !== undefined ? "int" : undefined;
      case "//": {
        // |x // y| <= |x| for a non-zero y (and y = 0 fails).
        const kx = this.expr(x, depth);
        return kx === undefined ? undefined : meet(kx, this.expr(y, depth));
      }
      case "%": {
        // An int x (a string x would be formatting): |x % y| < |y|.
        if (this.expr(x, depth) === undefined) return undefined;
        return this.expr(y, depth);
      }
      case "&": {
        // x & y with y >= 0 lies in [0, y].
        const kx = this.expr(x, depth), ky = this.expr(y, depth);
        if (kx === undefined || ky === undefined) return undefined;
        return ky === "small" && isNonNegativeLiteral(y) ? "small" : kx === "small" && isNonNegativeLiteral(x) ? "small" : "int";
      }
      default:
        return undefined;
    }
  }

  private callResult(e: A.CallExpr): IntKind | undefined {
    const f = e.fn;
    if (f.kind !== "Ident" || !f.binding) return undefined;
    if (f.binding.scope === "universal") {
      if (SMALL_UNIVERSALS.has(f.name)) return "small";
      if (f.name === "int") return "int";
      return undefined;
    }
    if (f.binding.scope === "predeclared" && this.intResults.has(f.name)) return "small";
    return undefined;
  }
}

function meet(a: IntKind | undefined, b: IntKind | undefined): IntKind | undefined {
  if (a === undefined || b === undefined) return undefined;
  return a === "small" && b === "small" ? "small" : "int";
}

function unparen(e: A.Expr): A.Expr {
  while (e.kind === "ParenExpr") e = e.x;
  return e;
}

function isUniversal(e: A.Expr): boolean {
  return e.kind === "Ident" && e.binding?.scope === "universal";
}

function isNonNegativeLiteral(e: A.Expr): boolean {
  e = unparen(e);
  return e.kind === "Literal" && e.token === "INT" && (e.value as bigint) >= 0n;
}

/** Every assignment to a local or cell binding in `nodes`, outside nested functions. */
function collectSources(nodes: readonly A.Node[]): Map<Binding, Source[]> {
  const sources = new Map<Binding, Source[]>();
  const add = (id: A.Ident, s: Source) => {
    const b = id.binding;
    if (!b || (b.scope !== "local" && b.scope !== "cell")) return;
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
