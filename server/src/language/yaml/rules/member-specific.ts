// In a cluster, a storage pool's or network's member-specific keys (db.NodeSpecificStorageConfig,
// db.NodeSpecificNetworkConfig) can only be set per member (`--target`); cluster-wide, Incus
// refuses them: `Config key "source" is cluster member specific` (seen on 6.0.4 with
// `incus storage edit`). A warning: the buffer may be a `--target` edit, which we cannot see.
import type { Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";
import { entries } from "../source";

export const STORAGE_MEMBER_KEYS = ["size", "source", "source.wipe", "volatile.initial_source", "zfs.pool_name", "lvm.thinpool_name", "lvm.vg_name", "lvm.vg.force_reuse"];
export const NETWORK_MEMBER_KEYS = ["bgp.ipv4.nexthop", "bgp.ipv6.nexthop", "bridge.external_interfaces", "parent"];

export function memberSpecific(input: CheckInput): Diagnostic[] {
  const { layout, ctx, src } = input;
  if (layout.entity === "preseed" || (ctx.cluster?.snapshot.members.length ?? 0) < 2) return [];
  const out: Diagnostic[] = [];
  for (const owner of layout.owners) {
    const keys = owner.kind === "storage-pool" ? STORAGE_MEMBER_KEYS : owner.kind === "network" ? NETWORK_MEMBER_KEYS : undefined;
    if (!keys) continue;
    for (const { key, pair } of entries(owner.config)) {
      if (!keys.includes(key)) continue;
      out.push(diag(src, pair.key as Scalar, "warning", "yaml-member-specific-key",
        `Config key "${key}" is cluster member specific: set it per member (--target MEMBER); cluster-wide, Incus refuses it.`));
    }
  }
  return out;
}
