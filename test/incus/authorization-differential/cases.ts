// Differential cases for authorization scriptlets: the same scriptlet and request on a real
// Incus (TLS client certificates of the trust store, or the unix socket) and in the simulator.
// The runner (../authorization-differential.test.ts) sets up projects P1/P2, instances C1 (default)
// and C2 (P1), client certificates ALICE (unrestricted) and BOB (restricted to P1); names here
// are placeholders it substitutes. Keep cases as data.

export type Who = "alice" | "bob" | "unix";

export interface AuthzCase {
  id: string;
  title: string;
  scriptlet: string;
  who: Who;
  /** the request path (GET) */
  path: string;
  /** single: one object, the answer is allowed / 403; list: the items that survive filtering */
  kind: "single" | "list" | "access";
  /** access: the optional function Incus calls for GET .../access, with its arguments */
  access?: { fn: "get_instance_access" | "get_project_access"; args: [string, string][] };
  /** single requests: the one question Incus asks (object, entitlement); the request's
   *  ?project= and ?all-projects= shape the details */
  object?: string;
  entitlement?: string;
  /** Further questions the same request asks after the first (seen on 6.0.4: a GET filters its
   *  `used_by` by asking can_view about each user, then asks can_edit about the object to decide
   *  whether to show its config), as "OBJECT ENTITLEMENT"; they do not change the answer. */
  follow?: string[];
}

const fn = (...body: string[]): string =>
  ["def authorize(details, object, entitlement):", ...body.map((l) => "    " + l)].join("\n") + "\n";

const LOG_ALL = fn('log_info(details.Username[:12], "|", details.Protocol, "|", details.ProjectName, "|", details.IsAllProjectsRequest, "|", object, "|", entitlement)', "return True");
const ONLY_P1 = fn(
  'if details.Username.startswith("BOBFP") and not (object == "project:P1" or object.startswith("instance:P1/")):',
  '    log_warn("deny ", object, " to bob")',
  "    return False",
  "return True",
);
const FAILING = fn(
  'if object == "instance:default/C1":',
  '    fail("no access to ", object)',
  'if object == "instance:P1/C2":',
  '    return "yes"',
  "return True",
);

const ACCESS = fn("return True") + '\ndef get_instance_access(project_name, instance_name):\n    log_info(project_name, "/", instance_name)\n    return ["alice", "ops-" + instance_name]\n\ndef get_project_access(project_name):\n    log_warn("project ", project_name)\n    return ["admins"]\n';
const ACCESS_BAD = fn("return True") + '\ndef get_project_access(project_name):\n    return ["x", 1]\n';

export const CASES: AuthzCase[] = [
  // Allowed, with the details Incus hands over.
  { id: "log-alice-c1", title: "alice reads C1: details logged", scriptlet: LOG_ALL, who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "log-alice-c2-project", title: "?project=P1 becomes details.ProjectName", scriptlet: LOG_ALL, who: "alice", path: "/1.0/instances/C2?project=P1", kind: "single", object: "instance:P1/C2", entitlement: "can_view" },
  { id: "log-bob-c1", title: "restricted bob reads C1 outside his project (limit not applied)", scriptlet: LOG_ALL, who: "bob", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "log-bob-p2", title: "restricted bob reads project P2", scriptlet: LOG_ALL, who: "bob", path: "/1.0/projects/P2", kind: "single", object: "project:P2", entitlement: "can_view" },
  { id: "log-pool", title: "storage pool object", scriptlet: LOG_ALL, who: "alice", path: "/1.0/storage-pools/local", kind: "single", object: "storage_pool:local", entitlement: "can_view",
    follow: ["instance:default/C1 can_view", "instance:P1/C2 can_view", "profile:default/default can_view", "profile:P1/default can_view", "storage_pool:local can_edit"] },
  { id: "log-profile", title: "profile object in a project", scriptlet: LOG_ALL, who: "alice", path: "/1.0/profiles/default?project=P1", kind: "single", object: "profile:P1/default", entitlement: "can_view",
    follow: ["instance:P1/C2 can_view"] },
  { id: "log-all-projects", title: "?all-projects=true list: IsAllProjectsRequest", scriptlet: LOG_ALL, who: "alice", path: "/1.0/instances?all-projects=true", kind: "list" },
  { id: "log-recursion", title: "?recursion=1 list: the same questions on the receiving member", scriptlet: LOG_ALL, who: "alice", path: "/1.0/instances?recursion=1&all-projects=true", kind: "list" },
  { id: "log-projects-bob", title: "bob lists every project", scriptlet: LOG_ALL, who: "bob", path: "/1.0/projects", kind: "list" },
  // Denied.
  { id: "deny-bob-c1", title: "bob denied C1 with a warning", scriptlet: ONLY_P1, who: "bob", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "deny-bob-c2", title: "bob allowed C2 in P1", scriptlet: ONLY_P1, who: "bob", path: "/1.0/instances/C2?project=P1", kind: "single", object: "instance:P1/C2", entitlement: "can_view" },
  { id: "deny-bob-list", title: "bob's all-projects list is filtered", scriptlet: ONLY_P1, who: "bob", path: "/1.0/instances?all-projects=true", kind: "list" },
  { id: "deny-bob-projects", title: "bob's project list is filtered", scriptlet: ONLY_P1, who: "bob", path: "/1.0/projects", kind: "list" },
  { id: "deny-alice-c1", title: "alice is not bob", scriptlet: ONLY_P1, who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "deny-all", title: "False for everything", scriptlet: fn("return False"), who: "alice", path: "/1.0/projects/P1", kind: "single", object: "project:P1", entitlement: "can_view" },
  // Failing at run time.
  { id: "fail-call", title: "fail() on a single object: 403 with the error", scriptlet: FAILING, who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "fail-non-bool", title: "a string return: 403 unexpected return value", scriptlet: FAILING, who: "alice", path: "/1.0/instances/C2?project=P1", kind: "single", object: "instance:P1/C2", entitlement: "can_view" },
  { id: "fail-list", title: "failing items are dropped from a list", scriptlet: FAILING, who: "alice", path: "/1.0/instances?all-projects=true", kind: "list" },
  { id: "fail-none", title: "no return: None is not a bool", scriptlet: fn('log_info("checked ", object)'), who: "alice", path: "/1.0/projects/default", kind: "single", object: "project:default", entitlement: "can_view" },
  { id: "fail-div", title: "division by zero", scriptlet: fn("return 1 // 0 == 1"), who: "bob", path: "/1.0/projects/P1", kind: "single", object: "project:P1", entitlement: "can_view" },
  { id: "fail-key", title: "missing dict key", scriptlet: fn('return {"can_edit": True}[entitlement]'), who: "alice", path: "/1.0/storage-pools/local", kind: "single", object: "storage_pool:local", entitlement: "can_view" },
  { id: "fail-index", title: "index out of range", scriptlet: fn("return [True][3]"), who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  // Fields that only later versions have.
  { id: "v7-chain", title: "details.Chain is not there in 6.0", scriptlet: fn("return len(details.Chain) > 0"), who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "v7-request-details", title: "details.RequestDetails is not there in 6.0", scriptlet: fn('return details.RequestDetails.Username != ""'), who: "alice", path: "/1.0/projects/P1", kind: "single", object: "project:P1", entitlement: "can_view" },
  { id: "v7-certificate", title: "details.Certificate is not there in 6.0", scriptlet: fn("return details.Certificate.restricted == False"), who: "bob", path: "/1.0/projects/P1", kind: "single", object: "project:P1", entitlement: "can_view" },
  { id: "v7-list", title: "a 7.x field in a list filter drops everything", scriptlet: fn('return details.Certificate.name == "x"'), who: "alice", path: "/1.0/projects", kind: "list" },
  // Values and logs.
  { id: "str-details", title: "type(), str() and dir() of details", scriptlet: fn('log_info(type(details), " ", dir(details))', 'log_warn(str(details).replace(details.Username, "FP"))', "return True"), who: "alice", path: "/1.0/instances/C2?project=P1", kind: "single", object: "instance:P1/C2", entitlement: "can_view" },
  { id: "log-values", title: "log_* joins str() of mixed values", scriptlet: fn('log_error(1, None, True, [1, "a"], {"k": 2.5}, (1,), "x")', "return True"), who: "alice", path: "/1.0/projects/P2", kind: "single", object: "project:P2", entitlement: "can_view" },
  { id: "globals", title: "top-level values computed once and read in authorize", scriptlet: 'ALLOWED = {"can_view": True}\nNAMES = sorted(["b", "a"])\n' + fn('log_info(NAMES, " ", ALLOWED.get(entitlement, False))', "return ALLOWED.get(entitlement, False)"), who: "alice", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "helper-fn", title: "a helper function and string methods", scriptlet: "def proj(o):\n    return o.split(\":\")[1].split(\"/\")[0]\n\n" + fn('log_info("project=", proj(object))', 'return proj(object) != "P2"'), who: "alice", path: "/1.0/projects/P2", kind: "single", object: "project:P2", entitlement: "can_view" },
  // The access helpers (GET /1.0/instances/NAME/access, /1.0/projects/NAME/access).
  { id: "access-instance", title: "get_instance_access names the users of an instance", scriptlet: ACCESS, who: "alice", path: "/1.0/instances/C1/access", kind: "access", access: { fn: "get_instance_access", args: [["project_name", "default"], ["instance_name", "C1"]] } },
  { id: "access-project", title: "get_project_access names the users of a project", scriptlet: ACCESS, who: "alice", path: "/1.0/projects/P1/access", kind: "access", access: { fn: "get_project_access", args: [["project_name", "P1"]] } },
  { id: "access-bad-return", title: "a non-string identifier is refused", scriptlet: ACCESS_BAD, who: "alice", path: "/1.0/projects/P1/access", kind: "access", access: { fn: "get_project_access", args: [["project_name", "P1"]] } },
  // The unix socket is never asked.
  { id: "unix-failing", title: "the unix socket is served without asking a failing scriptlet", scriptlet: FAILING, who: "unix", path: "/1.0/instances/C1", kind: "single", object: "instance:default/C1", entitlement: "can_view" },
  { id: "unix-list", title: "a unix-socket list is not filtered", scriptlet: fn("return False"), who: "unix", path: "/1.0/instances?all-projects=true", kind: "list" },
];
