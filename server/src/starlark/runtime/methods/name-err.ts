// library.go's nameErr: a method's errors are reported as "name: msg".

import { StarlarkError } from "../values";

/** Runs f, prefixing a StarlarkError's message with "name: " (other exceptions pass). */
export function withName<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`${name}: ${e.message}`);
    throw e;
  }
}
