// A joining member's preseed answers the cluster's questions in `cluster.member_config`:
// entries {entity, name, key, value} for storage pools and networks. Incus asks only for their
// member-specific keys (clusterGetMemberConfig) and copies the answers that match a pool or
// network of the cluster (clusterInitMember); anything else is dropped without a word.
import { isMap, isSeq, type Scalar, type YAMLMap } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";
import { pairOf, stringField } from "../source";
import { NETWORK_MEMBER_KEYS, STORAGE_MEMBER_KEYS } from "./member-specific";

export function memberConfig(input: CheckInput): Diagnostic[] {
  const { src, layout, ctx } = input;
  if (layout.entity !== "preseed") return [];
  const cluster = pairOf(src.root, "cluster")?.value;
  const list = isMap(cluster) ? pairOf(cluster, "member_config")?.value : undefined;
  if (!isSeq(list)) return [];
  const out: Diagnostic[] = [];
  const pools = new Set((ctx.cluster?.snapshot.storage_pools ?? []).map((p) => p.name));
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const entry = item as YAMLMap;
    const entity = stringField(entry, "entity");
    const name = stringField(entry, "name");
    const key = stringField(entry, "key");
    const at = (k: string) => pairOf(entry, k)?.value as Scalar | undefined;
    if (entity !== "storage-pool" && entity !== "network") {
      out.push(diag(src, at("entity"), "warning", "yaml-member-config", `Incus only takes member config for "storage-pool" and "network"; this entry is ignored.`));
      continue;
    }
    const keys = entity === "storage-pool" ? STORAGE_MEMBER_KEYS : NETWORK_MEMBER_KEYS;
    if (key && !keys.includes(key)) {
      out.push(diag(src, at("key"), "warning", "yaml-member-config",
        `"${key}" is not a member-specific key of a ${entity.replace("-", " ")}: the cluster asks joining members only for ${keys.join(", ")}.`));
    }
    if (entity === "storage-pool" && name && ctx.cluster && !pools.has(name)) {
      out.push(diag(src, at("name"), "warning", "yaml-member-config",
        `The active cluster has no storage pool "${name}": this answer matches nothing and is ignored.`));
    }
  }
  return out;
}
