// A sandbox extension for engine-extension.test.ts: a fast builtin answering from a table
// the host keeps in the sandbox, and asking the host for what it cannot answer.
import { defineSandboxExtension, sandboxRuntime } from "../../server/src/starlark/runtime/extensions";
import type { Value } from "../../server/src/starlark/runtime/values";

const table = new Map<string, number>();

defineSandboxExtension("engine-extension", {
  builtins: {
    lookup: (host) => (args, kwargs) => {
      const k = args[0];
      if (args.length === 1 && kwargs.length === 0 && typeof k === "string" && table.has(k)) return table.get(k)!;
      return host(args, kwargs);
    },
  },
  functions: {
    put(arg: { key: string; value: number }) {
      table.set(arg.key, arg.value);
      return table.size;
    },
    describe(arg: { text: string }) {
      const rt = sandboxRuntime();
      return rt.repr(rt.list([arg.text, 1]) as Value);
    },
  },
});
