// The hand-curated scriptlet data agrees with the generated manifest (releases.json, read from
// each release's sources): every builtin a release predeclares is described, with the parameters
// it passes to starlark.UnpackArgs in that release. With $INCUS_REPO, every stored message
// format is also found verbatim in the sources of each release that can produce it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  SCRIPTLET_KINDS, allBuiltins, builtins, builtinErrors, kindAvailable, predeclaredNames, runtimeMessages,
  scriptletKind, validationMessages,
} from "../../server/src/incus/knowledge/scriptlets";
import { INCUS_VERSIONS, releaseInfo } from "../../server/src/incus/knowledge/versions";
import { incusSources } from "../support/incus-sources";

test("every builtin a release predeclares is described, and every described builtin exists in some release", () => {
  for (const v of INCUS_VERSIONS) {
    for (const kind of SCRIPTLET_KINDS) {
      assert.deepEqual(builtins(kind, v).map((b) => b.name), releaseInfo(v).kinds[kind]?.predeclared ?? [], `${kind} at ${v}`);
    }
  }
  for (const b of allBuiltins()) assert.ok(b.versions.length > 0, `${b.name} is predeclared by no release`);
});

test("builtin parameters equal what each builtin passes to UnpackArgs, in every release", () => {
  for (const v of INCUS_VERSIONS) {
    for (const kind of SCRIPTLET_KINDS) {
      const unpack = releaseInfo(v).kinds[kind]?.unpack ?? {};
      for (const b of builtins(kind, v)) {
        const specs = unpack[b.name];
        if (specs === null) continue; // log_* (shared logger), QOM helpers (makeQOM), get_instance_resources: no UnpackArgs
        const ours = b.params.filter((p) => !p.positionalOnly).map((p) => p.name + (p.optional ? (p.noneIsDefault ? "??" : "?") : ""));
        assert.deepEqual(ours, specs, `${kind}.${b.name} at ${v}`);
      }
    }
  }
});

test("entry functions follow each release's Validate declarations", () => {
  // 6.0.0–6.0.2 only compile; 6.0.3's QEMU Validate wants qemu_hook(stage); later (instance, stage).
  assert.equal(scriptletKind("placement", "6.0.2").validatesEntry, false);
  assert.equal(scriptletKind("placement", "6.0.4").validatesEntry, true);
  assert.deepEqual(scriptletKind("qemu", "6.0.3").entry.params.map((p) => p.name), ["stage"]);
  assert.deepEqual(scriptletKind("qemu", "6.0.4").entry.params.map((p) => p.name), ["instance", "stage"]);
  assert.equal(kindAvailable("authorization", "6.0.2"), false);
  assert.equal(kindAvailable("qemu", "6.0.1"), false);
  assert.equal(kindAvailable("qemu", "6.0.2"), true);
  for (const v of INCUS_VERSIONS) {
    for (const kind of SCRIPTLET_KINDS) {
      const rel = releaseInfo(v).kinds[kind];
      if (!rel?.entry) continue;
      const info = scriptletKind(kind, v);
      assert.equal(info.entry.name, rel.entry.name, `${kind} at ${v}`);
      assert.deepEqual(info.entry.params.map((p) => p.name), rel.entry.params, `${kind} entry at ${v}`);
      assert.deepEqual(info.optionalFunctions.map((f) => [f.name, f.params.map((p) => p.name)]), rel.optional.map((f) => [f.name, f.params]));
    }
  }
});

const { repo, skip } = incusSources();

test("every stored message format occurs verbatim in the sources of each release that produces it", { skip }, () => {
  // Formats Incus renders from a more general one ("%s not found" with entity "Project").
  const rendered = new Set(["Project not found", "Node not found"]);
  const grep = (ref: string, s: string) => {
    try {
      execFileSync("git", ["-C", repo, "grep", "-q", "-F", s, ref, "--", "*.go"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  for (const v of INCUS_VERSIONS) {
    const ref = releaseInfo(v).commit;
    const formats = new Set<string>();
    for (const kind of SCRIPTLET_KINDS) for (const b of builtins(kind, v)) for (const e of builtinErrors(b, v)) formats.add(e.format);
    const validates = SCRIPTLET_KINDS.some((k) => scriptletKind(k, v).validatesEntry);
    if (validates) {
      for (const f of [runtimeMessages.initFailed, runtimeMessages.runFailed, runtimeMessages.unexpectedReturn]) formats.add(f);
      for (const f of Object.values(validationMessages.messages)) formats.add(f);
    }
    for (const f of formats) {
      if (rendered.has(f)) continue;
      // Formats with a leading "%s " (builtin name prefix) appear after that prefix in the source.
      const needle = f.replace(/^%s \(%d:%d\): /, "").replace(/^run_command \(%d:%d\): /, "").replace(/^%s /, " ");
      assert.ok(grep(ref, needle), `${JSON.stringify(f)} not found in the source at ${v}`);
    }
  }
});

test("predeclared names of the default release are the placement builtins Incus documents", () => {
  assert.deepEqual(predeclaredNames("placement"), [
    "log_info", "log_warn", "log_error", "set_target", "get_cluster_member_resources", "get_cluster_member_state",
    "get_instance_resources", "get_instances", "get_instances_count", "get_cluster_members", "get_project",
  ]);
});
