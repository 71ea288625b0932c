// Scriptlets inside YAML block scalars are checked by the scriptlet language service, with
// positions mapped back through the block's indentation; completion and hover work inside.
import { test } from "node:test";
import assert from "node:assert/strict";
import { yamlCompletion, yamlHover } from "../../server/src/language/yaml";
import { clusterCtx, covered, diags, NO_CLUSTER, offsetOf } from "./helpers";

const server = `config:
  core.https_address: 127.0.0.1:8443
  instances.placement.scriptlet: |
    def instance_placement(request, candidate_members):
        nope()
        set_target(candidate_members[0].server_name)
`;

test("a placement scriptlet's error lands on the right YAML line and column", () => {
  const ds = diags("s.server.incus.yaml", server, NO_CLUSTER);
  const d = ds.find((x) => /undefined: nope/.test(x.message));
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d.range.start.line, 4);
  assert.equal(covered(server, d), "nope");
});

test("a correct scriptlet stays clean, with any block indentation and chomping", () => {
  const ok = (indicator: string, indent: string) => `config:\n  instances.placement.scriptlet: ${indicator}\n${indent}def instance_placement(request, candidate_members):\n${indent}    log_info("placing ", request.name)\n${indent}    return None\n`;
  for (const [ind, sp] of [["|", "    "], ["|-", "      "], ["|+", "   "]]) {
    assert.deepEqual(diags("s.server.incus.yaml", ok(ind, sp), NO_CLUSTER), [], ind + JSON.stringify(sp));
  }
});

test("raw.qemu.scriptlet in a profile is checked as a QEMU scriptlet", () => {
  const text = 'config:\n  raw.qemu.scriptlet: |-\n    def qemu_hook(instance, stage):\n      run_qmp({"execute": "query-status"})\n      undefined_thing()\n';
  const ds = diags("p.profile.incus.yaml", text, NO_CLUSTER);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  assert.equal(covered(text, ds[0]), "undefined_thing");
  // A placement builtin is not a QEMU one.
  const clean = text.replace("      undefined_thing()\n", "");
  assert.deepEqual(diags("p.profile.incus.yaml", clean, NO_CLUSTER), []);
});

test("a single-line scriptlet is mapped too", () => {
  const text = 'config:\n  instances.placement.scriptlet: "x = nope"\n';
  const ds = diags("s.server.incus.yaml", text, NO_CLUSTER);
  assert.ok(ds.some((d) => covered(text, d) === "nope"), JSON.stringify(ds));
});

test("the scriptlet in the wrong object is not analysed as a scriptlet", () => {
  // A placement scriptlet key in an instance is a wrong-entity key, not a scriptlet.
  const text = "config:\n  instances.placement.scriptlet: |\n    x = nope\n";
  const ds = diags("w.instance.incus.yaml", text, NO_CLUSTER);
  assert.deepEqual(ds.map((d) => d.code), ["yaml-key-wrong-entity"]);
});

test("completion and hover inside the block use the scriptlet service", () => {
  const text = "config:\n  instances.placement.scriptlet: |\n    def instance_placement(request, candidate_members):\n        set_target(\"\")\n";
  const items = yamlCompletion("s.server.incus.yaml", text, offsetOf(text, 'set_target("', 'set_target("'.length), clusterCtx());
  assert.deepEqual(items.map((i) => i.label).sort(), ["node1", "node2", "node3"]);
  const names = yamlCompletion("s.server.incus.yaml", text, offsetOf(text, "set_target", 3), clusterCtx()).map((i) => i.label);
  assert.ok(names.includes("set_target") && names.includes("get_cluster_members"), names.join(","));
  const h = yamlHover("s.server.incus.yaml", text, offsetOf(text, "set_target", 2), clusterCtx());
  assert.ok(h && /set_target/.test(h.markdown));
  assert.equal(covered(text, { range: h!.range } as never), "set_target");
});

test("an explicit indentation indicator is honoured", () => {
  // |2 under a key indented by 2: the content is indented by 4, then a leading blank line
  // (kept in the value) whose indentation an auto-detecting mapper would take for the block's.
  const text = "config:\n  instances.placement.scriptlet: |2\n\n    def instance_placement(request, candidate_members):\n        nope()\n";
  const ds = diags("s.server.incus.yaml", text, NO_CLUSTER);
  assert.ok(ds.some((d) => covered(text, d) === "nope" && d.range.start.line === 4), JSON.stringify(ds));
});
