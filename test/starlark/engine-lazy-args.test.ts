// Host objects passed directly as call arguments travel with their fields as JSON text and
// are decoded in the sandbox when first read (runtime/wire.ts, WireLazyObject): a placement
// request crosses on every run of an evacuation. Whatever a program does with such an
// argument must give exactly what it gives with the same object marshalled whole (inside a
// list argument, which is never deferred): values, errors, str/dir/type, mutation, identity.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HostDict, HostObject, HostRef, type HostValue } from "../../server/src/starlark/engine";
import { withSession } from "./engine-support";

const OBJ = { dirQuoted: true, missing: 'Invalid field "%s"', unhashable: "Unhashable type %s" } as const;

function request(name: string, source: HostValue = new HostObject("InstanceSource", [["type", "none"]], OBJ)): HostObject {
  return new HostObject("InstancePlacement", [
    ["name", name],
    ["config", new HostDict([["limits.cpu", "2"], ["user.\u00e9", "\u00fcber"]])],
    ["profiles", ["default", "gpu"]],
    ["source", source],
    ["ephemeral", false],
    ["size", 2 ** 60],
    ["name", "shadowed"],
  ], OBJ);
}

/** Each body takes the object as `r`; NAME(r) gets it directly (deferred), NAME_l(rs) as rs[0]. */
const BODIES: Record<string, string> = {
  look: "return [r.name, r.config, r.profiles, r.source.type, r.ephemeral, r.size, type(r), str(r), dir(r), r == r, r != r]",
  mutate: 'r.config["x"] = "y"\n    r.profiles.append("more")\n    return [r.config, r.profiles, str(r)]',
  missing: "return r.nope",
  hashit: "return {r: 1}",
  setattr: 'r.name = "other"',
  back: 'r.config["b"] = "c"\n    return r',
  bool_: "return [bool(r), len(dir(r)), hasattr(r, 'config'), hasattr(r, 'nope'), getattr(r, 'nope', 7)]",
  frozen: "l = [r]\n    return [x.source for x in l]",
  srcmut: 'r.source.tags.append("z")\n    return str(r.source)',
  twice: "a = r.source\n    b = r.source\n    return [a == b, str(a), str(b)]",
};

const SRC = Object.entries(BODIES)
  .map(([name, body]) => `def ${name}(r):\n    ${body}\n\ndef ${name}_l(rs):\n    return ${name}(rs[0])\n`)
  .join("\n");

test("a host object argument decoded when read behaves as the same object marshalled whole", async () => {
  await withSession(SRC, (s, init) => {
    assert.equal(init.error, undefined);
    for (const name of Object.keys(BODIES)) {
      const direct = s.call(name, [request("r1")]);
      const whole = s.call(`${name}_l`, [[request("r1")]]);
      assert.deepEqual(direct.value, whole.value, name);
      assert.equal(direct.error?.message, whole.error?.message, name);
      // (The backtrace's innermost frame is the same body line.)
      assert.deepEqual(direct.error?.backtrace.at(-1), whole.error?.backtrace.at(-1), name);
    }
    // Keyword arguments too, and an object never read.
    const kw = s.call("look", [], [["r", request("k")]]);
    assert.equal((kw.value as HostValue[])[0], "k");
    assert.equal(s.call("setattr", [request("unread")]).error?.message, s.call("setattr_l", [[request("unread")]]).error?.message);
  });
});

test("an interned value inside a deferred argument is a fresh copy of it, decoded in its run", async () => {
  await withSession(SRC, (s) => {
    const [h] = s.intern([new HostObject("InstanceSource", [["type", "copy"], ["tags", ["a"]]], OBJ)]);
    for (let i = 0; i < 3; i++) {
      // Each run mutates its copy; no run sees another's change (the same text every time).
      for (const name of ["twice", "srcmut", "look"]) {
        const direct = s.call(name, [request("r", new HostRef(h))]);
        const whole = s.call(`${name}_l`, [[request("r", new HostRef(h))]]);
        assert.equal(direct.error, undefined, name);
        assert.deepEqual(direct.value, whole.value, name);
      }
      assert.equal(s.call("srcmut", [request("r", new HostRef(h))]).value, '{"type": "copy", "tags": ["a", "z"]}');
    }
  });
});
