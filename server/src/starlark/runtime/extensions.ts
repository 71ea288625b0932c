// Sandbox extensions: TypeScript a host application (the Incus simulator) runs inside the
// sandbox next to the runtime, typed like the rest, instead of JS source in strings. An
// extension is its own file `*.sandbox.ts`, bundled by tools/build.mjs into
// out/runtime/ext/<name>.js (it reaches the runtime through `sandboxRuntime()`, never by
// importing runtime modules: a second copy of the value classes would break instanceof),
// loaded with Session.loadExtension(name), and used through:
// - builtins: sandbox-side implementations of host functions (Predeclared.fast), each a
//   factory receiving the host function (for what only the host can answer);
// - functions: called by the host with a JSON argument (Session.extensionCall /
//   queueExtensionCall), e.g. to keep tables those builtins read.
import type { BuiltinImpl, Value } from "./values";

/** A host function as the sandbox calls it (arguments and result cross the boundary). */
export type HostImpl = (args: Value[], kwargs: [string, Value][]) => Value;
import type { Runtime } from "./index";

export interface SandboxExtension {
  builtins?: Record<string, (host: HostImpl) => BuiltinImpl>;
  /** Called when a call of a program's function from the host ends (returned or failed
   *  with an error the sandbox caught); what it returns (undefined: nothing) goes back to the
   *  host with the call's result (Session CallResult.extensions), e.g. what the extension's
   *  builtins recorded during the call instead of calling the host. */
  callEnded?: () => unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  functions?: Record<string, (arg: any) => unknown>;
}

interface Registry {
  $extensions?: Record<string, SandboxExtension>;
  /** Bumped by every defineSandboxExtension (each extension bundle has its own copy of this
   *  module: what they share lives on globalThis). */
  $extensionsVersion?: number;
  $rt?: Runtime;
}

/** Registers an extension (call it at the top level of a `*.sandbox.ts` file). */
export function defineSandboxExtension(name: string, ext: SandboxExtension): void {
  const g = globalThis as unknown as Registry;
  (g.$extensions ??= {})[name] = ext;
  g.$extensionsVersion = (g.$extensionsVersion ?? 0) + 1;
}

/** The runtime (`$rt`) as extensions see it. */
export function sandboxRuntime(): Runtime {
  const rt = (globalThis as unknown as Registry).$rt;
  if (!rt) throw new Error("the Starlark runtime is not loaded");
  return rt;
}

/** The registry's extensions with a callEnded, as [name, callEnded], for the registry's
 *  version (a for-in over the registry per call costs QuickJS microseconds). */
let ended: { version: number; list: [string, () => unknown][] } | undefined;

/** What the loaded extensions hand back at the end of a call (SandboxExtension.callEnded). */
export function callEndedOutputs(): Record<string, unknown> | undefined {
  const g = globalThis as unknown as Registry;
  const all = g.$extensions;
  if (all === undefined) return undefined;
  let e = ended;
  if (e === undefined || e.version !== g.$extensionsVersion) {
    const list: [string, () => unknown][] = [];
    for (const name in all) {
      const f = all[name].callEnded;
      if (f !== undefined) list.push([name, f]);
    }
    ended = e = { version: g.$extensionsVersion ?? 0, list };
  }
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < e.list.length; i++) {
    const v = e.list[i][1]();
    if (v !== undefined) (out ??= {})[e.list[i][0]] = v;
  }
  return out;
}

export function extension(name: string): SandboxExtension {
  const ext = (globalThis as unknown as Registry).$extensions?.[name];
  if (!ext) throw new Error(`internal error: sandbox extension ${name} is not loaded`);
  return ext;
}

/** Function `fn` of a loaded extension (SandboxExtension.functions). */
export function extensionFunction(name: string, fn: string): (arg: unknown) => unknown {
  const f = extension(name).functions?.[fn];
  if (!f) throw new Error(`internal error: sandbox extension ${name} has no function ${fn}`);
  return f;
}

export function extensionBuiltin(name: string, builtin: string): (host: HostImpl) => BuiltinImpl {
  const f = extension(name).builtins?.[builtin];
  if (!f) throw new Error(`internal error: sandbox extension ${name} has no builtin ${builtin}`);
  return f;
}
