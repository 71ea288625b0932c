// The language-service facades: analyses cached per document version (or text) and context,
// the check pipeline (static + top-level run), and rule failures logged with the rule's name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ScriptletService } from "../../server/src/language/scriptlet/service";
import { scriptletDiagnostics } from "../../server/src/language/scriptlet/diagnostics";
import { YamlService } from "../../server/src/language/yaml/service";
import { diagnosticsOf } from "../../server/src/language/yaml/diagnostics";

const SRC = "def instance_placement(request, candidate_members):\n    pass\n";

test("scriptlet analyses are cached per document version and context", () => {
  const svc = new ScriptletService(() => {});
  const doc = { uri: "file:///a.placement.star", text: SRC, version: 1 };
  const a1 = svc.analysis(doc, { version: "6.0.4" });
  assert.ok(a1);
  assert.equal(svc.analysis(doc, { version: "6.0.4" }), a1, "same version: same analysis");
  assert.notEqual(svc.analysis({ ...doc, version: 2, text: SRC + "\n" }, { version: "6.0.4" }), a1, "new version: new analysis");
  const a3 = svc.analysis({ ...doc, version: 2, text: SRC + "\n" }, { version: "7.3.0" });
  assert.equal(a3?.ctx.version, "7.3.0", "new context: new analysis");
  // Without editor versions (CLI), the text decides.
  const b = svc.analysis({ uri: "x.placement.star", text: SRC }, {});
  assert.equal(svc.analysis({ uri: "x.placement.star", text: SRC }, {}), b);
  assert.notEqual(svc.analysis({ uri: "x.placement.star", text: SRC + "#\n" }, {}), b);
  assert.equal(svc.analysis({ uri: "notes.txt", text: "hello" }, {}), undefined, "not a scriptlet");
});

test("check = static diagnostics, plus the top-level run when nothing static is an error", async () => {
  const svc = new ScriptletService(() => {});
  try {
    const run = await svc.check({ uri: "t.placement.star", text: "X = 1 // 0\n" + SRC }, { version: "6.0.4" });
    assert.deepEqual(run.map((d) => d.code), ["top-level-run"]);
    assert.match(run[0].message, /division by zero/);
    assert.deepEqual(svc.diagnostics({ uri: "t.placement.star", text: "X = 1 // 0\n" + SRC }, { version: "6.0.4" }), [], "the run is not static");
    const broken = await svc.check({ uri: "u.placement.star", text: "X = 1 // 0\ndef instance_placement(r):\n    pass\n" }, { version: "6.0.4" });
    assert.deepEqual(broken.map((d) => d.code), ["entry-function"], "static errors first: no run, as Incus stops at validation");
  } finally {
    await svc.dispose();
  }
});

test("a lint rule that throws is logged with its name; the others still report", () => {
  const svc = new ScriptletService(() => {});
  const a = svc.analysis({ uri: "t.placement.star", text: SRC }, {})!;
  const logged: string[] = [];
  function explodingRule(): never {
    throw new Error("boom");
  }
  const found = scriptletDiagnostics(a, (m) => logged.push(m), [explodingRule, () => [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: "hint", message: "m", code: "c" }]]);
  assert.deepEqual(found.map((d) => d.code), ["c"]);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /scriptlet lint rule explodingRule failed on t\.placement\.star: Error: boom/);
});

test("YAML analyses are cached like scriptlet ones; YAML rule failures are logged", () => {
  const logged: string[] = [];
  const svc = new YamlService((m) => logged.push(m));
  const doc = { uri: "file:///w.instance.incus.yaml", text: 'config:\n  limits.cpus: "2"\n', version: 1 };
  const ctx = { version: "6.0.4" };
  const a = svc.analysis(doc, ctx);
  assert.ok(a);
  assert.equal(svc.analysis(doc, { version: "6.0.4" }), a, "same version and context parts: cached");
  assert.equal(svc.diagnostics(doc, ctx), svc.diagnostics(doc, ctx), "diagnostics computed once");
  assert.notEqual(svc.analysis({ ...doc, version: 2 }, ctx), a);
  function brokenYamlRule(): never {
    throw new Error("bad");
  }
  const found = diagnosticsOf(a!, (m) => logged.push(m), [brokenYamlRule]);
  assert.deepEqual(found, []);
  assert.match(logged[0], /incus YAML rule brokenYamlRule failed on file:\/\/\/w\.instance\.incus\.yaml: Error: bad/);
});
