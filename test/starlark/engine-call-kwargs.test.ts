// A host call with keyword arguments (Session.call, as a placement runs instance_placement(
// request=, candidate_members=)) binds positionally when the keywords are exactly the
// function's plain parameters in order (runtime/bridge.ts bindsInOrder): every other shape
// goes through the keyword path. Each case here must give what go.starlark.net's binding
// gives: values by name, defaults, **kwargs, keyword-only parameters, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type HostValue } from "../../server/src/starlark/engine";
import { withSession } from "./engine-support";

const SRC = `
def plain(request, candidate_members):
    return [request, candidate_members]

def swapped(candidate_members, request):
    return [request, candidate_members]

def defaults(request, candidate_members, extra = "d"):
    return [request, candidate_members, extra]

def star(request, candidate_members, **kw):
    return [request, candidate_members, sorted(kw.keys())]

def varargs(request, *rest, candidate_members = None):
    return [request, candidate_members, len(rest)]

def kwonly(request, *, candidate_members):
    return [request, candidate_members]

def one(request):
    return [request]

def via(what):
    if what == "one":
        return one(request = "r", candidate_members = ["a", "b"])
    return plain(request = "r")

def mutate(request, candidate_members):
    candidate_members.append("x")
    return candidate_members
`;

test("keyword calls bind by name whatever the function's parameters", async () => {
  await withSession(SRC, (s, init) => {
    assert.equal(init.error, undefined);
    const kw: [string, HostValue][] = [["request", "r"], ["candidate_members", ["a", "b"]]];
    const call = (name: string, kwargs = kw) => {
      const res = s.call(name, [], kwargs);
      return res.error ? `error: ${res.error.message}` : res.value;
    };
    assert.deepEqual(call("plain"), ["r", ["a", "b"]]);
    assert.deepEqual(call("swapped"), ["r", ["a", "b"]]);
    assert.deepEqual(call("plain", [kw[1], kw[0]]), ["r", ["a", "b"]]);
    assert.deepEqual(call("defaults"), ["r", ["a", "b"], "d"]);
    assert.deepEqual(call("star"), ["r", ["a", "b"], []]);
    assert.deepEqual(call("varargs"), ["r", ["a", "b"], 0]);
    assert.deepEqual(call("kwonly"), ["r", ["a", "b"]]);
    assert.deepEqual(call("mutate"), ["a", "b", "x"]);
    // The errors are the keyword path's, as a call from Starlark gives them.
    const fromStarlark = (expr: string) => {
      const r = s.call("via", [expr]);
      return r.error ? `error: ${r.error.message}` : r.value;
    };
    assert.match(String(call("one")), /^error: .*unexpected keyword argument/);
    assert.equal(call("one"), fromStarlark("one"));
    assert.match(String(call("plain", [kw[0]])), /^error: .*missing/);
    assert.equal(call("plain", [kw[0]]), fromStarlark("missing"));
    // Positional arguments and keywords together keep the keyword path.
    const mixed = s.call("plain", ["r"], [["candidate_members", []]]);
    assert.deepEqual(mixed.value, ["r", []]);
  });
});
