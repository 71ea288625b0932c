// cluster.evacuate=auto on an instance or profile whose devices force `stop`: say so where the
// value is written (information — Incus accepts it; the surprise comes at evacuation time).
import type { Scalar } from "yaml";
import type { Diagnostic } from "../../scriptlet/diagnostic";
import { diag, type CheckInput } from "../check";
import { devicesOf } from "../devices";
import { autoEvacuation, describeOutcome } from "../evacuation";
import { entries, pairOf } from "../source";

export function evacuation(input: CheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const owner of input.layout.owners) {
    if (owner.kind !== "instance" && owner.kind !== "profile") continue;
    const pair = pairOf(owner.config, "cluster.evacuate");
    if (!pair || String((pair.value as Scalar | null)?.value ?? "") !== "auto") continue;
    const config = Object.fromEntries(entries(owner.config).map((e) => [e.key, e.value]));
    const outcome = autoEvacuation(devicesOf(owner.devices), input.layout.pools, config, owner.instanceType, input.ctx.version);
    if (outcome.action !== "stop") continue;
    out.push(diag(input.src, pair.value as Scalar, "information", "yaml-evacuate-auto-stops", describeOutcome(outcome)));
  }
  return out;
}
