// Which Incus object a YAML buffer describes. Three ways, most specific first:
//  1. the file name `NAME.<entity>.incus.yaml` (our convention for files kept in a repository);
//  2. the header comment the `incus ... edit` commands put above the object (cmd/incus/*.go,
//     checked against v6.0.4; `incus cluster edit` writes "yaml" in lower case);
//  3. the shape of an `incus admin init --preseed` file (only its top-level keys).
import { isMap, parseDocument } from "yaml";

export const DOCUMENT_ENTITIES = [
  "instance", "profile", "project", "server", "cluster-member", "cluster-group",
  "storage-pool", "storage-volume", "network", "preseed",
] as const;
export type DocumentEntity = (typeof DOCUMENT_ENTITIES)[number];

/** `### This is a YAML representation of <thing>.` -> entity. The instance header says
 *  "the configuration" (`incus config edit NAME`); `incus config edit` of the server writes no
 *  header (its buffer is only `config:`, which the preseed sniffing covers). Headers of objects
 *  we do not check (image properties, certificate, network ACL/zone/forward...) are left out. */
const HEADERS: Record<string, DocumentEntity> = {
  "the configuration": "instance",
  "the profile": "profile",
  "the project": "project",
  "the cluster member": "cluster-member",
  "the cluster group": "cluster-group",
  "a storage pool": "storage-pool",
  "a storage volume": "storage-volume",
  "the network": "network",
};

/** Top-level fields of api.InitPreseed (shared/api/init.go): ServerPut inline + the lists. */
export const PRESEED_KEYS = ["config", "networks", "storage_pools", "storage_volumes", "profiles", "projects", "cluster", "certificates"];
const PRESEED_DISTINCT = new Set(["networks", "storage_pools", "storage_volumes", "profiles", "projects", "cluster"]);

const NAMED = /\.([a-z-]+)\.incus\.ya?ml$/i;
const HEADER = /^###\s*This is a YAML representation of (the [a-z ]+?|a [a-z ]+?)\.\s*$/im;

export function recognizeIncusYaml(fileName: string, text: string): { entity: DocumentEntity } | undefined {
  try {
    // A Starlark file is never YAML (and parsing a big scriptlet as YAML costs seconds).
    if (/\.star$/i.test(fileName)) return undefined;
    const named = NAMED.exec(fileName)?.[1]?.toLowerCase();
    if (named && (DOCUMENT_ENTITIES as readonly string[]).includes(named)) return { entity: named as DocumentEntity };
    const header = HEADER.exec(text.slice(0, 2000));
    if (header) {
      const entity = HEADERS[header[1].toLowerCase()];
      return entity ? { entity } : undefined;
    }
    const incusFile = /\.incus\.ya?ml$/i.test(fileName);
    const keys = topLevelKeys(text);
    if (!keys || keys.length === 0 || !keys.every((k) => PRESEED_KEYS.includes(k))) return undefined;
    // A lone `config:` is a server config buffer (or a minimal preseed): both are server config.
    const distinct = keys.filter((k) => PRESEED_DISTINCT.has(k)).length;
    if (incusFile || /preseed/i.test(fileName) || distinct >= 2) return { entity: "preseed" };
    return undefined;
  } catch {
    return undefined;
  }
}

function topLevelKeys(text: string): string[] | undefined {
  // uniqueKeys off: only the key names are wanted, and the duplicate check is quadratic
  // (a 1 MB scriptlet read as YAML has 15,000 "keys": minutes).
  const doc = parseDocument(text, { schema: "failsafe", uniqueKeys: false });
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? ""));
}
