// Generates server/src/incus/knowledge/releases.json: the manifest of every Incus release we
// describe, with the facts read from that release's sources (one git tag each):
//  - the go.starlark.net version it vendors (go.mod), and the dialect it compiles scriptlets with
//    (shared/scriptlet/utils.go or internal/server/scriptlet/load: `opts.Set = true` or not);
//  - per scriptlet kind: the predeclared names (load/load.go, <Kind>Compile), the functions its
//    Validate requires or accepts (load/load.go declarations; absent = compile-only validation),
//    and each builtin's starlark.UnpackArgs parameter spec ("project??" = optional, None = absent);
//  - placement reasons (shared/api/scriptlet/instance.go constants);
//  - rule variants: how migration.stateful restricts disks (internal/server/device/disk.go), what
//    get_cluster_member_resources/state do with a non-candidate member, the authorization
//    `details` shape, []byte marshalling, and whether a joining member re-validates the cluster's
//    project restrictions locally (cmd/incusd/api_cluster.go clusterInitMember +
//    cmd/incusd/api_project.go's restricted.cluster.groups validator: the seed-003 join failure).
// Only facts are stored; nothing of Incus's code or prose.

import { execFileSync } from "node:child_process";

export const KINDS = ["placement", "authorization", "qemu"] as const;
type Kind = (typeof KINDS)[number];

// The manifest's types are the reader's (server/src/incus/knowledge/versions.ts): one owner.
export type { KindRelease, ReleaseFacts } from "../server/src/incus/knowledge/versions";
import type { KindRelease, ReleaseFacts, ReleaseInfo } from "../server/src/incus/knowledge/versions";
export type ReleaseOut = ReleaseInfo;

const KIND_FILES: Record<Kind, { compile: string; source: string }> = {
  placement: { compile: "InstancePlacement", source: "internal/server/scriptlet/instance_placement.go" },
  qemu: { compile: "QEMU", source: "internal/server/scriptlet/qemu.go" },
  authorization: { compile: "Authorization", source: "internal/server/scriptlet/auth/auth.go" },
};

export class Repo {
  constructor(readonly dir: string) {}
  git(args: string[]): string {
    return execFileSync("git", ["-C", this.dir, ...args], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  }
  show(ref: string, file: string): string | undefined {
    try {
      return this.git(["show", `${ref}:${file}`]);
    } catch {
      return undefined;
    }
  }
  /** Release tags of the supported series (6.0.x LTS and 7.x), oldest first. */
  supportedTags(): string[] {
    const tags = this.git(["tag", "--list", "v*"]).split("\n").filter((t) => /^v(6\.0|7\.\d+)\.\d+$/.test(t));
    return tags.sort((a, b) => cmp(a.slice(1), b.slice(1)));
  }
}

function cmp(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The body of a top-level Go func (text up to the next top-level func). */
function funcBody(src: string, name: string): string | undefined {
  const at = src.search(new RegExp(`\\nfunc ${name}\\(`));
  if (at < 0) return undefined;
  const next = src.indexOf("\nfunc ", at + 1);
  return src.slice(at, next < 0 ? undefined : next);
}

function stringLiterals(s: string): string[] {
  return [...s.matchAll(/"([^"\\]*)"/g)].map((m) => m[1]);
}

function kindRelease(repo: Repo, ref: string, kind: Kind, load: string): KindRelease | undefined {
  const { compile, source } = KIND_FILES[kind];
  const compileBody = funcBody(load, `${compile}Compile`);
  const src = repo.show(ref, source);
  if (!compileBody || !src) return undefined;
  const predeclared = stringLiterals(compileBody).filter((s) => /^[a-z_]+$/.test(s));
  const validate = funcBody(load, `${compile}Validate`) ?? "";
  let entry: KindRelease["entry"] = null;
  const optional: KindRelease["optional"] = [];
  for (const m of validate.matchAll(/(required|optional|Required|Optional)\("([a-z_]+)"\):\s*\{([^}]*)\}/g)) {
    const f = { name: m[2], params: stringLiterals(m[3]) };
    if (/^r/i.test(m[1])) entry = f;
    else optional.push(f);
  }
  const unpack: Record<string, string[] | null> = {};
  for (const m of src.matchAll(/"([a-z_]+)":\s*starlark\.NewBuiltin\("[a-z_]+",\s*([A-Za-z0-9_]+)\)/g)) {
    const [, name, fn] = m;
    const at = src.indexOf(`${fn} := func(`);
    if (at < 0) {
      unpack[name] = null;
      continue;
    }
    const next = src.indexOf(":= func(thread", at + fn.length + 4);
    const body = src.slice(at, next < 0 ? undefined : next);
    const call = /starlark\.UnpackArgs\(b\.Name\(\), args, kwargs((?:,\s*"[^"]*",\s*&[A-Za-z0-9_]+)*)\)/.exec(body);
    unpack[name] = call ? stringLiterals(call[1]) : null;
  }
  for (const name of predeclared) if (!(name in unpack)) unpack[name] = null; // QOM helpers (makeQOM)
  const ordered = Object.fromEntries(predeclared.map((n) => [n, unpack[n]]));
  return { predeclared, entry, optional, unpack: ordered };
}

function releaseFacts(repo: Repo, ref: string): ReleaseFacts {
  const placement = repo.show(ref, KIND_FILES.placement.source) ?? "";
  const auth = repo.show(ref, KIND_FILES.authorization.source);
  const sharedMarshal = repo.show(ref, "shared/scriptlet/marshal.go");
  const internalMarshal = repo.show(ref, "internal/server/scriptlet/marshal/marshal.go");
  const marshal = sharedMarshal ?? internalMarshal ?? "";
  const qemu = repo.show(ref, KIND_FILES.qemu.source) ?? "";
  const disk = repo.show(ref, "internal/server/device/disk.go") ?? "";
  const cluster = repo.show(ref, "cmd/incusd/api_cluster.go") ?? "";
  const project = repo.show(ref, "cmd/incusd/api_project.go") ?? "";
  const statefulBlock = disk.slice(disk.indexOf('ExpandedConfig()["migration.stateful"]'));
  const initMember = funcBody(cluster, "clusterInitMember") ?? "";
  return {
    memberNameCheck: /return starlark\.String\("Invalid member name"\), nil/.test(placement) ? "string" : "error",
    authorizationDetails: auth === undefined ? null : /extendedDetails := struct/.test(auth) ? "extended" : "flat",
    bytesAsBytes: /starlark\.Bytes\(v\.Bytes\(\)\)/.test(marshal),
    statefulMigration: {
      sharedFilesystem: disk.includes("Shared filesystem are incompatible with migration.stateful=true"),
      virtiofs: disk.includes("Virtiofs mounts aren't supported with migration.stateful=true"),
      dependentExempt: /Remote && util\.IsFalseOrEmpty\(d\.config\["dependent"\]\)/.test(statefulBlock),
    },
    join: {
      validatesClusterGroups: /"restricted\.cluster\.groups": validate\.Optional\(func/.test(project),
      // Before "Skip project restrictions during join" the joining member re-created every
      // project with the cluster's whole config (restrictions included) and validated it locally.
      copiesProjectRestrictions: /Config:\s+p\.Config,/.test(initMember),
    },
    marshalPackage: sharedMarshal === undefined && internalMarshal !== undefined ? "marshal" : "scriptlet",
    qmpRequestIds: /req\["id"\] = id/.test(qemu),
    authorizationClientRouting: /authorization\.client\./.test(repo.show(ref, "internal/server/auth/router.go") ?? ""),
  };
}

export function generateRelease(repo: Repo, version: string, ref: string, released: boolean): ReleaseOut {
  const commit = repo.git(["rev-parse", `${ref}^{commit}`]).trim();
  const date = repo.git(["log", "-1", "--format=%cs", commit]).trim();
  const gomod = repo.show(ref, "go.mod") ?? "";
  const starlarkGo = /go\.starlark\.net (\S+)/.exec(gomod)?.[1] ?? "unknown";
  const utils = repo.show(ref, "shared/scriptlet/utils.go") ?? repo.show(ref, "internal/server/scriptlet/load/utils.go") ?? "";
  const load = repo.show(ref, "internal/server/scriptlet/load/load.go") ?? "";
  const reasons = [...(repo.show(ref, "shared/api/scriptlet/instance.go") ?? "").matchAll(/const InstancePlacementReason\w+ = "([a-z-]+)"/g)].map((m) => m[1]);
  const kinds: ReleaseOut["kinds"] = {};
  for (const k of KINDS) {
    const kr = kindRelease(repo, ref, k, load);
    if (kr) kinds[k] = kr;
  }
  return {
    version,
    ref,
    commit,
    date,
    released,
    starlarkGo,
    dialect: { set: /opts\.Set = true/.test(utils + load) },
    placementReasons: reasons,
    kinds,
    facts: releaseFacts(repo, ref),
  };
}

export function generateReleases(repo: Repo, tags: string[], head?: { name: string; ref: string }) {
  const releases = tags.map((t) => generateRelease(repo, t.replace(/^v/, ""), t, true));
  if (head) releases.push(generateRelease(repo, head.name, head.ref, false));
  return {
    $comment:
      "Generated by `npm run gen:incus` (tools/gen-releases.ts) from the Incus sources of each release tag. One entry per supported release, oldest first; `released: false` marks an unreleased snapshot of main. Facts only. Do not edit: rerun the generator.",
    releases,
  };
}
