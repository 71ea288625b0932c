// The argument-order rules of calls and the parameter-list rules of def and lambda, from
// go.starlark.net resolve.go (`resolver.expr`'s CallExpr case, `resolver.function`). They
// interleave errors with resolving sub-expressions and binding names exactly as Go does,
// so that errors come out in Go's order.
import type { CallExpr, Expr, Ident, Position, UnaryExpr } from "../syntax/ast";
import type { FunctionInfo } from "./binding";

/** The resolver operations these rules need. */
export interface Scoping {
  error(pos: Position, end: Position, msg: string): void;
  /** Resolve an expression in the current block. */
  expr(e: Expr): void;
  /** Bind a name in the current block; true when the block already bound it. */
  bind(id: Ident): boolean;
}

/** A position `n` columns to the right on the same line (the end of an operator). */
function advance(pos: Position, n: number): Position {
  return { line: pos.line, col: pos.col + n, offset: pos.offset + n };
}

/** The CallExpr case of go.starlark.net `resolver.expr`, after the callee: resolve the
 *  arguments, checking their order. */
export function resolveCallArguments(r: Scoping, e: CallExpr): void {
  let seenVarargs = false;
  let seenKwargs = false;
  let seenName: Set<string> | undefined; // made on the first keyword argument
  let numKeyword = 0;
  let numPositional = 0;
  for (let i = 0; i < e.args.length; i++) {
    const arg = e.args[i];
    if (arg.kind === "UnaryExpr" && arg.op === "**") {
      if (seenKwargs) r.error(arg.start, arg.end, "multiple **kwargs not allowed");
      seenKwargs = true;
      r.expr(arg);
    } else if (arg.kind === "UnaryExpr" && arg.op === "*") {
      if (seenKwargs) r.error(arg.start, arg.end, "*args may not follow **kwargs");
      else if (seenVarargs) r.error(arg.start, arg.end, "multiple *args not allowed");
      seenVarargs = true;
      r.expr(arg);
    } else if (arg.kind === "BinaryExpr" && arg.op === "=") {
      numKeyword++;
      if (seenKwargs) r.error(arg.start, arg.end, "keyword argument may not follow **kwargs");
      else if (seenVarargs) r.error(arg.start, arg.end, "keyword argument may not follow *args");
      const name = arg.x;
      if (name.kind === "Ident") {
        if (seenName?.has(name.name)) {
          r.error(name.start, name.end, `keyword argument "${name.name}" is repeated`);
        } else {
          (seenName ??= new Set<string>()).add(name.name);
        }
      }
      r.expr(arg.y);
    } else {
      numPositional++;
      if (seenVarargs) r.error(arg.start, arg.end, "positional argument may not follow *args");
      else if (seenKwargs) r.error(arg.start, arg.end, "positional argument may not follow **kwargs");
      else if (seenName !== undefined && seenName.size > 0) r.error(arg.start, arg.end, "positional argument may not follow named");
      r.expr(arg);
    }
  }
  // Limits imposed by the compiler's instruction encoding; reported at the call's start.
  if (numPositional >= 256) {
    r.error(e.start, e.end, `${numPositional} positional arguments in call, limit is 255`);
  }
  if (numKeyword >= 256) {
    r.error(e.start, e.end, `${numKeyword} keyword arguments in call, limit is 255`);
  }
}

/** Bind a function's parameters in its (current) block and record its shape in `fn`:
 *  named parameters in order, then *args, then **kwargs, so that the named ones are
 *  contiguous in `fn.locals`:
 *    def f(a, b, *args, c=0, **kwargs)   def f(a, b, *, c=0, **kwargs) */
export function bindParameters(r: Scoping, fn: FunctionInfo, params: readonly Expr[]): void {
  let seenOptional = false;
  let star: UnaryExpr | undefined; // `*` or `*args`
  let starStar: Ident | undefined; // `**kwargs`
  let numKwonlyParams = 0;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    switch (param.kind) {
      case "Ident": // x
        if (starStar) {
          r.error(param.start, param.end, `required parameter may not follow **${starStar.name}`);
        } else if (star) {
          numKwonlyParams++;
        } else if (seenOptional) {
          r.error(param.start, param.end, "required parameter may not follow optional");
        }
        if (r.bind(param)) r.error(param.start, param.end, `duplicate parameter: ${param.name}`);
        break;

      case "BinaryExpr": { // y=default
        const opEnd = advance(param.opPos, 1);
        if (starStar) {
          r.error(param.opPos, opEnd, `optional parameter may not follow **${starStar.name}`);
        } else if (star) {
          numKwonlyParams++;
        }
        if (param.x.kind === "Ident" && r.bind(param.x)) {
          r.error(param.opPos, opEnd, `duplicate parameter: ${param.x.name}`);
        }
        seenOptional = true;
        break;
      }

      case "UnaryExpr": { // * or *args or **kwargs
        const opEnd = advance(param.opPos, param.op.length);
        if (param.op === "*") {
          if (starStar) {
            r.error(param.opPos, opEnd, `* parameter may not follow **${starStar.name}`);
          } else if (star) {
            r.error(param.opPos, opEnd, "multiple * parameters not allowed");
          } else {
            star = param;
          }
        } else {
          if (starStar) r.error(param.opPos, opEnd, "multiple ** parameters not allowed");
          if (param.x?.kind === "Ident") starStar = param.x;
        }
        break;
      }
    }
  }

  if (star) {
    if (star.x?.kind === "Ident") {
      if (r.bind(star.x)) r.error(star.x.start, star.x.end, `duplicate parameter: ${star.x.name}`);
      fn.hasVarargs = true;
    } else if (numKwonlyParams === 0) {
      r.error(star.opPos, advance(star.opPos, 1), "bare * must be followed by keyword-only parameters");
    }
  }
  if (starStar) {
    if (r.bind(starStar)) r.error(starStar.start, starStar.end, `duplicate parameter: ${starStar.name}`);
    fn.hasKwargs = true;
  }
  fn.numKwonlyParams = numKwonlyParams;
}
