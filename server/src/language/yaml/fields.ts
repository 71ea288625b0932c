// Top-level fields of each object as `incus ... edit` and the preseed write them (the writable
// API structs: InstancePut, ProfilePut, ProjectPut, ..., InitPreseed), for completion.
import type { OwnerKind } from "./layout";

export const OBJECT_FIELDS: Record<OwnerKind | "preseed" | "cluster", string[]> = {
  instance: ["architecture", "config", "devices", "ephemeral", "profiles", "stateful", "description", "type"],
  profile: ["name", "description", "config", "devices"],
  project: ["name", "description", "config"],
  server: ["config"],
  "cluster-member": ["roles", "failure_domain", "description", "groups", "config"],
  "cluster-group": ["description", "members", "config"],
  "storage-pool": ["name", "driver", "description", "config"],
  "storage-volume": ["name", "type", "pool", "content_type", "description", "config"],
  network: ["name", "type", "description", "config", "project"],
  preseed: ["config", "networks", "storage_pools", "storage_volumes", "profiles", "projects", "cluster"],
  cluster: ["server_name", "enabled", "member_config", "cluster_address", "cluster_certificate", "server_address", "cluster_token", "cluster_certificate_path"],
};

/** Fields `incus ... show` prints besides the writable ones (the full API structs): a file saved
 *  from `show` has them, and Incus ignores them on edit. Not offered in completion. */
export const READ_ONLY_FIELDS: Record<OwnerKind, string[]> = {
  instance: ["name", "created_at", "expanded_config", "expanded_devices", "status", "status_code", "last_used_at", "location", "project", "backups", "state", "snapshots"],
  profile: ["used_by", "project"],
  project: ["used_by"],
  server: ["api_extensions", "api_status", "api_version", "auth", "public", "auth_methods", "auth_user_name", "auth_user_method", "environment"],
  "cluster-member": ["server_name", "url", "database", "status", "message", "architecture"],
  "cluster-group": ["name", "used_by"],
  "storage-pool": ["used_by", "status", "locations"],
  "storage-volume": ["used_by", "location", "project", "created_at"],
  network: ["managed", "used_by", "status", "locations"],
};

/** Fields of a preseed's list items (api.InitNetworksProjectPost, StoragePoolsPost, ...). */
export const PRESEED_ITEM_FIELDS: Partial<Record<OwnerKind, string[]>> = {
  network: ["name", "description", "type", "config", "project"],
  "storage-pool": ["name", "driver", "description", "config"],
  "storage-volume": ["name", "pool", "type", "content_type", "description", "config", "project", "source"],
  profile: ["name", "description", "config", "devices", "project"],
  project: ["name", "description", "config"],
};

export const INSTANCE_TYPES = ["container", "virtual-machine"];
export const POOL_DRIVERS = ["dir", "btrfs", "lvm", "zfs", "ceph", "cephfs", "cephobject", "linstor", "truenas", "lvmcluster"];
export const NETWORK_TYPES = ["bridge", "macvlan", "sriov", "ovn", "physical"];
