// Temporaries of the generated JavaScript. A temp is a `var` of the JS function a Starlark
// function compiles to, and QuickJS allows at most 65,535 variables per function ("too many
// local variables" when the program loads). Deeply nested expressions take temps at every
// level — a unary minus one, a right-nested `1 + (...)` two, a comprehension ten — all
// live at once while the innermost level runs, so 10,000 to 100,000 levels (go.starlark.net
// runs 150,000) went over that limit. QuickJS's variable lookup while compiling also grows
// with the number of variables (quadratic over a function). So the first SPILL_AFTER temps
// of a function stay plain variables (all ordinary code: its output is unchanged), and
// the ones after that are elements of one array variable, `$T[i]`, which is as good an
// assignment target and operand as a variable.

/** Temps of one function that are plain `var`s; later ones are elements of `$T`. */
export const SPILL_AFTER = 2048;

/** The JS name of temp number `index`. */
export function tempName(index: number): string {
  return index < SPILL_AFTER ? `$t${index}` : `$T[${index - SPILL_AFTER}]`;
}

/** The names to declare (in one `var`) for a function that used `count` temps. */
export function tempDeclarations(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < Math.min(count, SPILL_AFTER); i++) names.push(`$t${i}`);
  if (count > SPILL_AFTER) names.push("$T = []");
  return names;
}

// Starlark locals likewise: each comprehension has its own loop variable, so 100,000
// nested comprehensions are 100,000 locals of one function. Past SPILL_LOCALS_AFTER (and
// never a parameter, which must stay a JS parameter) a local is an element of `$L<fn>`;
// an element never assigned reads as undefined, as an unassigned `var` does, which is
// what the "referenced before assignment" checks test.

/** Locals of one function that are plain `var`s; later ones are elements of `$L<id>`. */
export const SPILL_LOCALS_AFTER = 8192;

/** The JS name of local `index` of function `fnId` that has `numParams` parameters. */
export function localVarName(fnId: number, index: number, numParams: number): string {
  return index < SPILL_LOCALS_AFTER || index < numParams ? `v${fnId}_${index}` : `$L${fnId}[${index - SPILL_LOCALS_AFTER}]`;
}

/** The array to declare for a function with `count` locals, if it needs one. */
export function localsArray(fnId: number, count: number, numParams: number): string[] {
  return count > Math.max(SPILL_LOCALS_AFTER, numParams) ? [`$L${fnId} = []`] : [];
}
