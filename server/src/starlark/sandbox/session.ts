// Host side of the sandbox: one QuickJS runtime + context per Session, the Starlark runtime
// bundle loaded once into it, compiled programs evaluated under their own JS file names,
// host functions bridged by name, limits (time, memory, stack) enforced by QuickJS, and
// every failure turned into an EvalFailure with go.starlark.net's message and a backtrace.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten";
import { loadQuickJS } from "./quickjs-module";
import type { CompiledProgram } from "../compile/program";
import { CALL_TEXT_SEPARATOR, type CallRequest, type Glue, type GlueBatch, type GlueGlobal, type PredeclaredSpec, type SandboxError } from "../runtime/bridge";
import type { WireAnswer, WireCall } from "../runtime/wire";
import type { SemanticsOptions } from "../runtime/semantics";
import { completeBacktrace, starlarkBacktrace } from "./backtrace";
import { type EvalFailure, StarlarkError } from "./errors";
import type { HostRef, HostValue } from "./hostValues";
import { cancelledMessage, DEFAULT_LIMITS, type Limits, memoryMessage, stackMessage, timeoutMessage } from "./limits";
import { decode, encode, encodeArgument, fromByteString, toByteString } from "./marshal";
import { RefListEncoder } from "./ref-lists";
import { fastString } from "./fast-string";

export type HostFunction = (args: HostValue[], kwargs: [string, HostValue][]) => HostValue;

/** What a module global is, as validation code needs it (e.g. Incus checks that the entry
 *  point is a function with the expected parameter names). */
export type GlobalInfo = GlueGlobal;

/** A call's result; `extensions`: what sandbox extensions handed back at its end
 *  (SandboxExtension.callEnded; absent when the call was stopped by a limit). */
export type CallResult = ({ value: HostValue; error?: undefined } | { error: EvalFailure; value?: undefined }) & { extensions?: Record<string, unknown> };

/** Predeclared values of a program: host functions, and (for test harnesses) values made
 *  by JS inside the sandbox. */
export interface Predeclared {
  host?: Record<string, HostFunction>;
  /** Any value, as a JS expression evaluated in the sandbox (`$rt` in scope): test
   *  harnesses' library values (go.starlark.net's test modules). */
  jsValues?: Record<string, string>;
  /** Sandbox-side implementations of host functions (names in `host`): a builtin of a
   *  sandbox extension (runtime/extensions.ts, loaded with Session.loadExtension), which
   *  runs in the sandbox and calls the host function for what only it can answer
   *  (argument errors, side effects, uncommon cases). */
  fast?: Record<string, { extension: string; builtin: string }>;
}

/** A call of a $glue method with JSON arguments (run by $glue.batch). */
function glueCall<K extends keyof Glue>(method: K, ...args: Parameters<Glue[K]>): GlueBatch[number] {
  return [method, ...args] as unknown as GlueBatch[number];
}

/** A call as Session.run sends it (Glue.callText): `[progId, name, CallRequest]` as JSON,
 *  and the texts of its lazy arguments. */
interface CallText {
  call: string;
  parts: string[];
}

/** run()'s value when a call must be sent again with whole reference lists (GlueResult). */
const RESEND: unique symbol = Symbol("resend");

let quickjs: Promise<QuickJSWASMModule> | undefined;
let bundle: string | undefined;

/** The runtime bundle built by tools/build.mjs (out/runtime/starlark-runtime.js). */
export function runtimeBundlePath(): string {
  return process.env.STARLARK_RUNTIME_BUNDLE ?? path.resolve(__dirname, "../../../../runtime/starlark-runtime.js");
}

function runtimeSource(): string {
  if (bundle === undefined) {
    try {
      bundle = readFileSync(runtimeBundlePath(), "utf8");
    } catch (e) {
      throw new Error(`Starlark runtime bundle not found at ${runtimeBundlePath()} (run npm run build): ${(e as Error).message}`);
    }
  }
  return bundle;
}

const extensionSources = new Map<string, string>();

/** Time spent in sandboxes, process-wide (see Session.busyMs). */
const busy = { inRuns: 0, inHostCalls: 0 };

/** The session prewarm() is making or made, until create() takes it. */
let spareSession: Promise<Session> | undefined;
/** Set by the first create(): a prewarm asked for after it comes too late to help that run. */
let createAsked = false;

export class Session {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly programs = new Map<string, CompiledProgram>();
  private readonly hostFns: HostFunction[] = [];
  private limits: Limits = { ...DEFAULT_LIMITS };
  private main?: string;
  private dead?: EvalFailure;
  private disposed = false;
  private nextId = 0;
  /** A run ended by the host's stack running out (see run()). */
  private hostStackLost = false;
  /** Long reference lists sent as call arguments (sent as edits of the last one). */
  private readonly refLists = new RefListEncoder();
  /** Sandbox extensions loaded (loadExtension). */
  private readonly extensions = new Set<string>();
  /** Calls queued by queueExtensionCall (and settings), run before the next evaluation. */
  private queued: GlueBatch = [];
  /** $glue and $glue.batch: glue calls go as one JSON text argument of a function call, which
   *  QuickJS neither parses as a program nor compiles (evaluating `$glue.call("...")` source
   *  cost a run more than the JSON itself). */
  private glue?: QuickJSHandle;
  private batchFn?: QuickJSHandle;
  private callTextFn?: QuickJSHandle;
  /** What the last run's result carried from sandbox extensions (GlueResult.ext). */
  private extensionOutputs?: Record<string, unknown>;
  private readonly wasmMemory: ReturnType<QuickJSWASMModule["getWasmMemory"]>;
  /** Why the watchdog last stopped a run. */
  private interrupted?: "timeout" | "memory" | "cancel";
  /** The reason of a cancellation asked for during the current run (cancel()). */
  private cancelReason?: string;

  /** Creates a session (loads the QuickJS module once per process); takes the one
   *  prewarm() made when there is one. */
  static async create(limits?: Partial<Limits>): Promise<Session> {
    createAsked = true;
    const spare = spareSession;
    spareSession = undefined;
    if (spare !== undefined) {
      const s = await spare.catch(() => undefined);
      if (s !== undefined) {
        s.setLimits(limits);
        return s;
      }
    }
    quickjs ??= loadQuickJS(runtimeBundlePath());
    return new Session(await quickjs, limits);
  }

  /** Milliseconds this process has spent inside sandboxes running code (QuickJS's own work:
   *  evaluations and glue calls, less the host functions they called), all sessions
   *  together. Benchmarks read it before and after a simulation to split its time between
   *  the host and the sandbox (tools/bench-placement.ts). */
  static busyMs(): number {
    return busy.inRuns - busy.inHostCalls;
  }

  /** Starts making a session in the background (the QuickJS module, a runtime with the
   *  Starlark runtime bundle evaluated in it: most of the cost of a first run) for the
   *  next create() to take. For servers, right after they start: the work then overlaps
   *  with the client's own start instead of delaying the first result. It waits for the
   *  event loop's next turn, so it never delays what the caller does next. Returns whether
   *  it started one (not when one is pending, nor once a run has asked for a session). */
  static prewarm(): boolean {
    // Once a run has asked for a session (a request that came before the server finished
    // starting), a spare made now would only take the thread from that run: seen as a second
    // runtime evaluated in the middle of the first Run placement.
    if (spareSession !== undefined || createAsked) return false;
    quickjs ??= loadQuickJS(runtimeBundlePath());
    const module = quickjs;
    spareSession = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => new Session(await module));
    spareSession.catch(() => undefined); // a failure is reported by the create() that takes it
    return true;
  }

  private constructor(qjs: QuickJSWASMModule, limits?: Partial<Limits>) {
    this.wasmMemory = qjs.getWasmMemory();
    const source = runtimeSource();
    this.rt = qjs.newRuntime();
    this.ctx = this.rt.newContext();
    try {
      const hostCall = this.ctx.newFunction("__hostCall", (reqH) => {
        const res = this.hostCall(this.ctx.getString(reqH));
        return fastString(this.ctx, res);
      });
      this.ctx.setProp(this.ctx.global, "__hostCall", hostCall);
      hostCall.dispose();
      this.evalOrThrow(source, "starlark-runtime.js");
      this.glue = this.ctx.getProp(this.ctx.global, "$glue");
      this.batchFn = this.ctx.getProp(this.glue, "batch");
      this.callTextFn = this.ctx.getProp(this.glue, "callText");
      // Limits apply from here on: the runtime itself must load whatever the caps.
      this.setLimits(limits);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  setLimits(limits?: Partial<Limits>): void {
    this.limits = { ...this.limits, ...limits };
    // (Set in QuickJS only when they change: a placement sets the limits before every run.)
    if (this.applied.memoryBytes !== this.limits.memoryBytes) {
      this.rt.setMemoryLimit(this.limits.memoryBytes);
      this.applied.memoryBytes = this.limits.memoryBytes;
    }
    if (this.applied.maxStackBytes !== this.limits.maxStackBytes) {
      this.rt.setMaxStackSize(this.limits.maxStackBytes);
      this.applied.maxStackBytes = this.limits.maxStackBytes;
    }
  }

  /** The limits last set in the QuickJS runtime. */
  private readonly applied: { memoryBytes?: number; maxStackBytes?: number } = {};

  /** Selects the Starlark semantics of a go.starlark.net version (runtime/semantics.ts:
   *  semanticsFor(version)); the default is what Incus 6.0.4 vendors. */
  setSemantics(o: Partial<SemanticsOptions>): void {
    this.queued.push(glueCall("setSemantics", o));
  }

  /** Cancels the current run (go.starlark.net's Thread.Cancel): it stops at its next
   *  check and fails with "Starlark computation cancelled: <reason>". For host functions
   *  and the host's own deadlines (Limits.cancel); a run not under way is not affected. */
  cancel(reason: string): void {
    this.cancelReason = reason;
  }

  /** Program.Init + Freeze: evaluates `program` with the given predeclared values, runs
   *  its top level and freezes its globals. Later `globals()`/`call()` refer to it. */
  init(program: CompiledProgram, hostFunctions: Record<string, HostFunction> = {}, limits?: Partial<Limits>, extra: Omit<Predeclared, "host"> = {}): { error?: EvalFailure } {
    if (limits) this.setLimits(limits);
    const id = this.instantiate(program, { ...extra, host: hostFunctions });
    if (typeof id !== "string") return { error: id };
    this.main = id;
    const res = this.run(glueCall("init", id));
    return "error" in res ? { error: res.error } : {};
  }

  /** The program the last init() initialised (undefined before one), for resume(). */
  get initialisedProgram(): string | undefined {
    return this.main;
  }

  /** Makes a program init() initialised earlier in this session the one `globals()` and
   *  `call()` refer to again: its globals as its init left them (frozen), its host functions
   *  those init was given. For hosts that run the same program in many simulations (its
   *  top level runs once, as within one simulation). */
  resume(program: string): void {
    if (!this.programs.has(program)) throw new Error(`Session.resume: no program ${program}`);
    this.main = program;
  }

  /** Runs `program` (as init does) and makes its globals loadable as `name`. A failure is
   *  kept, and reported by load() as go.starlark.net does ("cannot load name: msg"). */
  addModule(name: string, program: CompiledProgram, predeclared: Predeclared = {}): { error?: EvalFailure } {
    const id = this.instantiate(program, predeclared);
    if (typeof id !== "string") return { error: id };
    const res = this.run(glueCall("init", id));
    this.run(glueCall("publish", id, toByteString(name), "error" in res ? toByteString(res.error.message) : null));
    return "error" in res ? { error: res.error } : {};
  }

  globals(): GlobalInfo[] {
    if (!this.main) return [];
    const res = this.run(glueCall("globals", this.main));
    if ("error" in res) return [];
    return (res.value as GlobalInfo[]).map((g) => ({
      ...g,
      name: fromByteString(g.name),
      params: g.params?.map(fromByteString),
    }));
  }

  /** Calls global function `name` of the initialised program. */
  call(name: string, args: HostValue[] = [], kwargs: [string, HostValue][] = []): CallResult {
    if (!this.main) throw new Error("Session.call before init");
    const main = this.main;
    const callText = (): CallText => {
      const parts: string[] = [];
      const encodeArg = (v: HostValue) => this.refLists.encode(v) ?? encodeArgument(v, parts);
      const request: CallRequest = { args: args.map(encodeArg), kwargs: kwargs.map(([k, v]) => [toByteString(k), encodeArg(v)]) };
      return { call: JSON.stringify([main, toByteString(name), request]), parts };
    };
    this.extensionOutputs = undefined;
    let res = this.run(callText());
    if ("value" in res && res.value === RESEND) {
      // The sandbox no longer holds the list a reference list was sent against: send it whole.
      this.refLists.forget();
      res = this.run(callText());
    }
    const extensions = this.extensionOutputs;
    this.extensionOutputs = undefined;
    if ("error" in res) return extensions ? { error: res.error, extensions } : { error: res.error };
    if (res.value === RESEND) throw new Error("internal error: the sandbox asked twice for a whole reference list");
    const value = decode(res.value as never);
    return extensions ? { value, extensions } : { value };
  }

  /** Puts values into the sandbox once; each `new HostRef(handle)` passed later in call
   *  arguments or host-function results arrives as a fresh copy of the value (copied on
   *  write inside the sandbox: far cheaper than marshalling it again). */
  intern(values: HostValue[]): number[] {
    if (values.length === 0) return [];
    const json = JSON.stringify(values.map(encode));
    const res = this.run(glueCall("intern", json));
    if ("error" in res) throw new Error(`sandbox: intern failed: ${res.error.message}`);
    return res.value as number[];
  }

  /** Forgets interned values (their handles may be reused). */
  release(refs: (number | HostRef)[]): void {
    if (refs.length === 0 || this.dead || this.disposed) return;
    const hs = refs.map((r) => (typeof r === "number" ? r : r.handle));
    this.run(glueCall("release", hs));
  }

  /** Loads a sandbox extension (runtime/extensions.ts) from its bundle, built by
   *  tools/build.mjs from a `*.sandbox.ts` file into out/runtime/ext/<name>.js; `file`
   *  overrides the path. Loading one twice is harmless. */
  loadExtension(name: string, file = path.join(path.dirname(runtimeBundlePath()), "ext", `${name}.js`)): void {
    if (this.extensions.has(name)) return;
    let src = extensionSources.get(file);
    if (src === undefined) extensionSources.set(file, (src = readFileSync(file, "utf8")));
    this.evalOrThrow(src, `ext-${name}.js`);
    this.extensions.add(name);
  }

  /** Calls function `fn` of a loaded extension with a JSON argument; its result (JSON). */
  extensionCall(extension: string, fn: string, arg: unknown = null): unknown {
    const res = this.run(glueCall("extensionCall", extension, fn, arg));
    if ("error" in res) throw new Error(`sandbox: ${extension}.${fn} failed: ${res.error.message}`);
    return res.value;
  }

  /** extensionCall without a round trip of its own: it runs just before whatever the
   *  session evaluates next; an exception it throws fails that evaluation. */
  queueExtensionCall(extension: string, fn: string, arg: unknown = null): void {
    this.queued.push(glueCall("extensionCall", extension, fn, arg));
  }

  /** print() output since the last call, one entry per print. */
  takeOutput(): string[] {
    if (this.dead || this.disposed) return [];
    const res = this.run(glueCall("takeOutput"));
    return "error" in res ? [] : (res.value as string[]).map(fromByteString);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A run that exhausted the host's stack unwound QuickJS without its cleanup: freeing
    // that runtime would fail an assertion (and print it); its memory is left behind.
    if (this.hostStackLost) return;
    try {
      this.batchFn?.dispose();
      this.callTextFn?.dispose();
      this.glue?.dispose();
      this.ctx.dispose();
      this.rt.dispose();
    } catch {
      // A context that ran out of memory may fail to tear down cleanly; nothing to keep.
    }
  }

  // ---- internals ---------------------------------------------------------------------

  private instantiate(program: CompiledProgram, predeclared: Predeclared): string | EvalFailure {
    const id = `starlark-${this.nextId++}.js`;
    this.programs.set(id, program);
    const factory = `globalThis.$factory = ${program.js}`;
    const r = this.ctx.evalCode(factory, id);
    if (r.error) {
      const e = this.ctx.dump(r.error);
      r.error.dispose();
      // QuickJS refuses the compiled form (e.g. a function with more locals than it
      // allows): the tool's limit, at the start of the file.
      return {
        message: `the tool's sandbox cannot load this program (${e?.message ?? e}; not an Incus limit)`,
        backtrace: [{ function: "<toplevel>", file: program.path, line: 1, col: 1 }],
        limit: "memory",
      };
    }
    r.value.dispose();
    // Predeclared specs as JSON, except values made by JS expressions (spliced in).
    const specs: Record<string, PredeclaredSpec> = {};
    const exprs: string[] = [];
    for (const [name, fn] of Object.entries(predeclared.host ?? {})) {
      this.hostFns.push(fn);
      const id = this.hostFns.length - 1;
      const fast = predeclared.fast?.[name];
      specs[toByteString(name)] = fast === undefined ? { host: id } : { host: id, fast };
    }
    for (const [name, src] of Object.entries(predeclared.jsValues ?? {})) {
      exprs.push(`${JSON.stringify(toByteString(name))}: { value: (${src}) }`);
    }
    const all = exprs.length ? `Object.assign(${JSON.stringify(specs)}, {${exprs.join(", ")}})` : JSON.stringify(specs);
    const res = this.run(`$glue.instantiate(${JSON.stringify(id)}, $factory, ${all}, ${!!program.recursion}), delete globalThis.$factory, "null"`);
    return "error" in res ? res.error : id;
  }

  /** Serves a host function call from the sandbox: a WireCall in, a WireAnswer out. */
  private hostCall(req: string): string {
    const t0 = performance.now();
    try {
      return this.answerHostCall(req);
    } finally {
      busy.inHostCalls += performance.now() - t0;
    }
  }

  private answerHostCall(req: string): string {
    let answer: WireAnswer;
    try {
      const [id, args, kwargs] = JSON.parse(req) as WireCall;
      const fn = this.hostFns[id];
      const result = fn(args.map(decode), kwargs.map(([k, v]) => [fromByteString(k), decode(v)]));
      answer = { ok: encode(result === undefined ? null : result) };
    } catch (e) {
      const msg = e instanceof StarlarkError ? e.message : `host function failed: ${e instanceof Error ? e.message : String(e)}`;
      answer = { error: toByteString(msg) };
    }
    return JSON.stringify(answer);
  }

  private evalOrThrow(code: string, filename: string): void {
    const r = this.ctx.evalCode(code, filename);
    if (r.error) {
      const e = this.ctx.dump(r.error);
      r.error.dispose();
      throw new Error(`sandbox: ${filename} failed to load: ${e?.message ?? JSON.stringify(e)}`);
    }
    r.value.dispose();
  }

  /** Runs a glue call (after the queued ones), or evaluates glue code, returning a JSON
   *  string, under the time limit. Glue results of the form {error: SandboxError} become
   *  failures. */
  private run(what: string | GlueBatch[number] | CallText): { value: unknown } | { error: EvalFailure } {
    if (this.disposed) throw new Error("Session used after dispose");
    if (this.dead) return { error: this.dead };
    let code: string | undefined;
    let batch: GlueBatch;
    let text: string | undefined;
    if (typeof what === "string") {
      code = what;
      batch = this.queued;
    } else if (!Array.isArray(what)) {
      // A call (Glue.callText): the queued calls go first, as in a batch.
      batch = [];
      text = (this.queued.length ? JSON.stringify(this.queued) : "") + CALL_TEXT_SEPARATOR + what.call;
      for (let i = 0; i < what.parts.length; i++) text += CALL_TEXT_SEPARATOR + what.parts[i];
    } else batch = [...this.queued, what];
    this.queued = [];
    if (code !== undefined && batch.length) code = `$glue.batch(${JSON.stringify(JSON.stringify(batch))});\n${code}`;
    this.rt.setInterruptHandler(this.watchdog());
    this.interrupted = undefined;
    this.cancelReason = undefined;
    let out: unknown;
    try {
      let r: ReturnType<QuickJSContext["evalCode"]>;
      const t0 = performance.now();
      try {
        if (code !== undefined) r = this.ctx.evalCode(code, "starlark-host.js");
        else {
          const arg = fastString(this.ctx, text ?? JSON.stringify(batch));
          try {
            r = this.ctx.callFunction(text === undefined ? this.batchFn! : this.callTextFn!, this.glue!, arg);
          } finally {
            arg.dispose();
          }
        }
      } catch (e) {
        // The host's own stack ran out under QuickJS's recursion (a RangeError from Node),
        // or the WebAssembly instance trapped: the runtime's state is lost with it.
        this.dead = { message: stackMessage(), backtrace: [], limit: "stack", fatal: true };
        this.hostStackLost = true;
        if (!(e instanceof RangeError)) this.dead.message = `internal error: the sandbox failed: ${e instanceof Error ? e.message : String(e)}`;
        return { error: this.dead };
      } finally {
        busy.inRuns += performance.now() - t0;
      }
      if (r.error) {
        let e: unknown;
        try {
          e = this.ctx.dump(r.error);
        } catch {
          e = { name: "InternalError", message: "out of memory" };
        }
        r.error.dispose();
        return { error: this.failure(describeThrown(e)) };
      }
      // ($glue.batch always returns a string: no typeof round trip for it.)
      const s = code === undefined || this.ctx.typeof(r.value) === "string" ? this.ctx.getString(r.value) : "null";
      r.value.dispose();
      out = JSON.parse(s);
    } finally {
      this.rt.removeInterruptHandler();
    }
    if (out && typeof out === "object" && !Array.isArray(out)) {
      if ("resend" in out) return { value: RESEND };
      if ("ext" in out) this.extensionOutputs = (out as { ext: Record<string, unknown> }).ext;
      if ("error" in out) return { error: this.failure((out as { error: SandboxError }).error) };
      if ("ok" in out) return { value: (out as { ok: unknown }).ok };
    }
    return { value: out };
  }

  /** The interrupt handler of a run: QuickJS polls it every few thousand operations.
   *  QuickJS's own memory limit (setMemoryLimit) stops object allocation but not the growth
   *  of array storage, and strings escape its accounting, so the watchdog also watches
   *  the heap's accounted size (sampled, as computing it walks the heap) and the growth
   *  of the WebAssembly memory during the run (cheap, and bounds strings too).
   *  The heap lives inside the WebAssembly memory, so its accounted size can only pass the
   *  cap once that memory is bigger than the cap: until then the walk is skipped (with the
   *  default 2 GiB cap it never runs; a walk of a big heap costs tens of ms). */
  private watchdog(): () => boolean {
    const start = Date.now();
    const deadline = start + this.limits.timeoutMs;
    const cancel = this.limits.cancel;
    const cancelAt = cancel ? start + cancel.afterMs : Infinity;
    const limit = this.limits.memoryBytes;
    const baseWasm = this.wasmMemory.buffer.byteLength;
    let nextSample = start + 20;
    // Half the cap: a margin for the walk's estimates of what each object takes.
    const walkFrom = limit / 2;
    return () => {
      const now = Date.now();
      if (this.cancelReason === undefined && now > cancelAt) this.cancelReason = cancel!.reason;
      if (this.cancelReason !== undefined) {
        this.interrupted = "cancel";
        return true;
      }
      if (now > deadline) {
        this.interrupted = "timeout";
        return true;
      }
      if (this.wasmMemory.buffer.byteLength - baseWasm > limit) {
        this.interrupted = "memory";
        return true;
      }
      if (now >= nextSample && this.wasmMemory.buffer.byteLength >= walkFrom) {
        nextSample = now + 100;
        if (this.heapUsed() > limit) {
          this.interrupted = "memory";
          return true;
        }
      }
      return false;
    };
  }

  /** The heap's accounted size; Infinity when even measuring fails (the heap is full). */
  private heapUsed(): number {
    try {
      const h = this.rt.computeMemoryUsage();
      try {
        const usage = this.ctx.dump(h) as { memory_used_size?: number };
        return usage.memory_used_size ?? 0;
      } finally {
        h.dispose();
      }
    } catch {
      return Infinity;
    }
  }

  private failure(e: SandboxError): EvalFailure {
    const backtrace = completeBacktrace(starlarkBacktrace(e.stack, this.programs), e.calls, this.programs);
    if (e.starlark) return { message: fromByteString(e.message), backtrace };
    const msg = e.message ?? "";
    if (/interrupted/.test(msg) && this.interrupted === "cancel") {
      // Incus's own cancellation (not a tool limit): go.starlark.net's words.
      return { message: cancelledMessage(this.cancelReason ?? ""), backtrace };
    }
    if (/interrupted/.test(msg) && this.interrupted !== "memory") {
      return { message: timeoutMessage(this.limits), backtrace, limit: "timeout" };
    }
    if (/out of memory/.test(msg) || this.interrupted === "memory") {
      this.dead = { message: memoryMessage(this.limits), backtrace: [], limit: "memory", fatal: true };
      return { ...this.dead, backtrace };
    }
    if (/stack overflow|call stack size/i.test(msg)) return { message: stackMessage(), backtrace, limit: "stack" };
    // QuickJS's own size caps (strings under 2^30 chars, arrays under 2^32 elements, big
    // ints): the run needs more memory than the sandbox can give one value.
    if (/string too long|invalid array length|BigInt is too large/i.test(msg)) return { message: memoryMessage(this.limits), backtrace, limit: "memory" };
    return { message: `internal error: ${e.name ?? "Error"}: ${msg}`, backtrace };
  }
}

function describeThrown(e: unknown): SandboxError {
  if (e && typeof e === "object") {
    const o = e as { name?: string; message?: string; stack?: string };
    return { starlark: o.name === "StarlarkError", name: o.name, message: String(o.message ?? ""), stack: String(o.stack ?? "") };
  }
  return { starlark: false, name: "throw", message: String(e), stack: "" };
}
