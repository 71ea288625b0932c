// Differential cases for `cluster evacuate` / `cluster restore` on their failure paths (issue
// G1, G4): which instances come back on a restore, every scriptlet call on the way, a failing
// scriptlet, the member's state afterwards (compared by the runner), and the commands Incus
// refuses before anything moves. Observed on the real cluster first: docs/incus-observed.md,
// "Restore".
import type { DiffCase, Step } from "./cases";

const fn = (...body: string[]): string =>
  ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";
const WHO = 'log_info(request.reason, "|", request.name, "|", request.project, "|", sorted([c.server_name for c in candidate_members]))';
const on = (name: string, member: string, ...extra: string[]): Step => ["create", "--empty", name, "--target", member, ...extra];

/** On node1: one auto, one migrate, one stop instance; one on node2; then node1 is evacuated. */
const EVACUATED_NODE1: Step[] = [
  on("rs-auto", "node1"),
  on("rs-mig", "node1", "-c", "cluster.evacuate=migrate"),
  on("rs-stop", "node1", "-c", "cluster.evacuate=stop"),
  on("rs-other", "node2"),
  ["cluster", "evacuate", "node1", "--force"],
];

export const MEMBER_STATE_CASES: DiffCase[] = [
  {
    id: "restore-ok", area: "cluster restore", title: "instances come back: relocation, the origin the only candidate, run on their member",
    setup: EVACUATED_NODE1,
    scriptlet: fn(WHO, 'log_info(request.type, "|", request.source.type, "|", request.config.get("volatile.evacuate.origin"))'),
    command: ["cluster", "restore", "node1", "--force"], expect: "ok",
  },
  {
    id: "restore-fail", area: "cluster restore", title: "a scriptlet that sets another member fails every instance; the member stays EVACUATED",
    setup: EVACUATED_NODE1,
    scriptlet: fn(WHO, 'set_target("node3")'),
    command: ["cluster", "restore", "node1", "--force"], expect: "error",
  },
  {
    id: "restore-fail-error", area: "cluster restore", title: "a run-time error on restore only (evacuation had no scriptlet)",
    setup: EVACUATED_NODE1,
    scriptlet: fn(WHO, 'if request.reason == "relocation":', '    fail("no way back")'),
    command: ["cluster", "restore", "node1", "--force"], expect: "error",
  },
  {
    id: "restore-not-evacuated", area: "cluster restore", title: "restoring a member that is not evacuated",
    scriptlet: fn(WHO),
    command: ["cluster", "restore", "node2", "--force"], expect: "error",
  },
  {
    id: "restore-unknown", area: "cluster restore", title: "restoring an unknown member",
    scriptlet: fn(WHO),
    command: ["cluster", "restore", "nosuch", "--force"], expect: "error",
  },
  {
    id: "evac-stop-migrate", area: "cluster evacuate", title: "stop and migrate instances: only the migrating ones are placed",
    setup: [on("ev-stop", "node3", "-c", "cluster.evacuate=stop"), on("ev-mig", "node3", "-c", "cluster.evacuate=migrate"), on("ev-force", "node3", "-c", "cluster.evacuate=force-stop")],
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "node3", "--force"], expect: "ok",
  },
  {
    id: "evac-action-stop", area: "cluster evacuate", title: "--action stop overrides cluster.evacuate=migrate: no scriptlet call",
    setup: [on("ev-a1", "node3", "-c", "cluster.evacuate=migrate")],
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "node3", "--action", "stop", "--force"], expect: "ok",
  },
  {
    id: "evac-action-migrate", area: "cluster evacuate", title: "--action migrate overrides cluster.evacuate=stop",
    setup: [on("ev-a2", "node3", "-c", "cluster.evacuate=stop")],
    scriptlet: fn(WHO, 'set_target("node1")'),
    command: ["cluster", "evacuate", "node3", "--action", "migrate", "--force"], expect: "ok",
  },
  {
    id: "evac-action-bogus", area: "cluster evacuate", title: "an --action Incus does not know",
    setup: [on("ev-b1", "node3")],
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "node3", "--action", "bogus", "--force"], expect: "error",
  },
  {
    id: "evac-already", area: "cluster evacuate", title: "evacuating an evacuated member",
    setup: [["cluster", "evacuate", "node2", "--force"]],
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "node2", "--force"], expect: "error",
  },
  {
    id: "evac-unknown", area: "cluster evacuate", title: "evacuating an unknown member",
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "nosuch", "--force"], expect: "error",
  },
  {
    id: "evac-unknown-flag", area: "cluster evacuate", title: "an unknown flag",
    scriptlet: fn(WHO),
    command: ["cluster", "evacuate", "node2", "--bogus"], expect: "error",
  },
  {
    id: "move-to-evacuated", area: "cluster evacuate", title: "move --target an evacuated member: Incus allows it (create refuses)",
    setup: [on("mv-e1", "node1"), ["cluster", "evacuate", "node2", "--force"]],
    scriptlet: fn(WHO),
    command: ["move", "mv-e1", "--target", "node2"], expect: "ok",
  },
];
