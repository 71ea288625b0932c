// Project restrictions Incus checks when a project is created or changed (cmd/incusd/api_project.go):
//  - restricted.cluster.groups must name existing groups: `Cluster group "<name>" doesn't exist`;
//  - restricted=true needs features.profiles (projectValidateConfig):
//    `Projects without their own profiles cannot be restricted` — Incus refuses only an explicit
//    false; a new project without the key gets features.profiles=true, while an edit without it
//    unsets it (both seen on 6.0.4), which is only warned about.
import type { Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { nearest } from "../../../starlark/resolve/spell";
import { diag, replaceFix, type CheckInput } from "../check";
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
        const range = subRange(src, groupsPair.value as Scalar, at, at + name.length);
        const guess = nearest(name, [...groups].sort());
        out.push({
          range, severity: "error", code: "yaml-unknown-cluster-group",
          message: `Cluster group "${name}" doesn't exist in ${where}.${note}` + (guess ? ` Did you mean "${guess}"?` : ""),
          ...(guess ? { fixes: [{ title: `Change to "${guess}"`, edits: [{ range, newText: guess }] }] } : {}),
        });
      }
    }
    if (groupsPair && groupsValue && !isTrue(restricted)) {
      out.push(diag(src, groupsPair.key as Scalar, "information", "yaml-restriction-inactive",
        "restricted.cluster.groups only applies when restricted=true."));
    }
    const profiles = stringField(owner.config, "features.profiles");
    const restrictedPair = pairOf(owner.config, "restricted");
    if (isTrue(restricted) && isFalse(profiles)) {
      const value = pairOf(owner.config, "features.profiles")?.value as Scalar;
      out.push(diag(src, restrictedPair?.value as Scalar, "error", "yaml-restricted-without-profiles",
        "Projects without their own profiles cannot be restricted: set features.profiles=true (restrictions could be bypassed through the default project's profiles).",
        [replaceFix(src, value, "Set features.profiles to \"true\"", '"true"')]));
    } else if (isTrue(restricted) && profiles === undefined && isEditBuffer(src.text)) {
      // `incus project edit` replaces the config: dropping features.profiles unsets it, and
      // 6.0.4 accepts that (it checks only an explicit false) and deletes the project's profiles.
      const keyStart = src.nodeRange(restrictedPair?.key as Scalar).start;
      const insert = { start: { line: keyStart.line, character: 0 }, end: { line: keyStart.line, character: 0 } };
      out.push(diag(src, restrictedPair?.value as Scalar, "warning", "yaml-restricted-without-profiles",
        "features.profiles is missing: saved this way the project loses its own profiles while staying restricted (Incus 6.0.4 accepts it), so its restrictions can be bypassed through the default project's profiles. Keep features.profiles: \"true\".",
        [{ title: "Add features.profiles: \"true\"", edits: [{ range: insert, newText: `${" ".repeat(keyStart.character)}features.profiles: "true"\n` }] }]));
    }
  }
  return out;
}

/** An `incus project edit` buffer (a PUT of the whole config), not a new project's file. */
function isEditBuffer(text: string): boolean {
  return /^###\s*This is a YAML representation of the project\./im.test(text.slice(0, 2000));
}
