// sandbox/fast-string.ts: strings written into the sandbox with Node's encoder arrive as
// newString would make them, and the native path is the one taken with the quickjs-emscripten
// release installed (a release that moves its internals fails here, not silently slower).
import { test } from "node:test";
import assert from "node:assert/strict";
import { getQuickJS } from "quickjs-emscripten";
import { fastString, fastStringAvailable } from "../../server/src/starlark/sandbox/fast-string";

test("fastString: the native path is available and gives what newString gives", async () => {
  const qjs = await getQuickJS();
  const rt = qjs.newRuntime();
  const ctx = rt.newContext();
  const cases = [
    "", "a", '{"x":[1,"\\u0000",2]}', "\u00e9\u00ff\u0080 bytes", "\u4e2d\u6587", "\ud83d\ude00 emoji", "x".repeat(100_000),
    "with \u0000 NUL", "\ud800 lone", "\udc80 lone low", JSON.stringify("\ud800 lone, escaped"),
  ];
  const got: [string, string][] = [];
  let available = false;
  try {
    available = fastStringAvailable(ctx);
    // What the sandbox sees: the length and every char code.
    const see = ctx.unwrapResult(ctx.evalCode("(s) => s.length + ':' + Array.from(s, (c) => c.charCodeAt(0)).join(',')"));
    const seen = (h: ReturnType<typeof ctx.newString>) => {
      const r = ctx.callFunction(see, ctx.undefined, h);
      const v = ctx.unwrapResult(r);
      const out = ctx.getString(v);
      v.dispose();
      h.dispose();
      return out;
    };
    for (const s of cases) got.push([seen(fastString(ctx, s)), seen(ctx.newString(s))]);
    see.dispose();
  } finally {
    ctx.dispose();
    rt.dispose();
  }
  assert.equal(available, true, "quickjs-emscripten internals moved: fast-string.ts needs updating");
  got.forEach(([a, b], i) => assert.equal(a, b, JSON.stringify(cases[i].slice(0, 40))));
});
