// Project restrictions Incus checks when a project is created or changed (cmd/incusd/api_project.go):
//  - restricted.cluster.groups must name existing groups: `Cluster group "<name>" doesn't exist`;
//  - restricted=true needs features.profiles (projectValidateConfig):
//    `Projects without their own profiles cannot be restricted` — Incus refuses only an explicit
//    false; a new project without the key gets features.profiles=true (seen on 6.0.4).
import type { Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";
import { pairOf, stringField } from "../source";
import { isFalse, isTrue } from "../values";
import { subRange } from "../scalar-map";

export function projectRestrictions(input: CheckInput): Diagnostic[] {
  const { src, layout, ctx } = input;
  const out: Diagnostic[] = [];
  const snapshot = ctx.cluster?.snapshot;
  // The `default` group always exists; a preseed cannot create groups (api.InitPreseed has none).
  const groups = new Set(["default", ...(snapshot?.groups ?? []).map((g) => g.name)]);
  const canJudgeGroups = !!snapshot || layout.entity === "preseed";
  for (const owner of layout.owners) {
    if (owner.kind !== "project") continue;
    const restricted = stringField(owner.config, "restricted");
    const groupsPair = pairOf(owner.config, "restricted.cluster.groups");
    const groupsValue = stringField(owner.config, "restricted.cluster.groups");
    if (groupsPair && groupsValue && canJudgeGroups) {
      let pos = 0;
      for (const raw of groupsValue.split(",")) {
        const name = raw.trim();
        const at = groupsValue.indexOf(raw, pos) + raw.indexOf(name);
        pos += raw.length + 1;
        if (!name || groups.has(name)) continue;
        const where = snapshot ? "the active cluster" : "a new server (only `default` exists at init)";
        const note = layout.entity === "preseed"
          ? " A preseed cannot create cluster groups: create the group (incus cluster group create) once its members have joined, then restrict the project to it."
          : " Groups must exist before a project is restricted to them: create the group and assign members first (members joining later are added to `default`).";
        out.push({
          range: subRange(src, groupsPair.value as Scalar, at, at + name.length),
          severity: "error", code: "yaml-unknown-cluster-group",
          message: `Cluster group "${name}" doesn't exist in ${where}.${note}`,
        });
      }
    }
    if (groupsPair && groupsValue && !isTrue(restricted)) {
      out.push(diag(src, groupsPair.key as Scalar, "information", "yaml-restriction-inactive",
        "restricted.cluster.groups only applies when restricted=true."));
    }
    const profiles = stringField(owner.config, "features.profiles");
    if (isTrue(restricted) && isFalse(profiles)) {
      out.push(diag(src, pairOf(owner.config, "restricted")?.value as Scalar, "error", "yaml-restricted-without-profiles",
        "Projects without their own profiles cannot be restricted: set features.profiles=true (restrictions could be bypassed through the default project's profiles)."));
    }
  }
  return out;
}
