// Differential cases for the incus command line as the real client parses it, the commands
// Incus refuses (issue G4) and the Incus facts of issue N: instance types, -e, --description,
// global flags before the subcommand, rename-and-move, copy, limits.cpu parsing, moves into
// projects without the instance's profiles.
import type { DiffCase, Step } from "./cases";

const fn = (...body: string[]): string =>
  ["def instance_placement(request, candidate_members):", ...body.map((l) => "    " + l)].join("\n") + "\n";
const WHO = 'log_info(request.reason, "|", request.name, "|", request.project, "|", sorted([c.server_name for c in candidate_members]))';
const FIELDS = 'log_info(request.config, "|", request.type, "|", request.ephemeral, "|", request.description, "|", request.instance_type, "|", request.profiles, "|", request.architecture)';
const SOURCE = 'log_info(request.source.type, "|", request.source.source, "|", request.source.project)';
const on = (name: string, member: string, ...extra: string[]): Step => ["create", "--empty", name, "--target", member, ...extra];
const P2: Step[] = [
  ["project", "create", "p2", "-c", "features.profiles=true"],
  ["profile", "device", "add", "default", "root", "disk", "path=/", "pool=local", "--project", "p2"],
];

export const COMMAND_LINE_CASES: DiffCase[] = [
  // G4: refused before the scriptlet
  ...([
    ["cl-name-underscore", ["create", "--empty", "bad_name"]],
    ["cl-name-number", ["create", "--empty", "12345"]],
    ["cl-name-trailing-dash", ["create", "--empty", "abc-"]],
    ["cl-name-long", ["create", "--empty", "x".repeat(64)]],
    ["cl-unknown-flag", ["create", "--empty", "cl-u1", "--bogus"]],
    ["cl-unknown-short", ["create", "--empty", "cl-u2", "-f"]],
    ["cl-missing-value", ["create", "--empty", "cl-u3", "-c"]],
    ["cl-bad-pair", ["create", "--empty", "cl-u4", "-c", "novalue"]],
    ["cl-no-project", ["create", "--empty", "cl-u5", "--project", "nosuch"]],
    ["cl-no-profile", ["create", "--empty", "cl-u6", "-p", "nosuch"]],
    ["cl-type-unknown", ["create", "--empty", "cl-u7", "-t", "bogus"]],
    ["cl-type-bad", ["create", "--empty", "cl-u8", "-t", "cx-m1"]],
    ["cl-restore-action", ["cluster", "restore", "node2", "--action", "stop"]],
  ] as const).map(([id, command]): DiffCase => ({
    id, area: "commands Incus refuses", title: command.join(" ").slice(0, 80), scriptlet: fn(WHO), command: [...command], expect: "error",
  })),
  {
    id: "cl-move-project-no-profiles", area: "commands Incus refuses", title: "move into a project without features.profiles: the profiles are not there",
    setup: [on("cl-m1", "node1"), ["project", "create", "p4", "-c", "features.profiles=false"]],
    scriptlet: fn(WHO),
    command: ["move", "cl-m1", "--target-project", "p4"], expect: "error",
  },
  {
    id: "cl-move-project-missing-profile", area: "commands Incus refuses", title: "move into a project lacking one of the instance's profiles",
    setup: [["profile", "create", "extra"], on("cl-m2", "node1", "-p", "default", "-p", "extra"), ...P2],
    teardown: [["profile", "delete", "extra"]],
    scriptlet: fn(WHO),
    command: ["move", "cl-m2", "--target-project", "p2"], expect: "error",
  },
  {
    id: "cl-duplicate-name", area: "commands Incus refuses", title: "a name already taken: the scriptlet runs, then the record is refused",
    setup: [on("cl-d1", "node2")],
    scriptlet: fn(WHO),
    command: ["create", "--empty", "cl-d1"], expect: "error",
  },
  {
    id: "cl-move-unknown-instance", area: "commands Incus refuses", title: "move an instance that does not exist",
    scriptlet: fn(WHO),
    command: ["move", "nosuch", "--target", "node2"], expect: "error",
  },
  {
    id: "cl-move-unknown-project", area: "commands Incus refuses", title: "move --target-project a project that does not exist",
    setup: [on("cl-m4", "node1")],
    scriptlet: fn(WHO),
    command: ["move", "cl-m4", "--target-project", "nosuch"], expect: "error",
  },
  {
    id: "cl-move-project-ok", area: "command line", title: "move --target-project without --target keeps the member",
    setup: [on("cl-m3", "node2"), ...P2],
    scriptlet: fn(WHO),
    command: ["move", "cl-m3", "--target-project", "p2"], expect: "ok",
  },
  {
    id: "cl-limits-cpu-record", area: "commands Incus refuses", title: "limits.cpu=-2: the scriptlet sees cores as uint64, then the record is refused",
    scriptlet: fn(WHO, "log_info(get_instance_resources())"),
    command: ["create", "--empty", "cl-c1", "-c", "limits.cpu=-2"], expect: "error",
  },
  {
    id: "cl-limits-cpu-abc", area: "commands Incus refuses", title: "limits.cpu=abc in get_instance_resources()",
    scriptlet: fn("log_info(get_instance_resources())"),
    command: ["create", "--empty", "cl-c2", "-c", "limits.cpu=abc"], expect: "error",
  },
  {
    id: "cl-limits-cpu-twice", area: "commands Incus refuses", title: "limits.cpu=1-3,3 (a CPU twice)",
    scriptlet: fn(WHO),
    command: ["create", "--empty", "cl-c3", "-c", "limits.cpu=1-3,3"], expect: "error",
  },
  {
    id: "cl-kwarg-multiple", area: "commands Incus refuses", title: "a builtin given a parameter twice (positional and keyword)",
    scriptlet: fn('get_instances_count("default", project="default")'),
    command: ["create", "--empty", "cl-k1"], expect: "error",
  },
  {
    id: "cl-kwarg-type", area: "commands Incus refuses", title: "a builtin keyword of the wrong type, and positional",
    scriptlet: fn('get_instances(location=1)'),
    command: ["create", "--empty", "cl-k2"], expect: "error",
  },
  {
    id: "cl-arg-type", area: "commands Incus refuses", title: "a builtin positional argument of the wrong type",
    scriptlet: fn('get_instances(1)'),
    command: ["create", "--empty", "cl-k3"], expect: "error",
  },
  // N: the command line as the client parses it
  {
    id: "cl-type", area: "command line", title: "-t c2-m4 expands to limits in the request",
    scriptlet: fn(WHO, FIELDS, "log_info(get_instance_resources())"),
    command: ["create", "--empty", "cl-t1", "-t", "c2-m4", "-c", "user.x=1"], expect: "ok",
  },
  {
    id: "cl-type-fraction", area: "command line", title: "-t c1.5-m0.5 with limits.cpu set: allowance added, cpu kept",
    scriptlet: fn(FIELDS, "log_info(get_instance_resources())"),
    command: ["create", "--empty", "cl-t2", "-t", "c1.5-m0.5", "-c", "limits.cpu=3"], expect: "ok",
  },
  {
    id: "cl-ephemeral", area: "command line", title: "-e and --description",
    scriptlet: fn(FIELDS),
    command: ["create", "--empty", "cl-e1", "-e", "--description", "hello world"], expect: "ok",
  },
  {
    id: "cl-combined-short", area: "command line", title: "combined short flags -qe and -cKEY=VALUE",
    scriptlet: fn(FIELDS),
    command: ["create", "--empty", "cl-e2", "-qe", "-cuser.a=1"], expect: "ok",
  },
  {
    id: "cl-global-project", area: "command line", title: "global --project before the subcommand",
    setup: P2,
    scriptlet: fn(WHO),
    command: ["--project", "p2", "create", "--empty", "cl-g1"], expect: "ok",
  },
  {
    id: "cl-move-rename", area: "command line", title: "move OLD NEW --target M: the scriptlet sees the old name",
    setup: [on("cl-r1", "node1")],
    scriptlet: fn(WHO),
    command: ["move", "cl-r1", "cl-r1b", "--target", "node3"], expect: "ok",
  },
  {
    id: "cl-copy", area: "command line", title: "copy SRC DST: reason new, source.type copy, the source's config and description",
    setup: [on("cl-s1", "node2", "-c", "user.k=v", "-c", "limits.memory=1GiB", "--description", "src desc")],
    scriptlet: fn(WHO, FIELDS, SOURCE),
    command: ["copy", "cl-s1", "cl-s2"], expect: "ok",
  },
  {
    id: "cl-copy-target", area: "command line", title: "copy SRC DST --target M -e -c",
    setup: [on("cl-s3", "node2", "-c", "user.k=v")],
    scriptlet: fn(WHO, FIELDS, SOURCE),
    command: ["copy", "cl-s3", "cl-s4", "--target", "node3", "-e", "-c", "user.extra=1"], expect: "ok",
  },
];
