// Top-level fields of each object: Go's YAML decoder silently drops a field it does not know,
// so a typo (`devics:`) loses that part of the edit without a word from Incus. Warn, with the
// nearest field name.
import type { Scalar } from "yaml";
import { nearest } from "../../../starlark/resolve/spell";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, replaceFix, type CheckInput } from "../check";
import { OBJECT_FIELDS, PRESEED_ITEM_FIELDS, READ_ONLY_FIELDS } from "../fields";
import type { Owner } from "../layout";
import { entries, pairOf } from "../source";
import { isMap } from "yaml";

export function fields(input: CheckInput): Diagnostic[] {
  const { src, layout } = input;
  const out: Diagnostic[] = [];
  for (const owner of layout.owners) {
    const known = knownFields(owner, layout.entity === "preseed");
    if (!known) continue;
    out.push(...unknownIn(input, owner.node, known, owner.kind));
  }
  // The preseed's cluster section.
  if (layout.entity === "preseed") {
    const cluster = pairOf(src.root, "cluster")?.value;
    if (isMap(cluster)) out.push(...unknownIn(input, cluster, OBJECT_FIELDS.cluster, "cluster"));
  }
  return out;
}

function knownFields(owner: Owner, preseed: boolean): string[] | undefined {
  if (preseed) return owner.path.length === 0 ? undefined : PRESEED_ITEM_FIELDS[owner.kind];
  if (owner.kind === "server") return undefined; // a server buffer may be any part of `GET /1.0`
  return [...OBJECT_FIELDS[owner.kind], ...READ_ONLY_FIELDS[owner.kind]];
}

function unknownIn(input: CheckInput, map: Owner["node"], known: string[], what: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { key, pair } of entries(map)) {
    if (known.includes(key)) continue;
    const guess = nearest(key, [...known].sort()) || undefined;
    out.push(diag(input.src, pair.key as Scalar, "warning", "yaml-unknown-field",
      `Incus ignores the unknown field "${key}" of this ${what.replace(/-/g, " ")}` + (guess ? `: did you mean "${guess}"?` : "."),
      guess ? [replaceFix(input.src, pair.key as Scalar, `Change to "${guess}"`, guess)] : undefined));
  }
  return out;
}
