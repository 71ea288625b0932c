// How deep this thread may nest a Starlark program (issue H item 2).
//
// The parser, resolver, code generator, the JavaScript QuickJS parses and the sandbox all
// recurse once (or a few times) per nesting level, on the thread's native stack. Rather
// than rewriting every pass with explicit stacks (the tree is shared with the language
// server's many walkers, which would all have to change too), the tool runs deep programs
// on a deep stack: the CLI relaunches itself with a ~1 GB stack, as go.starlark.net's
// goroutines have (sandbox/native-stack.ts), and the parser lets a program nest as deep as
// the stack of the thread it runs on can follow every later pass — never deeper than
// go.starlark.net itself can. So the limit depends on where the code runs: 600 levels on
// Node's default stack (the language server, tests), GO_NESTING_LIMIT under the CLI.
import { isMainThread, resourceLimits } from "node:worker_threads";

/** Nesting levels any thread can take: Node's default V8 stack (~984 KiB) takes every
 *  pass over 600 levels (the shallowest, nested comprehensions and right-nested
 *  operators, about 800 at the CLI's top). */
export const MIN_NESTING = 600;

/** Native stack bytes one nesting level may cost, across all passes. Measured under an
 *  8 MB CLI stack (V8 --stack-size=6963): every kind of depth-go.ts runs 4,240 deep (1,640
 *  bytes a level); the costliest, the code generator on nested dicts and comprehensions,
 *  runs 5,300 deep and overflows at 6,500 (1,070-1,310 bytes a level). */
export const BYTES_PER_LEVEL = 1640;

/** Stack left to the callers of the passes (the CLI, the language server's handlers). */
const RESERVED_BYTES = 256 * 1024;

/** go.starlark.net (Debian's, the one Incus links) overflows its 1 GB goroutine stack and
 *  dies (`fatal error: stack overflow`, which takes the whole Incus daemon down) at
 *  different depths for different constructs, measured with tools/go-oracle
 *  (test/starlark/depth-go.ts holds the table): nested brackets, dicts, calls, operators
 *  and comprehensions run at 150,000 and crash at 200,000; unary operators and lambdas go further
 *  (1,000,000 and 300,000). One limit for every construct, the brackets' (the common
 *  case): a program nested deeper is refused with GO_TOO_DEEP at the token that crosses
 *  it. The CLI's stack follows every pass that far (BYTES_PER_LEVEL: ~250 MB). */
export const GO_NESTING_LIMIT = 150_000;

/** V8's stack limit of this thread in bytes where it was set (a worker's resource limit,
 *  `node --stack-size`); undefined for Node's default. */
function stackBytes(): number | undefined {
  if (!isMainThread) return resourceLimits.stackSizeMb === undefined ? undefined : resourceLimits.stackSizeMb * 1024 * 1024;
  for (const a of process.execArgv) {
    const m = /^--stack[-_]size=(\d+)$/.exec(a);
    if (m) return Number(m[1]) * 1024;
  }
  return undefined;
}

let cached: number | undefined;

/** The deepest nesting this thread takes (at least MIN_NESTING, at most GO_NESTING_LIMIT). */
export function threadNestingLimit(): number {
  const bytes = stackBytes();
  cached ??= bytes === undefined ? MIN_NESTING : Math.max(MIN_NESTING, Math.min(GO_NESTING_LIMIT, Math.floor((bytes - RESERVED_BYTES) / BYTES_PER_LEVEL)));
  return cached;
}
