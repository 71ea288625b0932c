// The runtime error class, in its own module so that the hash table (hashtable.ts) throws it
// without importing values.ts at run time (values.ts re-exports it).
/** A runtime error with go.starlark.net's exact message (no position). */
export class StarlarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StarlarkError";
  }
}
