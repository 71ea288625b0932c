// Where the Incus objects of a recognised buffer are, and which catalog entity their `config`
// keys belong to. A single-object buffer (instance, profile, ...) is one owner at the root; a
// preseed has the server config at the root and lists of networks, pools, volumes, profiles and
// projects. Drivers and types come from the object itself, else from the pools of the same
// file or of the active cluster.
import type { YAMLMap } from "yaml";
import type { DocumentEntity } from "./recognize";
import { mapOf, seqMaps, stringField, type YamlSource } from "./source";
import type { YamlContext } from "./context";

export type OwnerKind = Exclude<DocumentEntity, "preseed">;

export interface Owner {
  kind: OwnerKind;
  /** Catalog entity of its config keys: "instance", "profile", "storage-pool:dir", or a family
   *  ("storage-pool") when the driver is not known, which accepts the keys of any driver. */
  entity: string;
  node: YAMLMap;
  /** Path of the object in the file, for completion (e.g. ["storage_pools", 0]). */
  path: (string | number)[];
  name?: string;
  config?: YAMLMap;
  devices?: YAMLMap;
  /** container / virtual-machine, when the object or the active cluster says. */
  instanceType?: string;
  /** Storage pool driver or network type, when known. */
  driver?: string;
}

export interface PoolInfo {
  driver: string;
  /** "file" when defined in the same buffer (a preseed), else the active cluster. */
  from: "file" | "cluster";
}

export interface Layout {
  entity: DocumentEntity;
  owners: Owner[];
  /** Pools defined in the file, then those of the active cluster. */
  pools: Map<string, PoolInfo>;
}

export function buildLayout(src: YamlSource, entity: DocumentEntity, ctx: YamlContext): Layout {
  const root = src.root;
  const pools = new Map<string, PoolInfo>();
  for (const p of ctx.cluster?.snapshot.storage_pools ?? []) pools.set(p.name, { driver: p.driver, from: "cluster" });
  const owners: Owner[] = [];
  if (!root) return { entity, owners, pools };
  if (entity === "preseed") {
    for (const { map: p } of seqMaps(root, "storage_pools")) {
      const name = stringField(p, "name");
      const driver = stringField(p, "driver");
      if (name && driver) pools.set(name, { driver, from: "file" });
    }
    owners.push(owner("server", root, [], pools, ctx));
    const lists: Array<[string, OwnerKind]> = [
      ["networks", "network"], ["storage_pools", "storage-pool"], ["storage_volumes", "storage-volume"],
      ["profiles", "profile"], ["projects", "project"],
    ];
    for (const [key, kind] of lists) for (const { map, index } of seqMaps(root, key)) owners.push(owner(kind, map, [key, index], pools, ctx));
  } else {
    owners.push(owner(entity, root, [], pools, ctx));
  }
  return { entity, owners, pools };
}

function owner(kind: OwnerKind, node: YAMLMap, path: (string | number)[], pools: Map<string, PoolInfo>, ctx: YamlContext): Owner {
  const name = stringField(node, "name") || undefined;
  const o: Owner = { kind, entity: kind, node, path, name, config: mapOf(node, "config") };
  if (kind === "instance" || kind === "profile") o.devices = mapOf(node, "devices");
  if (kind === "instance") {
    o.instanceType = normalizeType(stringField(node, "type"))
      ?? typeFromVolatile(o.config)
      ?? ctx.cluster?.snapshot.instances.find((i) => i.name === name && (!stringField(node, "project") || i.project === stringField(node, "project")))?.type;
  }
  if (kind === "storage-pool") {
    o.driver = stringField(node, "driver") || (name ? pools.get(name)?.driver : undefined);
    o.entity = o.driver ? `storage-pool:${o.driver}` : "storage-pool";
  }
  if (kind === "storage-volume") {
    const pool = stringField(node, "pool");
    o.driver = pool ? pools.get(pool)?.driver : undefined;
    o.entity = o.driver ? `storage-volume:${o.driver}` : "storage-volume";
  }
  if (kind === "network") {
    o.driver = stringField(node, "type") || undefined;
    o.entity = o.driver ? `network:${o.driver}` : "network";
  }
  return o;
}

/** `incus config edit` shows no type, but Incus's own volatile keys tell: idmaps exist only for
 *  containers, a vsock id and volatile.vm.* only for VMs. */
function typeFromVolatile(config: YAMLMap | undefined): string | undefined {
  for (const p of config?.items ?? []) {
    const k = String((p.key as { value?: unknown } | null)?.value ?? "");
    if (k.startsWith("volatile.idmap.") || k === "volatile.last_state.idmap") return "container";
    if (k === "volatile.vsock_id" || k.startsWith("volatile.vm.")) return "virtual-machine";
  }
  return undefined;
}

function normalizeType(t: string | undefined): string | undefined {
  if (!t) return undefined;
  if (t === "vm" || t === "virtual-machine") return "virtual-machine";
  if (t === "container") return "container";
  return undefined;
}
