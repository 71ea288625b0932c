// Helpers compiled code calls for operations the contract leaves to the compiler:
// unbound-variable errors and load(). They are runtime functions (the prelude binds them
// to plain local names, compile/prelude.ts); their frames have no entry in a program's
// position table, so an error they raise is reported at the compiled call site, as
// go.starlark.net reports it.

import { nearest } from "./spell";
import { StarlarkError, type Value } from "./values";

export function unboundGlobal(name: string): never {
  throw new StarlarkError(`global variable ${name} referenced before assignment`);
}

export function unboundLocal(name: string): never {
  throw new StarlarkError(`local variable ${name} referenced before assignment`);
}

export function uninitializedPredeclared(name: string): never {
  throw new StarlarkError(`internal error: predeclared variable ${name} is uninitialized`);
}

/** A program's loader (bridge.ts ProgramEnv.load), when the dialect allows load. */
export function loadModule(env: { load?: (name: string) => Record<string, Value> }, name: string): Record<string, Value> {
  if (typeof env.load !== "function") return noLoader();
  return env.load(name);
}

/** load() in a dialect without it. */
export function noLoader(): never {
  throw new StarlarkError("load not implemented by this application");
}

/** `from` in load(module, from): the module's global, or go.starlark.net's error. */
export function loadName(mod: Record<string, Value>, modName: string, name: string): Value {
  if (!Object.prototype.hasOwnProperty.call(mod, name)) {
    const n = nearest(name, Object.keys(mod).sort());
    throw new StarlarkError(`load: name ${name} not found in module ${modName}${n !== "" ? ` (did you mean ${n}?)` : ""}`);
  }
  return mod[name];
}
