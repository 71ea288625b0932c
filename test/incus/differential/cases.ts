// The table of differential cases: each is a placement scriptlet, the cluster state to set up
// first, the incus command, and what kind of outcome the real Incus gives. The runner
// (test/incus/differential.test.ts) sets the scriptlet, snapshots the cluster with our
// `incus-scriptlet snapshot`, predicts with our `run --json`, performs the command for real and
// compares the member, the error text and the log lines.
//
// Keep cases as data: no functions, no cluster calls here.

import { ENGINE_RUNTIME_CASES } from "./engine-runtime-cases";

/** One `incus` invocation (the arguments after `incus`), run against node1. */
export type Step = string[];

export type Expect =
  /** the command succeeds on the real Incus */
  | "ok"
  /** the command fails on the real Incus (scriptlet error, or a check before/after it) */
  | "error"
  /** `incus config set instances.placement.scriptlet=...` refuses the scriptlet */
  | "refused";

export interface DiffCase {
  /** unique, short; instance names in the case may reuse it */
  id: string;
  /** the describe block */
  area: string;
  title: string;
  scriptlet: string;
  /** run in order before the scriptlet is set (must all succeed) */
  setup?: Step[];
  /** run after the cluster was cleaned up (instances, projects and groups are removed by the runner) */
  teardown?: Step[];
  /** the incus command (after `incus`); not used for "refused" */
  command: Step;
  expect: Expect;
  /** wait until no "Creating instance" operation is left before the real command: for a few
   *  seconds after they finish they count as pending instances (get_instances_count(pending=True))
   *  and, it seems, in the instance counts that order the candidates (evac-default once went to
   *  the member with more instances right after a move had created an instance on the other) */
  quiet?: boolean;
  /** a known difference, with the reason: the case runs as a node:test `todo` */
  todo?: string;
}

/** `def instance_placement(request, candidate_members):` with the given body lines. */
import { COMMAND_LINE_CASES } from "./command-line-cases";
import { MEMBER_STATE_CASES } from "./member-state-cases";

const fn = (...body: string[]): string =>
  ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";

const CANDS = 'log_info("candidates=", sorted([c.server_name for c in candidate_members]))';
const WHO = 'log_info(request.reason, "|", request.name, "|", request.project, "|", sorted([c.server_name for c in candidate_members]))';

// Setup fragments.
const GROUP_A: Step[] = [
  ["cluster", "group", "create", "gA"],
  ["cluster", "group", "add", "node2", "gA"],
  ["cluster", "group", "add", "node3", "gA"],
];
const PROJECT_P1: Step[] = [
  ["project", "create", "p1", "-c", "features.profiles=true"],
  ["profile", "device", "add", "default", "root", "disk", "path=/", "pool=local", "--project", "p1"],
];
const RESTRICTED_P1 = (...extra: string[]): Step[] => [
  ...GROUP_A,
  ["project", "create", "p1", "-c", "features.profiles=true", "-c", "restricted=true", "-c", "restricted.cluster.groups=gA", ...extra],
  ["profile", "device", "add", "default", "root", "disk", "path=/", "pool=local", "--project", "p1"],
];
const on = (name: string, member: string, ...extra: string[]): Step => ["create", "--empty", name, "--target", member, ...extra];
/** instances a1@node1, a2@node2, a3@node2 in default, b1@node3 in p1 */
const SPREAD: Step[] = [...PROJECT_P1, on("a1", "node1"), on("a2", "node2"), on("a3", "node2"), on("b1", "node3", "--project", "p1")];

export const CASES: DiffCase[] = [
  // ---------------------------------------------------------------- logging builtins
  {
    id: "log-args", area: "logging builtins", title: "non-string arguments, no arguments, keyword arguments ignored",
    scriptlet: fn(
      'log_info(None, " ", "s", " ", ["s", 1, None, True], " ", {"k": (1,)}, " ", 1.5, " ", b"by", " ", 100000000000000000000, " ", -7)',
      "log_info()",
      'log_info("a", sep="x", end="y")',
      'log_warn("w", 1, False, struct_like=1)',
      'log_error("e", [request.reason], ("t",))',
    ),
    command: ["create", "--empty", "d-log1"], expect: "ok",
  },
  {
    id: "log-request", area: "logging builtins", title: "request fields, type() and a candidates list in log lines",
    scriptlet: fn(WHO, 'log_info(type(request), " ", type(candidate_members), " ", type(candidate_members[0]), " ", request.type, " ", request.config)'),
    command: ["create", "--empty", "d-log2", "-c", "user.a=1", "-c", "user.b=x y"], expect: "ok",
  },
  {
    id: "log-text", area: "logging builtins", title: "quotes, backslashes, newlines, non-ASCII and a long message",
    scriptlet: fn(
      'log_info("é€😀 " * 3, "x" * 3000)',
      'log_warn("quote \\" backslash \\\\ newline\\nend\\ttab")',
      'log_error(repr("q\\"uoted"), " ", ["é"])',
    ),
    command: ["create", "--empty", "d-log3"], expect: "ok",
  },
  {
    id: "log-many", area: "logging builtins", title: "many lines at every level (compared as a multiset)",
    scriptlet: fn(
      "for i in range(25):",
      '    log_info("n", i)',
      "for i in range(3):",
      '    log_warn("w", i)',
      '    log_error("e", i)',
    ),
    command: ["create", "--empty", "d-log4"], expect: "ok",
  },

  // ---------------------------------------------------------------- set_target
  {
    id: "st-valid", area: "set_target", title: "a valid candidate",
    scriptlet: fn(CANDS, 'set_target("node3")'),
    command: ["create", "--empty", "d-st1"], expect: "ok",
  },
  {
    id: "st-invalid", area: "set_target", title: "a non-member fails the placement and logs an error",
    scriptlet: fn(CANDS, 'set_target("nosuch")'),
    command: ["create", "--empty", "d-st2"], expect: "error",
  },
  {
    id: "st-twice", area: "set_target", title: "called twice: the last call wins, both logged",
    scriptlet: fn('set_target("node3")', 'set_target("node2")'),
    command: ["create", "--empty", "d-st3"], expect: "ok",
  },
  {
    id: "st-valid-then-invalid", area: "set_target", title: "a valid member, then an invalid one",
    scriptlet: fn('set_target("node2")', 'set_target("nosuch")', 'log_info("after")'),
    command: ["create", "--empty", "d-st4"], expect: "ok",
  },
  {
    id: "st-kwarg", area: "set_target", title: "member_name= as a keyword",
    scriptlet: fn('set_target(member_name="node2")'),
    command: ["create", "--empty", "d-st5"], expect: "ok",
  },
  {
    id: "st-int", area: "set_target", title: "a non-string argument",
    scriptlet: fn("set_target(5)"),
    command: ["create", "--empty", "d-st6"], expect: "error",
  },
  {
    id: "st-noargs", area: "set_target", title: "no argument",
    scriptlet: fn("set_target()"),
    command: ["create", "--empty", "d-st7"], expect: "error",
  },
  {
    id: "st-target-flag-other", area: "set_target", title: "--target MEMBER makes other members invalid",
    scriptlet: fn(CANDS, 'set_target("node3")'),
    command: ["create", "--empty", "d-st8", "--target", "node2"], expect: "error",
  },
  {
    id: "st-target-flag-same", area: "set_target", title: "--target MEMBER and the same member set",
    scriptlet: fn(CANDS, 'set_target("node2")'),
    command: ["create", "--empty", "d-st9", "--target", "node2"], expect: "ok",
  },

  // ---------------------------------------------------------------- member resources and state
  {
    id: "res-candidate", area: "get_cluster_member_resources and _state", title: "resources of a candidate (positional and keyword)",
    scriptlet: fn(
      'r = get_cluster_member_resources("node2")',
      'r2 = get_cluster_member_resources(member_name="node3")',
      'log_info(type(r), " ", r.cpu.total, " ", r.cpu.architecture, " ", r.memory.total, " ", type(r.gpu), " ", type(r2))',
      "log_info(dir(r))",
    ),
    command: ["create", "--empty", "d-res1"], expect: "ok",
  },
  {
    id: "state-candidate", area: "get_cluster_member_resources and _state", title: "state of a candidate",
    scriptlet: fn(
      's = get_cluster_member_state("node3")',
      'log_info(type(s), " ", dir(s), " ", sorted(s.storage_pools.keys()), " ", type(s.sysinfo))',
      'log_info(s.storage_pools["local"].space.total > 0, " ", type(s.storage_pools["local"]))',
    ),
    command: ["create", "--empty", "d-res2"], expect: "ok",
  },
  {
    id: "res-noncandidate", area: "get_cluster_member_resources and _state", title: "a non-candidate and an unknown member give the string (6.0)",
    scriptlet: fn(
      'a = get_cluster_member_resources("node3")',
      'b = get_cluster_member_state("node3")',
      'c = get_cluster_member_resources("nosuch")',
      'log_info(type(a), " ", a, " ", type(b), " ", b, " ", c)',
    ),
    command: ["create", "--empty", "d-res3", "--target", "node2"], expect: "ok",
  },
  {
    id: "res-local", area: "get_cluster_member_resources and _state", title: "the member running the scriptlet is accepted though not a candidate",
    scriptlet: fn('log_info(type(get_cluster_member_state("node1")), " ", type(get_cluster_member_resources("node1")))'),
    command: ["create", "--empty", "d-res4", "--target", "node2"], expect: "ok",
  },
  {
    id: "res-evacuation-local", area: "get_cluster_member_resources and _state", title: "during evacuation the evacuated member is the local one",
    setup: [on("d-res5", "node3")],
    scriptlet: fn(WHO, 'log_info(type(get_cluster_member_state("node3")), " ", type(get_cluster_member_state("node1")))'),
    command: ["cluster", "evacuate", "node3", "--force"], expect: "ok",
  },
  {
    id: "res-move-local", area: "get_cluster_member_resources and _state", title: "a move runs on the instance's member",
    setup: [on("d-res6", "node2")],
    scriptlet: fn(WHO, 'log_info(type(get_cluster_member_state("node2")), " ", type(get_cluster_member_state("node1")))'),
    command: ["move", "d-res6", "--target", "node3"], expect: "ok",
  },

  // ---------------------------------------------------------------- get_instance_resources
  {
    id: "ir-plain", area: "get_instance_resources", title: "a container without limits",
    scriptlet: fn("r = get_instance_resources()", 'log_info(r, " ", type(r), " ", dir(r), " ", r.cpu_cores + r.memory_size)'),
    command: ["create", "--empty", "d-ir1"], expect: "ok",
  },
  {
    id: "ir-limits", area: "get_instance_resources", title: "limits.cpu, limits.memory and a root disk size",
    scriptlet: fn("log_info(get_instance_resources())"),
    command: ["create", "--empty", "d-ir2", "-c", "limits.cpu=2", "-c", "limits.memory=1GiB", "-d", "root,size=5GiB"], expect: "ok",
  },
  {
    id: "ir-cpuset", area: "get_instance_resources", title: "a cpuset limit and decimal units",
    scriptlet: fn("log_info(get_instance_resources())"),
    command: ["create", "--empty", "d-ir3", "-c", "limits.cpu=0-2,4", "-c", "limits.memory=512MB", "-d", "root,size=3GB"], expect: "ok",
  },
  {
    id: "ir-percent", area: "get_instance_resources", title: "limits.memory=50% fails",
    scriptlet: fn('log_info("before")', "get_instance_resources()"),
    command: ["create", "--empty", "d-ir4", "-c", "limits.memory=50%"], expect: "error",
  },
  {
    id: "ir-vm-profile", area: "get_instance_resources", title: "a VM with a profile's limits.cpu (VM defaults for the rest)",
    setup: [["profile", "create", "d-pcpu"], ["profile", "set", "d-pcpu", "limits.cpu=3"]],
    teardown: [["profile", "delete", "d-pcpu"]],
    // fail() after logging: the real VM create would fail later anyway (no vhost_vsock here)
    scriptlet: fn('log_info(get_instance_resources(), " ", request.type, " ", request.config, " ", request.profiles)', 'fail("stop")'),
    command: ["create", "--empty", "d-ir5", "--vm", "-p", "default", "-p", "d-pcpu"], expect: "error",
  },
  {
    id: "ir-relocation", area: "get_instance_resources", title: "on a move, from the instance's config",
    setup: [on("d-ir6", "node1", "-c", "limits.memory=2GiB", "-c", "limits.cpu=1")],
    scriptlet: fn(WHO, "log_info(get_instance_resources())"),
    command: ["move", "d-ir6", "--target", "node2"], expect: "ok",
  },

  // ---------------------------------------------------------------- get_instances / get_instances_count
  {
    id: "cnt-filters", area: "get_instances and get_instances_count", title: "counts: keyword, positional, project, location, pending",
    setup: SPREAD,
    scriptlet: fn(
      'log_info("all=", get_instances_count())',
      'log_info("p1=", get_instances_count(project="p1"), " default=", get_instances_count(project="default"))',
      'log_info("node2=", get_instances_count(location="node2"), " default/node2=", get_instances_count("default", "node2"))',
      'log_info("p1/node3=", get_instances_count(project="p1", location="node3"), " p1/node1=", get_instances_count("p1", "node1"))',
    ),
    command: ["create", "--empty", "d-cnt1"], expect: "ok",
  },
  {
    id: "cnt-pending", area: "get_instances and get_instances_count", title: "pending=True on a quiet cluster (no creation in progress): the plain count",
    setup: [on("a1", "node1"), on("a2", "node2")],
    scriptlet: fn(
      'log_info("pending=", get_instances_count(pending=True), " node1=", get_instances_count(location="node1", pending=True))',
      'log_info("node2=", get_instances_count("", "node2", True), " default=", get_instances_count("default", "", True), " plain=", get_instances_count("default", "node1", False))',
    ),
    command: ["create", "--empty", "d-cnt2"], expect: "ok", quiet: true,
  },
  {
    id: "inst-filters", area: "get_instances and get_instances_count", title: "get_instances with project and location filters",
    setup: SPREAD,
    scriptlet: fn(
      "names = lambda l: sorted([i.project + '/' + i.name + '@' + i.location for i in l])",
      'log_info("all=", names(get_instances()))',
      'log_info("p1=", names(get_instances(project="p1")), " node2=", names(get_instances(location="node2")))',
      'log_info("pos=", names(get_instances("default", "node2")), " none=", names(get_instances("p1", "node1")))',
    ),
    command: ["create", "--empty", "d-inst1"], expect: "ok",
  },
  {
    id: "inst-object", area: "get_instances and get_instances_count", title: "an Instance object: type, dir, fields",
    setup: [on("a1", "node2", "-c", "user.k=v")],
    scriptlet: fn(
      "i = get_instances()[0]",
      'log_info(type(i), " ", dir(i))',
      'log_info(i.name, " ", i.status, " ", i.status_code, " ", i.type, " ", i.config["user.k"], " ", i.expanded_devices, " ", i.profiles, " ", i.stateful)',
    ),
    command: ["create", "--empty", "d-inst2"], expect: "ok",
  },
  {
    id: "inst-str", area: "get_instances and get_instances_count", title: "str() of an Instance from get_instances",
    setup: [on("a1", "node3", "-c", "user.k=v", "-d", "root,size=2GiB")],
    scriptlet: fn("log_info(str(get_instances()[0]))"),
    command: ["create", "--empty", "d-inst4"], expect: "ok",
  },
  {
    id: "cnt-bad-project", area: "get_instances and get_instances_count", title: "get_instances_count of an unknown project",
    scriptlet: fn('log_info(get_instances_count(project="nosuch"))'),
    command: ["create", "--empty", "d-cnt3"], expect: "error",
  },
  {
    id: "cnt-bad-location", area: "get_instances and get_instances_count", title: "get_instances_count of an unknown member",
    scriptlet: fn('log_info(get_instances_count(location="nosuch"))'),
    command: ["create", "--empty", "d-cnt4"], expect: "error",
  },
  {
    id: "inst-bad-filters", area: "get_instances and get_instances_count", title: "get_instances of an unknown project or member",
    scriptlet: fn('log_info(len(get_instances(project="nosuch")), " ", len(get_instances(location="nosuch")))'),
    command: ["create", "--empty", "d-inst3"], expect: "ok",
  },
  {
    id: "cnt-bad-type", area: "get_instances and get_instances_count", title: "get_instances_count with a non-string project",
    scriptlet: fn("log_info(get_instances_count(1))"),
    command: ["create", "--empty", "d-cnt5"], expect: "error",
  },

  // ---------------------------------------------------------------- get_cluster_members / get_project
  {
    id: "mem-all-group", area: "get_cluster_members and get_project", title: "with and without a group (keyword and positional)",
    setup: GROUP_A,
    scriptlet: fn(
      "names = lambda l: sorted([m.server_name for m in l])",
      'log_info(names(get_cluster_members()), " ", names(get_cluster_members(group="gA")), " ", names(get_cluster_members("default")))',
      'm = [x for x in get_cluster_members() if x.server_name == "node2"][0]',
      'log_info(type(m), " ", m.status, " ", sorted(m.groups), " ", m.url, " ", m.architecture)',
    ),
    command: ["create", "--empty", "d-mem1"], expect: "ok",
  },
  {
    id: "mem-unknown-group", area: "get_cluster_members and get_project", title: "an unknown group",
    scriptlet: fn('log_info(len(get_cluster_members(group="nosuch")))'),
    command: ["create", "--empty", "d-mem2"], expect: "ok",
  },
  {
    id: "mem-evacuated", area: "get_cluster_members and get_project", title: "an evacuated and a manual member",
    setup: [["cluster", "evacuate", "node2", "--force"], ["cluster", "set", "node3", "scheduler.instance=manual"]],
    scriptlet: fn('log_info(sorted([m.server_name + ":" + m.status for m in get_cluster_members()]))'),
    command: ["create", "--empty", "d-mem3"], expect: "ok",
  },
  {
    id: "proj-get", area: "get_cluster_members and get_project", title: "get_project of default and of a restricted project",
    setup: RESTRICTED_P1(),
    scriptlet: fn('log_info(get_project("default"))', 'p = get_project(name="p1")', 'log_info(type(p), " ", p.name, " ", p.config, " ", p.used_by)'),
    command: ["create", "--empty", "d-proj1"], expect: "ok",
  },
  {
    id: "proj-unknown", area: "get_cluster_members and get_project", title: "get_project of an unknown project",
    scriptlet: fn('log_info(get_project("nosuch"))'),
    command: ["create", "--empty", "d-proj2"], expect: "error",
  },

  // ---------------------------------------------------------------- reasons and candidates
  {
    id: "new-fewest", area: "reasons and candidates", title: "new: no target set, the member with fewest instances",
    setup: [on("a1", "node1"), on("a2", "node2")],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-new1"], expect: "ok", quiet: true,
  },
  {
    id: "new-count-all-projects", area: "reasons and candidates", title: "new: instances of other projects count for the order",
    setup: [...PROJECT_P1, on("b1", "node3", "--project", "p1"), on("b2", "node3", "--project", "p1"), on("a1", "node1"), on("a2", "node2")],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-new2"], expect: "ok", quiet: true,
  },
  {
    id: "move-relocation", area: "reasons and candidates", title: "move --target MEMBER: relocation, str(request)",
    setup: [on("d-mv1", "node1", "-c", "user.x=1")],
    scriptlet: fn(WHO, "log_info(str(request))"),
    command: ["move", "d-mv1", "--target", "node3"], expect: "ok",
  },
  {
    id: "move-error", area: "reasons and candidates", title: "move with a failing scriptlet",
    setup: [on("d-mv2", "node1")],
    scriptlet: fn(WHO, 'set_target("node2")'),
    command: ["move", "d-mv2", "--target", "node3"], expect: "error",
  },
  {
    id: "move-project", area: "reasons and candidates", title: "move --target-project P: one relocation call, the target project, the current member",
    setup: [...PROJECT_P1, on("d-mv4", "node2")],
    scriptlet: fn(WHO, "log_info(str(request.config))"),
    command: ["move", "d-mv4", "--target-project", "p1"], expect: "ok",
  },
  {
    id: "move-project-target", area: "reasons and candidates", title: "move --target-project P --target MEMBER",
    setup: [...PROJECT_P1, on("d-mv5", "node1")],
    scriptlet: fn(WHO),
    command: ["move", "d-mv5", "--target-project", "p1", "--target", "node3"], expect: "ok",
  },
  {
    id: "move-group", area: "reasons and candidates", title: "move --target @GROUP",
    setup: [...GROUP_A, on("d-mv3", "node1")],
    scriptlet: fn(WHO, 'set_target("node3")'),
    command: ["move", "d-mv3", "--target", "@gA"], expect: "ok",
  },
  {
    id: "evac-default", area: "reasons and candidates", title: "evacuation: no target set, fewest instances, str(request)",
    setup: [on("d-ev1", "node1", "-c", "user.y=2"), on("a2", "node2")],
    scriptlet: fn(WHO, "log_info(str(request))"),
    command: ["cluster", "evacuate", "node1", "--force"], expect: "ok", quiet: true,
  },
  {
    id: "evac-set-target", area: "reasons and candidates", title: "evacuation of two instances, the scriptlet picks each",
    setup: [on("d-ev2", "node1"), on("d-ev3", "node1")],
    scriptlet: fn(WHO, 'set_target("node2" if request.name == "d-ev2" else "node3")'),
    command: ["cluster", "evacuate", "node1", "--force"], expect: "ok",
  },
  {
    id: "evac-error", area: "reasons and candidates", title: "evacuation with a failing scriptlet",
    setup: [on("d-ev4", "node3")],
    scriptlet: fn(WHO, 'set_target("node3")'),
    command: ["cluster", "evacuate", "node3", "--force"], expect: "error",
  },
  {
    id: "evac-group", area: "reasons and candidates", title: "evacuation keeps a group-targeted instance in its group",
    setup: [...GROUP_A, ["cluster", "set", "node3", "scheduler.instance=manual"], ["create", "--empty", "d-ev5", "--target", "@gA"], ["cluster", "unset", "node3", "scheduler.instance"]],
    scriptlet: fn(WHO, 'log_info(request.config["volatile.cluster.group"])'),
    command: ["cluster", "evacuate", "node2", "--force"], expect: "ok",
  },
  {
    id: "cand-evacuated", area: "reasons and candidates", title: "an evacuated member is not a candidate",
    setup: [["cluster", "evacuate", "node2", "--force"]],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c1"], expect: "ok",
  },
  {
    id: "cand-evacuated-target", area: "reasons and candidates", title: "--target an evacuated member: the scriptlet runs, then Incus refuses",
    setup: [["cluster", "evacuate", "node2", "--force"]],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c2", "--target", "node2"], expect: "error",
  },
  {
    id: "cand-manual", area: "reasons and candidates", title: "scheduler.instance=manual leaves a member out",
    setup: [["cluster", "set", "node1", "scheduler.instance=manual"]],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c3"], expect: "ok",
  },
  {
    id: "cand-manual-target", area: "reasons and candidates", title: "scheduler.instance=manual and --target that member",
    setup: [["cluster", "set", "node1", "scheduler.instance=manual"]],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c4", "--target", "node1"], expect: "ok",
  },
  {
    id: "cand-group-sched", area: "reasons and candidates", title: "scheduler.instance=group, untargeted",
    setup: [...GROUP_A, ["cluster", "set", "node2", "scheduler.instance=group"]],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c5"], expect: "ok",
  },
  {
    id: "cand-group-sched-target", area: "reasons and candidates", title: "scheduler.instance=group, --target @GROUP",
    setup: [...GROUP_A, ["cluster", "set", "node2", "scheduler.instance=group"]],
    scriptlet: fn(WHO, 'set_target("node2")'),
    command: ["create", "--empty", "d-c6", "--target", "@gA"], expect: "ok",
  },
  {
    id: "cand-bad-group", area: "reasons and candidates", title: "--target @unknown fails before the scriptlet",
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c7", "--target", "@nosuch"], expect: "error",
  },
  {
    id: "cand-bad-member", area: "reasons and candidates", title: "--target an unknown member",
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-c8", "--target", "nosuch"], expect: "error",
  },
  {
    id: "restricted-untargeted", area: "reasons and candidates", title: "restricted project: candidates from restricted.cluster.groups",
    setup: RESTRICTED_P1(),
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-r1", "--project", "p1"], expect: "ok",
  },
  {
    id: "restricted-no-target", area: "reasons and candidates", title: "restricted project without restricted.cluster.target=allow: an administrator may still --target",
    setup: RESTRICTED_P1(),
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-r2", "--project", "p1", "--target", "node2"], expect: "ok",
  },
  {
    id: "restricted-target-outside", area: "reasons and candidates", title: "restricted project: --target a member outside its groups",
    setup: RESTRICTED_P1("-c", "restricted.cluster.target=allow"),
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-r3", "--project", "p1", "--target", "node1"], expect: "error",
  },
  {
    id: "restricted-target-inside", area: "reasons and candidates", title: "restricted project: --target a member inside its groups",
    setup: RESTRICTED_P1("-c", "restricted.cluster.target=allow"),
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-r4", "--project", "p1", "--target", "node3"], expect: "ok",
  },
  {
    id: "restricted-group-outside", area: "reasons and candidates", title: "restricted project: --target @default",
    setup: RESTRICTED_P1("-c", "restricted.cluster.target=allow"),
    scriptlet: fn(WHO),
    command: ["create", "--empty", "d-r5", "--project", "p1", "--target", "@default"], expect: "error",
  },

  // ---------------------------------------------------------------- marshaling quirks
  {
    id: "q-dir", area: "marshaling quirks", title: "dir() returns quoted names",
    scriptlet: fn("log_info(dir(request))", "log_info(dir(candidate_members[0]))", "log_info(dir(request.source))"),
    command: ["create", "--empty", "d-q1"], expect: "ok",
  },
  {
    id: "q-str", area: "marshaling quirks", title: "str(request) and str(member) with overrides",
    scriptlet: fn("log_info(str(request))", 'log_info(str([m for m in candidate_members if m.server_name == "node2"][0]))'),
    command: ["create", "--empty", "d-q2", "-c", "user.foo=bar", "-d", "root,size=1GiB"], expect: "ok",
  },
  {
    id: "q-invalid-field", area: "marshaling quirks", title: "a missing attribute: Invalid field",
    scriptlet: fn("log_info(candidate_members[0].nope)"),
    command: ["create", "--empty", "d-q3"], expect: "error",
  },
  {
    id: "q-subscript", area: "marshaling quirks", title: "subscripting an object",
    scriptlet: fn('log_info(request["name"])'),
    command: ["create", "--empty", "d-q4"], expect: "error",
  },
  {
    id: "q-types", area: "marshaling quirks", title: "type() of values and truth of objects",
    scriptlet: fn(
      "log_info(type(request.config), \" \", type(request.devices), \" \", type(request.source), \" \", type(request.profiles), \" \", type(request.ephemeral))",
      'log_info(bool(request), " ", bool(request.source), " ", type(request.source.properties), " ", type(candidate_members[0].roles), " ", type(candidate_members[0].database))',
    ),
    command: ["create", "--empty", "d-q5"], expect: "ok",
  },
  {
    id: "q-hasattr", area: "marshaling quirks", title: "hasattr and getattr with a default",
    scriptlet: fn('log_info(hasattr(request, "name"), " ", hasattr(request, "nope"), " ", getattr(request, "name"), " ", getattr(request, "nope", "dflt"))'),
    command: ["create", "--empty", "d-q6"], expect: "ok",
  },
  {
    id: "q-not-frozen", area: "marshaling quirks", title: "values handed in are not frozen",
    scriptlet: fn(
      'request.config["user.z"] = "1"',
      "candidate_members.append(candidate_members[0])",
      'request.devices["root"]["size"] = "1GiB"',
      'log_info(request.config, " ", len(candidate_members), " ", request.devices["root"])',
    ),
    command: ["create", "--empty", "d-q7"], expect: "ok",
  },
  {
    id: "q-unhashable", area: "marshaling quirks", title: "objects are unhashable",
    scriptlet: fn("d = {request: 1}"),
    command: ["create", "--empty", "d-q8"], expect: "error",
  },
  {
    id: "q-setattr", area: "marshaling quirks", title: "assigning a field of an object",
    scriptlet: fn('request.name = "x"'),
    command: ["create", "--empty", "d-q9"], expect: "error",
  },

  // ---------------------------------------------------------------- compile errors refused by incus config set
  ...([
    ["c-syntax", "a syntax error", fn("x = = 1")],
    ["c-undefined", "an undefined name", fn("undefined_fn()")],
    ["c-toplevel-if", "a top-level if", "if True:\n    pass\n" + fn("pass")],
    ["c-toplevel-for", "a top-level for", "for i in []:\n    pass\n" + fn("pass")],
    ["c-reassign", "a reassigned global", "x = 1\nx = 2\n" + fn("pass")],
    ["c-augassign", "an augmented global assignment", "x = 1\nx += 1\n" + fn("pass")],
    ["c-load", "load()", 'load("x.star", "y")\n' + fn("pass")],
    ["c-toplevel-builtin", "a top-level call of a builtin", 'log_info("top")\n' + fn("pass")],
    ["c-toplevel-div", "a top-level division by zero", "x = 1/0\n" + fn("pass")],
    ["c-missing", "no instance_placement", "def placement(request, candidate_members):\n    pass\n"],
    ["c-params", "wrong parameter names", "def instance_placement(req, members):\n    pass\n"],
    ["c-params-count", "too few parameters", "def instance_placement(request):\n    pass\n"],
    ["c-params-extra", "an extra parameter with a default", "def instance_placement(request, candidate_members, extra=1):\n    pass\n"],
    ["c-not-function", "instance_placement is not a function", "instance_placement = 5\n"],
    ["c-unterminated", "an unterminated string", fn('log_info("abc)')],
    ["c-indent", "an unindent that matches no level", "def instance_placement(request, candidate_members):\n        x = 1\n    y = 2\n"],
    ["c-pow", "the ** operator (not in Starlark)", fn("x = 2 ** 3")],
    ["c-toplevel-return", "return outside a function", "return 1\n" + fn("pass")],
    ["c-break", "break outside a loop", fn("break")],
  ] as const).map(([id, title, scriptlet]): DiffCase => ({
    id, area: "compile errors refused by incus config set", title, scriptlet, command: [], expect: "refused",
  })),

  // ---------------------------------------------------------------- 6.0 dialect
  {
    id: "dialect-set-literal", area: "6.0 dialect", title: "a set literal is refused",
    scriptlet: fn("s = {1, 2}"), command: [], expect: "refused",
  },
  {
    id: "dialect-set-builtin", area: "6.0 dialect", title: "the set() builtin is undefined",
    scriptlet: fn("s = set([1])"), command: [], expect: "refused",
  },
  {
    id: "dialect-while", area: "6.0 dialect", title: "while is refused",
    scriptlet: fn("while True:", "    pass"), command: [], expect: "refused",
  },
  {
    id: "dialect-recursion", area: "6.0 dialect", title: "recursion fails at run time",
    scriptlet: "def f(n):\n    return f(n)\n" + fn("f(1)"),
    command: ["create", "--empty", "d-dr1"], expect: "error",
  },
  {
    id: "dialect-lambda-nested", area: "6.0 dialect", title: "lambda, nested def, comprehension and universe builtins work",
    scriptlet: "N = len([1, 2])\n" + fn(
      "def g(x):",
      "    return x * N",
      "h = lambda y: y + 1",
      'log_info(g(3), " ", h(1), " ", [i * i for i in range(4) if i % 2], " ", sorted({"b": 1, "a": 2}.items()), " ", "a,b".split(","), " ", any([False, True]), " ", max(1, 5), " ", reversed([1, 2]), " ", enumerate(["x"]), " ", zip([1], [2]))',
      'log_info(hash("abc"), " ", "%d-%s-%r" % (1, "a", "a"), " ", "{}:{}".format(1, "b"), " ", 7 // 2, " ", -7 // 2, " ", 7 % -3, " ", 2.5 * 2, " ", 1e300 * 1e10, " ", int("-12"), " ", float("1.5"))',
    ),
    command: ["create", "--empty", "d-dr2"], expect: "ok",
  },

  // ---------------------------------------------------------------- runtime errors
  ...([
    ["e-div", "float division by zero", fn("x = 1/0")],
    ["e-floordiv", "integer division by zero", fn("x = 1//0")],
    ["e-mod", "integer modulo by zero", fn("x = 1 % 0")],
    ["e-fail", "fail() with several arguments", fn('log_info("before")', 'fail("boom", 1, [2])')],
    ["e-return-str", "a string return value", fn('return "node1"')],
    ["e-return-list", "a list return value", fn("return [candidate_members[0].server_name, 5, None]")],
    ["e-return-false", "False returned", fn("return False")],
    ["e-key", "a key error in a dict", fn('x = {"a": 1}["b"]')],
    ["e-config-key", "a missing key in request.config", fn('x = request.config["nosuch"]')],
    ["e-index", "an index out of range", fn("x = candidate_members[7]")],
    ["e-binop", "string + int", fn('x = "a" + 1')],
    ["e-frozen", "mutating a frozen global", "G = []\n" + fn("G.append(1)")],
    ["e-int-parse", "int() of a non-number", fn('x = int("x1")')],
    ["e-str-attr", "an unknown string method", fn('x = "abc".nope()')],
    ["e-call-list", "calling a list", fn("candidate_members()")],
    ["e-builtin-args", "a builtin called with too many arguments", fn('get_project("a", "b")')],
    ["e-unknown-kwarg", "a builtin called with an unknown keyword", fn('get_instances_count(where="x")')],
    ["e-nested", "an error in a nested call", "def inner(m):\n    return m.server_name + 1\n" + fn("inner(candidate_members[0])")],
  ] as const).map(([id, title, scriptlet]): DiffCase => ({
    id, area: "runtime errors", title, scriptlet, command: ["create", "--empty", "d-" + id], expect: "error",
  })),

  // ---------------------------------------------------------------- other case files
  ...MEMBER_STATE_CASES,
  ...COMMAND_LINE_CASES,
];

// Cases of the engine runtime's classes (values leaving the sandbox, semantics, limits).
CASES.push(...ENGINE_RUNTIME_CASES);
