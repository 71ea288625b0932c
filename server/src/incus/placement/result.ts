// What the simulator predicts for one scriptlet call, in the shape the CLI's --json prints
// and the VS Code result view shows.

export type LogLevel = "info" | "warn" | "error";

export interface LogLine {
  level: LogLevel;
  /** The message as Incus logs it (e.g. `Instance placement scriptlet: hello`). */
  message: string;
  /** Structured context Incus attaches (e.g. {member: "node2"} for set_target). */
  context?: Record<string, string>;
}

export interface Placement {
  instance: string;
  project: string;
  reason: "new" | "relocation" | "evacuation" | "rebalance";
  /** Candidate member names in Incus's order (ascending instance count). */
  candidates: string[];
  /** Instance count per candidate, as Incus used it for the ordering. */
  counts: Record<string, number>;
  excluded: { member: string; why: string }[];
  /** The member Incus would use, or null when the placement fails. */
  target: string | null;
  /** How the target was chosen: by the scriptlet, by --target, or Incus's default (the first candidate). */
  chosenBy: "scriptlet" | "target-flag" | "default" | "none";
  /** Other candidates with the same instance count as a default choice: Incus orders ties arbitrarily. */
  tiedWith: string[];
  logs: LogLine[];
  /** Incus's error text after `Failed instance placement scriptlet: `, or a placement error. */
  error: string | null;
  /** The whole message the incus client would print, when it fails. */
  incusMessage: string | null;
  /** Where in the scriptlet a run-time error happened (innermost last). */
  backtrace?: { function: string; line: number; col: number }[];
  /** Set when the tool stopped the scriptlet at one of its own limits (time budget, memory cap):
   *  Incus has no such limit, so its outcome is unknown; `error` stays null. */
  stoppedBy?: string;
  /** Notes for the user on how Incus behaves here (e.g. the scriptlet's choice is ignored with --target on a move). */
  notes: string[];
}

/** For `cluster evacuate` / `cluster restore`: the member's status before and after. */
export interface MemberStateChange {
  name: string;
  /** Status before the command (as the snapshot recorded it). */
  before: string;
  /** Status Incus leaves the member in: Evacuated after an evacuation or a failed restore,
   *  Online after a restore or a failed evacuation (Incus's reverter puts it back). */
  after: string;
}

export interface SimulationResult {
  placements: Placement[];
  member?: MemberStateChange;
}
