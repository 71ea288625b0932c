// set_target answered in the sandbox (placement-tables.sandbox.ts): a placement scriptlet
// calls it once per run, and a host builtin call cost a run ~0.1 ms (quickjs-emscripten's
// callback path, the arguments and the answer marshalled each way) — as much as the rest of
// an evacuation's boundary. The host keeps the sandbox's candidate names in step (sent only
// when the candidate set changes: never during an evacuation) and, after the run, applies
// what the sandbox recorded: the target, and Incus's log line for each valid call, at its
// place among the lines the host builtins wrote. Every other case (argument errors, a name
// that is no candidate before any valid choice) is the host builtin's, so error texts, log
// lines and positions are the host's.
import { fromByteString, toByteString, type Session } from "../../starlark/engine";
import type { ApiMember } from "./cluster";
import { recordTarget, type PlacementRun } from "./builtins";
import { unpackSpec } from "./builtin-specs";
import type { TargetUpdate } from "./placement-tables.sandbox";

interface TargetState {
  /** The candidate set the sandbox holds (undefined: none, or unknown). */
  candidates?: Set<ApiMember>;
  /** Their CandidateSet.membership, when the run had one. */
  membership?: object;
  version?: string;
}

const states = new WeakMap<Session, TargetState>();

let enabled = true;

/** Tests compare runs with set_target answered by the host (every call then goes there). */
export function setSandboxTarget(on: boolean): void {
  enabled = on;
}

const plain = new Map<string, boolean>();

/** Whether the version's set_target takes exactly (member_name string), as the sandbox
 *  assumes (per version: asked before every run). */
function plainSpec(version: string): boolean {
  let p = plain.get(version);
  if (p === undefined) {
    const spec = unpackSpec("set_target", version);
    plain.set(version, (p = spec.length === 1 && spec[0].name === "member_name" && spec[0].kind === "string"));
  }
  return p;
}

/** Before a run: sends the candidate names when they differ from what the sandbox holds. */
export function syncTargetCandidates(session: Session, extension: string, run: PlacementRun): void {
  let st = states.get(session);
  if (!st) states.set(session, (st = {}));
  if (!enabled || !plainSpec(run.version)) {
    if (st.candidates !== undefined || st.version === undefined) session.queueExtensionCall(extension, "updateTarget", {} satisfies TargetUpdate);
    st.candidates = undefined;
    st.membership = undefined;
    st.version = run.version;
    return;
  }
  const prev = st.candidates;
  if (prev !== undefined && run.membership !== undefined && run.membership === st.membership && st.version === run.version) return;
  let same = prev !== undefined && prev.size === run.candidates.length && st.version === run.version;
  for (let i = 0; same && i < run.candidates.length; i++) same = prev!.has(run.candidates[i]);
  st.membership = run.membership;
  if (same) return;
  st.candidates = new Set(run.candidates);
  st.version = run.version;
  session.queueExtensionCall(extension, "updateTarget", { candidates: run.candidates.map((m) => toByteString(m.server_name)) } satisfies TargetUpdate);
}

/** After a failed run: what the sandbox holds is not known. */
export function forgetTargetCandidates(session: Session): void {
  states.delete(session);
}

/** After a run: the sandbox's records ([host lines before, member name, ...]) applied to
 *  `run` — the target set, and the log lines put among the `run.logs` lines written from
 *  index `start` on. */
export function applyTargetEvents(run: PlacementRun, start: number, events: unknown): void {
  if (!Array.isArray(events) || events.length === 0) return;
  const host = run.logs.splice(start);
  let h = 0;
  for (let i = 0; i + 1 < events.length; i += 2) {
    const at = events[i] as number;
    while (h < at && h < host.length) run.logs.push(host[h++]);
    const name = fromByteString(events[i + 1] as string);
    const member = run.candidates.find((m) => m.server_name === name);
    // (The sandbox only records candidates; should one be missing, nothing is made up.)
    if (member) recordTarget(run, member);
  }
  while (h < host.length) run.logs.push(host[h++]);
}
