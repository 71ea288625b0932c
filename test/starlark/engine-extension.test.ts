// Sandbox extensions (runtime/extensions.ts): TypeScript bundled by tools/build.mjs from a
// `*.sandbox.ts` file, loaded into a session, giving a host function a sandbox-side
// implementation and functions the host calls with JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Session, StarlarkError, type HostValue } from "../../server/src/starlark/engine";
import { program } from "./engine-support";

test("an extension's builtin answers in the sandbox and falls back to the host", async () => {
  const s = await Session.create();
  try {
    s.loadExtension("engine-extension");
    const asked: HostValue[][] = [];
    const host = {
      lookup: (args: HostValue[]) => {
        asked.push(args);
        if (typeof args[0] !== "string") throw new StarlarkError("lookup: want a string");
        return -1;
      },
    };
    assert.equal(s.extensionCall("engine-extension", "put", { key: "a", value: 10 }), 1);
    s.queueExtensionCall("engine-extension", "put", { key: "b", value: 20 });
    const prog = program('def f():\n    return [lookup("a"), lookup("b"), lookup("z")]\ndef g():\n    return lookup(1)\n', { predeclared: ["lookup"] });
    assert.equal(s.init(prog, host, undefined, { fast: { lookup: { extension: "engine-extension", builtin: "lookup" } } }).error, undefined);
    assert.deepEqual(s.call("f").value, [10, 20, -1]);
    assert.deepEqual(asked, [["z"]], "only the unknown key reached the host");
    assert.equal(s.call("g").error?.message, "lookup: want a string");
    assert.equal(s.extensionCall("engine-extension", "describe", { text: "x" }), '["x", 1]');
  } finally {
    s.dispose();
  }
});
