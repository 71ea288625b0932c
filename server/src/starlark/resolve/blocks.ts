// Lexical blocks of the resolver (go.starlark.net resolve.go's `block` and `use`), and the
// lookups that need nothing but the blocks themselves.
import type { Comprehension, Ident } from "../syntax/ast";
import type { Binding, FunctionInfo } from "./binding";

/** A lexical block: the file, a function, or a comprehension (go.starlark.net `block`). */
export interface Block {
  parent?: Block;
  /** Only for function blocks. */
  fn?: FunctionInfo;
  /** lookupLocal's answers (null: not a local) kept in the blocks a long walk passed. */
  localLookups?: Map<string, Binding | null>;
  /** The innermost function block enclosing (or being) this one; undefined: the file. */
  container?: Block;
  /** Only for comprehension blocks. */
  comp?: Comprehension;
  /** Name → binding. Local bindings index their container's locals; free ones index the
   *  innermost function's freeVars. Lookups are memoised here too (lookupLexical). */
  bindings: Map<string, Binding>;
  children: Block[];
  /** Identifiers seen in this container (function or file), and the block each appeared
   *  in (two parallel lists: one entry per identifier, no object per use). */
  useIds: Ident[];
  useEnvs: Block[];
}

export interface Use {
  id: Ident;
  env: Block;
}

export function newBlock(fields: Partial<Block> = {}): Block {
  return { bindings: new Map(), children: [], useIds: [], useEnvs: [], ...fields };
}

/** go.starlark.net `lookupLocal`: look a use of `name` in block `useEnv` up within its
 *  innermost function only. (Called once the function's blocks are complete: a long walk's
 *  answer is kept in the blocks it passed, as comprehensions nested 30,000 deep made the
 *  walks quadratic.) */
export function lookupLocal(name: string, useEnv: Block): Binding | undefined {
  const passed: Block[] = [];
  let found: Binding | null = null;
  for (let env: Block | undefined = useEnv; env; env = env.parent) {
    const known = env.localLookups?.get(name);
    if (known !== undefined) {
      found = known;
      break;
    }
    const bind = env.bindings.get(name);
    if (bind) {
      found = bind;
      break;
    }
    passed.push(env);
    if (env.fn) break;
  }
  if (passed.length > LONG_WALK) for (const b of passed) (b.localLookups ??= new Map()).set(name, found);
  return found ?? undefined;
}

/** Walks past more blocks than this keep their answer. */
const LONG_WALK = 8;

/** Indexes of the locals captured by nested functions (what the compiler boxes). */
export function cellIndexes(locals: readonly Binding[]): number[] {
  const cells: number[] = [];
  locals.forEach((b, i) => {
    if (b.scope === "cell") cells.push(i);
  });
  return cells;
}
