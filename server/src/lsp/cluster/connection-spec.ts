// A connection is where a cluster comes from: the bundled sample, a snapshot file, or a remote
// of the user's incus client config (including `local`, the unix socket). The setting
// `incus.activeCluster` stores one as text: "sample", a snapshot path, or "remote:NAME".
import * as path from "node:path";

export type ConnectionSpec =
  | { kind: "sample" }
  | { kind: "snapshot"; path: string }
  | { kind: "remote"; name: string };

export const SAMPLE_SETTING = "sample";
const REMOTE_PREFIX = "remote:";

/** Reads the setting. Relative snapshot paths are taken from `baseDir` (the workspace folder). */
export function parseConnectionSetting(value: string | undefined, baseDir?: string): ConnectionSpec {
  const text = (value ?? "").trim();
  if (text === "" || text === SAMPLE_SETTING) return { kind: "sample" };
  if (text.startsWith(REMOTE_PREFIX)) {
    const name = text.slice(REMOTE_PREFIX.length).trim();
    if (name === "") throw new Error(`incus.activeCluster "${text}" names no remote (write remote:NAME)`);
    return { kind: "remote", name };
  }
  const file = path.isAbsolute(text) || !baseDir ? text : path.join(baseDir, text);
  return { kind: "snapshot", path: file };
}

/** The setting text for a connection; snapshot paths inside `baseDir` are stored relative. */
export function formatConnectionSetting(spec: ConnectionSpec, baseDir?: string): string {
  switch (spec.kind) {
    case "sample":
      return SAMPLE_SETTING;
    case "remote":
      return REMOTE_PREFIX + spec.name;
    case "snapshot": {
      if (baseDir) {
        const rel = path.relative(baseDir, spec.path);
        if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
      }
      return spec.path;
    }
  }
}

/** A stable key for caches and tree ids (absolute paths, so two spellings of a file agree). */
export function connectionKey(spec: ConnectionSpec): string {
  switch (spec.kind) {
    case "sample":
      return "sample";
    case "remote":
      return REMOTE_PREFIX + spec.name;
    case "snapshot":
      return "file:" + path.resolve(spec.path);
  }
}

export function sameConnection(a: ConnectionSpec, b: ConnectionSpec): boolean {
  return connectionKey(a) === connectionKey(b);
}

/** How a connection is named in the UI. */
export function connectionLabel(spec: ConnectionSpec): string {
  switch (spec.kind) {
    case "sample":
      return "Sample cluster";
    case "remote":
      return spec.name;
    case "snapshot":
      // "(snapshot)": a capture of remote prod must not read like prod itself.
      return `${path.basename(spec.path).replace(/\.incus-cluster\.(ya?ml|json)$/, "")} (snapshot)`;
  }
}

/** The connection behind a key (connectionKey's inverse). */
export function specOfKey(key: string): ConnectionSpec {
  if (key === "sample") return { kind: "sample" };
  if (key.startsWith(REMOTE_PREFIX)) return { kind: "remote", name: key.slice(REMOTE_PREFIX.length) };
  if (key.startsWith("file:")) return { kind: "snapshot", path: key.slice("file:".length) };
  throw new Error(`"${key}" is not a connection key (sample, file:PATH, remote:NAME)`);
}

/** Live connections talk to a running Incus: only they can be changed (evacuate, edit config). */
export function isLive(spec: ConnectionSpec): spec is { kind: "remote"; name: string } {
  return spec.kind === "remote";
}
