// Generates server/src/incus/knowledge/api-types.json: the shape of every value Incus hands to a
// scriptlet, per Incus version, as Incus's marshal rule (shared/scriptlet/marshal.go, or
// internal/server/scriptlet/marshal/marshal.go on 6.0) turns Go structs into Starlark values.
//
// Run through the one generator command: `npm run gen:incus -- --repo DIR` (tools/gen-incus.ts).
//
// The marshal rule, as the source implements it (all versions below):
//  - only exported fields, in Go declaration order;
//  - an embedded field whose value is a struct (not a pointer!) is flattened in place into the
//    parent; an embedded *pointer* is an ordinary field named after its type;
//  - the attribute name is the json tag up to the first comma, else the Go field name. There is no
//    special case for `json:"-"` (the attribute is literally "-") nor for omitempty;
//  - a repeated name overwrites the earlier value but keeps the earlier position (Starlark dict);
//  - pointer -> the value or None; slice/array -> list ([]byte is bytes only from commit
//    06c1fd620d, after 7.3.0); map with string keys -> dict (other keys: marshal error);
//    interface -> whatever the dynamic value is; func/chan -> marshal error;
//  - every struct becomes an object whose type() is the Go type's name ("" for an anonymous
//    struct); structs without exported fields (time.Time, big.Int) become empty objects.
// The generator throws rather than emit a type Incus would fail to marshal (non-string map keys,
// func, chan): no scriptlet value has one, and consumers can rely on every TypeRef being valid.
// x509.Certificate (authorization `details.Chain` on 7.x) is read from the local Go toolchain's
// sources (recorded as goStdlib); Incus builds with a newer Go, which may add fields.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { GoField, GoType, parseGoFile, tagValue } from "./gen-go-structs";

/** One release to describe: its id, git revision and the facts the manifest found in it. */
export interface Snapshot {
  version: string;
  ref: string;
  facts: { bytesAsBytes: boolean; authorizationDetails: "flat" | "extended" | null };
  kinds: { qemu?: { predeclared: string[] } };
}

/** How a scriptlet sees a value. */
export type TypeRef =
  | { kind: "string" | "int" | "float" | "bool" | "bytes" | "any" }
  | { kind: "list"; of: TypeRef }
  | { kind: "dict"; of: TypeRef } // string keys, sorted
  | { kind: "object"; type: string } // key into `types`
  | { kind: "optional"; of: TypeRef }; // Go pointer: the value, or None when nil

export interface FieldOut {
  name: string;
  goName: string;
  type: TypeRef;
  /** Go type of the embedded struct this field was flattened from, if any. */
  from?: string;
}

export interface TypeOut {
  /** What type() returns in Starlark. */
  starlarkName: string;
  goType: string;
  fields: FieldOut[];
}

interface Pkg {
  importPath: string;
  short: string; // package name, for display
  types: Map<string, { type: GoType; imports: Map<string, string> }>;
}

const INCUS_MODULE = /^github\.com\/lxc\/incus\/(?:v\d+\/)?/;
const BASIC: Record<string, TypeRef["kind"]> = {
  string: "string",
  bool: "bool",
  int: "int", int8: "int", int16: "int", int32: "int", int64: "int",
  uint: "int", uint8: "int", uint16: "int", uint32: "int", uint64: "int", uintptr: "int",
  byte: "int", rune: "int",
  float32: "float", float64: "float",
};

class Generator {
  private pkgs = new Map<string, Pkg>();
  readonly types = new Map<string, TypeOut>();
  private keyOf = new Map<string, string>(); // "importPath.Name" -> types key
  private queue: Array<() => void> = [];

  constructor(
    private snap: Snapshot,
    private repo: string,
    private goroot: string,
  ) {}

  private git(args: string[]): string {
    return execFileSync("git", ["-C", this.repo, ...args], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  }

  /** Load a package by import path: Incus packages from git at the snapshot's ref, stdlib from GOROOT. */
  pkg(importPath: string): Pkg | null {
    importPath = importPath.replace(INCUS_MODULE, ""); // one cache entry per package, however it is imported
    const cached = this.pkgs.get(importPath);
    if (cached) return cached;
    let sources: string[];
    if (!importPath.includes(".")) {
      if (importPath.startsWith("internal/") || importPath.startsWith("shared/")) {
        const dir = importPath;
        const files = this.git(["ls-tree", "--name-only", `${this.snap.ref}:${dir}`])
          .split("\n")
          .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
          .sort();
        sources = files.map((f) => this.git(["show", `${this.snap.ref}:${dir}/${f}`]));
      } else {
        const dir = path.join(this.goroot, "src", importPath);
        if (!existsSync(dir)) return null;
        sources = readdirSync(dir)
          .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
          .sort()
          .map((f) => readFileSync(path.join(dir, f), "utf8"));
      }
    } else {
      return null; // third-party module: not needed by any scriptlet type so far
    }
    const pkg: Pkg = { importPath, short: importPath.split("/").pop()!, types: new Map() };
    for (const src of sources) {
      const file = parseGoFile(src);
      for (const [name, type] of file.types) {
        if (!pkg.types.has(name)) pkg.types.set(name, { type, imports: file.imports });
      }
    }
    this.pkgs.set(importPath, pkg);
    return pkg;
  }

  /** Resolve a named type to its declaration, or null for builtins/unknowns. */
  private lookup(t: Extract<GoType, { t: "named" }>, ctx: { pkg: Pkg; imports: Map<string, string> }) {
    if (t.pkg === null && BASIC[t.name]) return null;
    let pkg: Pkg | null = ctx.pkg;
    if (t.pkg !== null) {
      const ip = ctx.imports.get(t.pkg);
      pkg = ip ? this.pkg(ip) : null;
    }
    const decl = pkg?.types.get(t.name);
    return decl && pkg ? { pkg, name: t.name, ...decl } : null;
  }

  /** Follow named non-struct types down to their underlying type expression. */
  private underlying(t: GoType, ctx: { pkg: Pkg; imports: Map<string, string> }): { type: GoType; ctx: typeof ctx; name?: { pkg: Pkg; name: string } } {
    let name: { pkg: Pkg; name: string } | undefined;
    for (let i = 0; i < 20 && t.t === "named"; i++) {
      if (t.pkg === null && t.name === "error") return { type: { t: "interface" }, ctx };
      const decl = this.lookup(t, ctx);
      if (!decl) return { type: t, ctx, name };
      name = { pkg: decl.pkg, name: decl.name };
      t = decl.type;
      ctx = { pkg: decl.pkg, imports: decl.imports };
    }
    return { type: t, ctx, name };
  }

  ref(t: GoType, ctx: { pkg: Pkg; imports: Map<string, string> }, anonName = ""): TypeRef {
    const u = this.underlying(t, ctx);
    const ut = u.type;
    switch (ut.t) {
      case "named": {
        const kind = ut.pkg === null ? BASIC[ut.name] : undefined;
        if (kind) return { kind } as TypeRef;
        throw new Error(`type ${ut.pkg ? ut.pkg + "." : ""}${ut.name} not found in the sources at ${this.snap.ref}`);
      }
      case "pointer":
        return { kind: "optional", of: this.ref(ut.elem, u.ctx) };
      case "slice": {
        const e = this.underlying(ut.elem, u.ctx).type;
        if (this.snap.facts.bytesAsBytes && e.t === "named" && e.pkg === null && (e.name === "byte" || e.name === "uint8")) return { kind: "bytes" };
        return { kind: "list", of: this.ref(ut.elem, u.ctx) };
      }
      case "map": {
        const k = this.underlying(ut.key, u.ctx).type;
        if (!(k.t === "named" && k.pkg === null && k.name === "string")) {
          // Incus would fail at run time ("Only string keys are supported"); no scriptlet type does this.
          throw new Error(`map with non-string keys reached a scriptlet type at ${this.snap.ref}`);
        }
        return { kind: "dict", of: this.ref(ut.elem, u.ctx) };
      }
      case "interface":
        return { kind: "any" };
      case "func":
      case "chan":
        // Incus would fail at run time ("Unrecognised type"); no scriptlet type does this.
        throw new Error(`func/chan field reached a scriptlet type at ${this.snap.ref}`);
      case "struct": {
        const goName = u.name ? `${u.name.pkg.short}.${u.name.name}` : anonName;
        return { kind: "object", type: this.struct(u.name?.name ?? "", goName, u.name?.pkg.importPath ?? "", ut.fields, u.ctx) };
      }
    }
  }

  /** Register a struct type (once) and schedule its fields; returns its key in `types`. */
  struct(starlarkName: string, goName: string, importPath: string, fields: GoField[], ctx: { pkg: Pkg; imports: Map<string, string> }): string {
    const id = `${importPath}.${goName}`;
    const known = this.keyOf.get(id);
    if (known) return known;
    // Key by the name a scriptlet sees; qualify only on a clash (e.g. x509.Certificate vs api.Certificate).
    let key = starlarkName || goName;
    if (this.types.has(key)) key = goName;
    this.keyOf.set(id, key);
    const out: TypeOut = { starlarkName, goType: goName, fields: [] };
    this.types.set(key, out);
    this.queue.push(() => {
      out.fields = this.flatten(fields, ctx, undefined);
    });
    return key;
  }

  private flatten(fields: GoField[], ctx: { pkg: Pkg; imports: Map<string, string> }, from: string | undefined): FieldOut[] {
    const out: FieldOut[] = [];
    const set = (f: FieldOut) => {
      const at = out.findIndex((o) => o.name === f.name);
      if (at >= 0) out[at] = f; // Starlark dict: overwrite, keep the first position
      else out.push(f);
    };
    for (const f of fields) {
      if (!/^[A-Z]/.test(f.name)) continue; // unexported
      if (f.embedded) {
        const u = this.underlying(f.type, ctx);
        if (u.type.t === "struct") {
          const src = u.name ? `${u.name.pkg.short}.${u.name.name}` : f.name;
          for (const inner of this.flatten(u.type.fields, u.ctx, src)) set(inner.from ? inner : { ...inner, from: src });
          continue;
        }
      }
      const name = tagValue(f.tag, "json").split(",")[0] || f.name;
      const field: FieldOut = { name, goName: f.name, type: this.ref(f.type, ctx, `${f.name}`) };
      if (from) field.from = from;
      set(field);
    }
    return out;
  }

  root(importPath: string, name: string): string {
    const pkg = this.pkg(importPath);
    if (!pkg) throw new Error(`package ${importPath} not found at ${this.snap.ref}`);
    const ref = this.ref({ t: "named", pkg: null, name }, { pkg, imports: new Map() });
    if (ref.kind !== "object") throw new Error(`${importPath}.${name} is not a struct at ${this.snap.ref}`);
    return ref.type;
  }

  /** Root for an anonymous struct literal written in Incus code (auth details on 7.x). */
  anonymousRoot(goName: string, fields: GoField[], imports: Record<string, string>): string {
    const pkg: Pkg = { importPath: "(anonymous)", short: "", types: new Map() };
    return this.struct("", goName, "(anonymous)", fields, { pkg, imports: new Map(Object.entries(imports)) });
  }

  drain() {
    while (this.queue.length) this.queue.shift()!();
  }

  source(file: string): string {
    return this.git(["show", `${this.snap.ref}:${file}`]);
  }
}

function findScriptletFile(g: Generator, candidates: string[]): string {
  for (const c of candidates) {
    try {
      return g.source(c);
    } catch {
      // not at this ref
    }
  }
  throw new Error(`none of ${candidates.join(", ")} found`);
}

export function generate(repo: string, goroot: string, snapshots: Snapshot[]) {
  const releases: Record<string, unknown> = {};
  // Shapes are shared between releases: each distinct content once, keyed Name, Name~2, ...
  const shapes = new Map<string, TypeOut>();
  const shapeIds = new Map<string, string>(); // JSON of the shape -> id
  for (const snap of snapshots) {
    const g = new Generator(snap, repo, goroot);
    const commit = execFileSync("git", ["-C", repo, "rev-parse", `${snap.ref}^{commit}`], { encoding: "utf8" }).trim();
    const marshal = findScriptletFile(g, ["shared/scriptlet/marshal.go", "internal/server/scriptlet/marshal/marshal.go", "internal/server/scriptlet/starlark.go"]);
    if (!/key, _, _ := strings\.Cut\(field\.Tag\.Get\("json"\), ","\)/.test(marshal)) throw new Error(`field naming rule changed at ${snap.ref}`);

    const roots: Record<string, string> = {
      // instance_placement(request, ...): scriptlet.InstancePlacement (embeds api.InstancesPost)
      request: g.root("shared/api/scriptlet", "InstancePlacement"),
      // candidate_members and get_cluster_members(): []*api.ClusterMember
      candidate_member: g.root("shared/api", "ClusterMember"),
      resources: g.root("shared/api", "Resources"),
      member_state: g.root("shared/api", "ClusterMemberState"),
      instance_resources: g.root("shared/api/scriptlet", "InstanceResources"),
      // get_instances() and qemu_hook(instance, ...): api.Instance
      instance: g.root("shared/api", "Instance"),
      project: g.root("shared/api", "Project"),
    };
    if (snap.facts.authorizationDetails === "flat") {
      roots.authorization_details = g.root("internal/server/auth/common", "RequestDetails");
    } else if (snap.facts.authorizationDetails === "extended") {
      const auth = g.source("internal/server/scriptlet/auth/auth.go");
      const shape = /extendedDetails := struct \{\s*\*common\.RequestDetails\s+Chain\s+\[\]\*x509\.Certificate\s+Certificate\s+\*api\.CertificatePut\s*\}/;
      if (!shape.test(auth)) throw new Error(`authorization details shape changed at ${snap.ref}`);
      roots.authorization_details = g.anonymousRoot(
        "AuthorizationDetails",
        [
          { name: "RequestDetails", embedded: true, type: { t: "pointer", elem: { t: "named", pkg: "common", name: "RequestDetails" } }, tag: "" },
          { name: "Chain", embedded: false, type: { t: "slice", elem: { t: "pointer", elem: { t: "named", pkg: "x509", name: "Certificate" } } }, tag: "" },
          { name: "Certificate", embedded: false, type: { t: "pointer", elem: { t: "named", pkg: "api", name: "CertificatePut" } }, tag: "" },
        ],
        { common: "internal/server/auth/common", x509: "crypto/x509", api: "shared/api" },
      );
    }
    if (snap.kinds.qemu?.predeclared.includes("get_nvram_var")) {
      roots.nvram_variable = g.root("shared/api", "InstanceNVRAMVariable");
    }
    g.drain();
    const types: Record<string, string> = {};
    for (const [name, t] of [...g.types.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const json = JSON.stringify(t);
      let id = shapeIds.get(json);
      if (!id) {
        id = name;
        for (let n = 2; shapes.has(id); n++) id = `${name}~${n}`;
        shapes.set(id, t);
        shapeIds.set(json, id);
      }
      types[name] = id;
    }
    releases[snap.version] = { ref: snap.ref, commit, roots, types };
  }
  return {
    $comment:
      "Generated by `npm run gen:incus` (tools/gen-api-types.ts) from the Incus sources of each release (shared/api, shared/api/scriptlet, internal/server/auth/common) and Go's crypto/x509 for the authorization certificate chain. `shapes` holds each distinct type once; each release maps a type name to its shape. Do not edit.",
    goStdlib: readFileSync(path.join(goroot, "VERSION"), "utf8").split("\n")[0],
    releases,
    shapes: Object.fromEntries([...shapes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
