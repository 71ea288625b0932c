// A JS string put into the sandbox with Node's native UTF-8 encoder. quickjs-emscripten's
// newString measures and encodes the string with emscripten's JavaScript loops (a few ns per
// character): every host call into the sandbox passes one JSON text of ~1 KB (a placement's
// request and its glue calls), and that encoding was ~6 % of an evacuation's boundary. This
// writes the bytes into the module's heap with Buffer and makes the string with the same FFI
// call newString makes. It reads quickjs-emscripten's internals (the context's module, ffi,
// ctx and memory fields, as in quickjs-emscripten-core 0.32): when they are not there (a
// different release), it uses newString, and a test (engine-fast-string) says so.
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";

interface Internals {
  module: { _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array };
  ffi: { QTS_NewString(ctx: number, ptr: number): number };
  ctx: { value: number };
  memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

function internals(ctx: QuickJSContext): Internals | undefined {
  const c = ctx as unknown as Partial<Internals>;
  const ok =
    typeof c.module?._malloc === "function" && typeof c.module._free === "function" && c.module.HEAPU8 instanceof Uint8Array &&
    typeof c.ffi?.QTS_NewString === "function" && typeof c.ctx?.value === "number" && typeof c.memory?.heapValueHandle === "function";
  return ok ? (c as Internals) : undefined;
}

const known = new WeakMap<QuickJSContext, Internals | null>();

/** Whether fastString uses the native path for this context (tests). */
export function fastStringAvailable(ctx: QuickJSContext): boolean {
  return internalsOf(ctx) !== undefined;
}

function internalsOf(ctx: QuickJSContext): Internals | undefined {
  let i = known.get(ctx);
  if (i === undefined) known.set(ctx, (i = internals(ctx) ?? null));
  return i ?? undefined;
}

/** ctx.newString(s). Strings with a NUL character or a lone surrogate (never JSON.stringify's
 *  output) go through newString: the C side reads up to the NUL, and emscripten's encoder
 *  spells lone surrogates its own way. */
export function fastString(ctx: QuickJSContext, s: string): QuickJSHandle {
  const i = internalsOf(ctx);
  if (i === undefined || s.includes("\u0000") || !wellFormed(s)) return ctx.newString(s);
  const bytes = Buffer.from(s, "utf8");
  const ptr = i.module._malloc(bytes.length + 1);
  try {
    // (The heap may have grown in _malloc: HEAPU8 read after it.)
    const heap = i.module.HEAPU8;
    heap.set(bytes, ptr);
    heap[ptr + bytes.length] = 0;
    return i.memory.heapValueHandle(i.ffi.QTS_NewString(i.ctx.value, ptr));
  } finally {
    i.module._free(ptr);
  }
}

function wellFormed(s: string): boolean {
  const f = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return f === undefined ? !/[\ud800-\udfff]/.test(s) : f.call(s);
}
