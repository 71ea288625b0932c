// The hand-curated scriptlet data is checked against the Incus source at each version's git
// revision: predeclared names, the parameters builtins unpack, and every message format.
// Skipped when the Incus mirror is not available.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  SCRIPTLET_KINDS, builtins, predeclaredNames, builtinErrors, runtimeMessages, validationMessages, scriptletKind,
  type ScriptletKind,
} from "../../server/src/incus/knowledge/scriptlets";
import { apiTypes } from "../../server/src/incus/knowledge/api-types";
import { INCUS_VERSIONS } from "../../server/src/incus/knowledge/versions";

const repo = "/work/.mirror/lxc+incus/repo";
const skip = !existsSync(repo) && "Incus source mirror not available";
const show = (ref: string, file: string) => execFileSync("git", ["-C", repo, "show", `${ref}:${file}`], { encoding: "utf8", maxBuffer: 64 << 20 });
const refOf = (v: string) => apiTypes(v).source.commit;

const COMPILE_FN: Record<ScriptletKind, string> = {
  placement: "InstancePlacementCompile",
  authorization: "AuthorizationCompile",
  qemu: "QEMUCompile",
};
const RUN_FILE: Record<ScriptletKind, string> = {
  placement: "internal/server/scriptlet/instance_placement.go",
  authorization: "internal/server/scriptlet/auth/auth.go",
  qemu: "internal/server/scriptlet/qemu.go",
};

test("predeclared names equal the compile lists in load.go", { skip }, () => {
  for (const v of INCUS_VERSIONS) {
    const load = show(refOf(v), "internal/server/scriptlet/load/load.go");
    for (const kind of SCRIPTLET_KINDS) {
      const body = new RegExp(`func ${COMPILE_FN[kind]}\\([^)]*\\)[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(load)?.[1] ?? "";
      const names = [...body.matchAll(/"([a-z_]+)",/g)].map((m) => m[1]);
      assert.deepEqual(predeclaredNames(kind, v), names, `${kind} at ${v}`);
    }
  }
});

test("entry functions and their parameters equal the Validate declarations", { skip }, () => {
  for (const v of INCUS_VERSIONS) {
    const load = show(refOf(v), "internal/server/scriptlet/load/load.go");
    for (const kind of SCRIPTLET_KINDS) {
      const info = scriptletKind(kind, v);
      for (const [fn, optional] of [[info.entry, false], ...info.optionalFunctions.map((f) => [f, true] as const)] as const) {
        const decl = new RegExp(`(?:scriptlet\\.)?(?:R|r)equired|(?:scriptlet\\.)?(?:O|o)ptional`).source;
        const m = new RegExp(`(${decl})\\("${fn.name}"\\):\\s*\\{([^}]*)\\}`).exec(load);
        assert.ok(m, `${fn.name} not declared at ${v}`);
        assert.equal(/ptional/.test(m[1]), optional, `${fn.name} optionality at ${v}`);
        assert.deepEqual(fn.params.map((p) => p.name), [...m[2].matchAll(/"(\w+)"/g)].map((x) => x[1]), `${fn.name} at ${v}`);
      }
    }
  }
});

test("builtin parameters equal what each builtin passes to UnpackArgs", { skip }, () => {
  for (const v of INCUS_VERSIONS) {
    for (const kind of SCRIPTLET_KINDS) {
      const src = show(refOf(v), RUN_FILE[kind]);
      for (const b of builtins(kind, v)) {
        const env = new RegExp(`"${b.name}":\\s*starlark\\.NewBuiltin\\("${b.name}", (\\w+)\\)`).exec(src);
        if (!env) continue; // log_* (shared logger) and the QOM helpers (makeQOM) take no named parameters
        const body = new RegExp(`\\b${env[1]} := func\\([\\s\\S]*?\\n\\t\\}\\n`).exec(src)?.[0] ?? "";
        const unpack = /starlark\.UnpackArgs\(b\.Name\(\), args, kwargs((?:, "[^"]+", &\w+)*)\)/.exec(body);
        const specs = unpack ? [...unpack[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [];
        const ours = b.params.filter((p) => !p.positionalOnly).map((p) => p.name + (p.optional ? (p.noneIsDefault ? "??" : "?") : ""));
        assert.deepEqual(ours, specs, `${kind}.${b.name} at ${v}`);
      }
    }
  }
});

test("every stored message format occurs verbatim in that version's source", { skip }, () => {
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
    const ref = refOf(v);
    const formats = new Set<string>();
    for (const kind of SCRIPTLET_KINDS) for (const b of builtins(kind, v)) for (const e of builtinErrors(b, v)) formats.add(e.format);
    for (const f of [runtimeMessages.initFailed, runtimeMessages.runFailed, runtimeMessages.unexpectedReturn, runtimeMessages.notLoaded]) formats.add(f);
    for (const f of Object.values(runtimeMessages.marshalFailed)) formats.add(f);
    for (const f of Object.values(validationMessages.messages)) formats.add(f);
    for (const kind of SCRIPTLET_KINDS) for (const p of scriptletKind(kind, v).userErrorPrefixes) formats.add(p.format);
    for (const f of formats) {
      if (rendered.has(f)) continue;
      // Formats with a leading "%s " (builtin name prefix) appear after that prefix in the source.
      const needle = f.replace(/^%s \(%d:%d\): /, "").replace(/^run_command \(%d:%d\): /, "").replace(/^%s /, " ");
      assert.ok(grep(ref, needle), `${JSON.stringify(f)} not found in the source at ${v}`);
    }
  }
});
