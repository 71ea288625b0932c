// migration.stateful=true on a VM limits its disks (internal/server/device/disk.go, validateConfig,
// same order as Incus checks them, first failure per disk). The checks differ by release, looked
// up in the knowledge manifest (releases.json facts.statefulMigration, read from disk.go per tag):
//  - up to 6.0.4: no shared filesystems (a disk with a path other than /), only Incus-managed
//    disks, no NVMe, additional disks only from shared (remote) pools;
//  - 6.0.5 and later: only Incus-managed disks, no NVMe and no virtiofs (io.bus), additional disks
//    only from shared pools — and from 7.0 a disk marked `dependent=true` is exempt from that last one:
//   "Only additional disks coming from a shared storage pool are supported with migration.stateful=true"
// LXD has the same rule (and a server-wide `instances.migration.stateful`; Incus has no such key).
// Incus checks when an instance is created or changed, not when a profile is edited: a profile
// gets a warning about the VMs that will use it; an instance of unknown type a warning too.
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { poolKind } from "../../../incus/snapshot/pool-kind";
import { releaseInfo } from "../../../incus/knowledge/versions";
import { diag, type CheckInput } from "../check";
import { devicesOf, type DeviceInfo } from "../devices";
import type { Owner } from "../layout";
import { pairOf, stringField } from "../source";
import { isTrue } from "../values";

/** Disk sources Incus generates itself (diskSourceCloudInit, diskSourceAgent). */
const VIRTUAL_SOURCES = ["cloud-init:config", "agent:config"];

export function statefulMigration(input: CheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const owner of input.layout.owners) {
    if (owner.kind !== "instance" && owner.kind !== "profile") continue;
    if (!isTrue(stringField(owner.config, "migration.stateful"))) continue;
    if (owner.kind === "instance" && owner.instanceType === "container") continue;
    for (const dev of devicesOf(owner.devices)) {
      if (dev.config.type !== "disk") continue;
      const d = checkDisk(input, owner, dev);
      if (d) out.push(d);
    }
  }
  return out;
}

function checkDisk(input: CheckInput, owner: Owner, dev: DeviceInfo): Diagnostic | undefined {
  const { src, layout } = input;
  const c = dev.config;
  const path = c.path ?? "";
  const rules = releaseInfo(input.ctx.version).facts.statefulMigration;
  const problem = ((): { msg: string; at: string } | undefined => {
    if (rules.sharedFilesystem && path !== "" && path !== "/") return { msg: "Shared filesystem are incompatible with migration.stateful=true", at: "path" };
    if (!c.pool && !VIRTUAL_SOURCES.includes(c.source ?? "")) return { msg: "Only Incus-managed disks are allowed with migration.stateful=true", at: "source" };
    if (c["io.bus"] === "nvme") return { msg: "NVME disks aren't supported with migration.stateful=true", at: "io.bus" };
    if (rules.virtiofs && c["io.bus"] === "virtiofs") return { msg: "Virtiofs mounts aren't supported with migration.stateful=true", at: "io.bus" };
    if (path === "/" || !c.pool) return undefined;
    if (rules.dependentExempt && isTrue(c.dependent)) return undefined;
    const pool = layout.pools.get(c.pool);
    const kind = pool ? poolKind(pool.driver) : "unknown";
    if (kind === "local") {
      return { msg: `Only additional disks coming from a shared storage pool are supported with migration.stateful=true (pool "${c.pool}" uses the local driver ${pool!.driver}${pool!.from === "file" ? ", defined in this file" : ""})`, at: "pool" };
    }
    return undefined;
  })();
  const node = (pairOf(dev.map, problem?.at ?? "pool")?.value ?? pairOf(dev.map, "type")?.value) as Parameters<typeof diag>[1];
  if (!problem) {
    // A pool we cannot place: say so rather than guess (a stateful VM needs it to be remote).
    if (c.pool && path !== "/" && !layout.pools.has(c.pool)) {
      const where = [layout.entity === "preseed" ? "this preseed" : "", input.ctx.cluster ? "the active cluster" : ""].filter(Boolean).join(" or ");
      return diag(src, node, "information", "yaml-stateful-pool-unknown",
        `Storage pool "${c.pool}" is unknown${where ? ` (not in ${where})` : " (no active cluster)"}, so whether it is shared cannot be checked: with migration.stateful=true a VM's additional disks must come from a shared pool (ceph, cephfs, linstor, truenas, lvmcluster).`);
    }
    return undefined;
  }
  const vmNote = owner.kind === "profile"
    ? " — Incus accepts the profile, then refuses to create or update any virtual machine using it."
    : owner.instanceType === "virtual-machine" ? "" : " — if this instance is a virtual machine.";
  // Known VM: Incus refuses. Profile: VMs using it will be refused. Instance of unknown type:
  // only information (most edit buffers of containers say nothing about their type).
  const severity = owner.kind === "profile" ? "warning" : owner.instanceType === "virtual-machine" ? "error" : "information";
  return diag(src, node, severity, "yaml-stateful-disk", `Device "${dev.name}": ${problem.msg}${vmNote}`);
}
