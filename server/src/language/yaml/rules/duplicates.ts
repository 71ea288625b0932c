// A key written twice in one map: Go's YAML decoder (non-strict, as the incus CLI uses it)
// keeps the last value without a word, so the first one is silently lost.
import { isMap, isScalar, visit, type Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";

export function duplicates(input: CheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(input.src.doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Map<string, Scalar>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value ?? "");
        const first = seen.get(key);
        if (first) {
          out.push(diag(input.src, first, "warning", "yaml-duplicate-key", `"${key}" is set again below: Incus keeps only the last value.`));
        }
        seen.set(key, pair.key as Scalar);
      }
    },
  });
  return out;
}
