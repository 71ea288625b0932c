import { IncusRefusal } from "../../server/src/incus/placement/incus-flags";
import { expandInstanceType } from "../../server/src/incus/placement/instance-type";
import { instanceNameError } from "../../server/src/incus/placement/names";
import { cpusetCount } from "../../server/src/incus/placement/units";
import { instanceResourceUsage } from "../../server/src/incus/placement/instance-resources";
import { builtins } from "../../server/src/incus/knowledge/scriptlets";
import { placementBuiltins } from "../../server/src/incus/placement/builtins";
import { builtinError, unpackSpec } from "../../server/src/incus/placement/builtin-specs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePlacementCommand, CommandError } from "../../server/src/incus/placement/command";

test("create --empty NAME with profiles, config, device override, vm and group target", () => {
  const op = parsePlacementCommand([
    "create", "--empty", "c1", "-p", "default", "--profile", "gpu", "-c", "limits.cpu=4",
    "--config=user.tier=gold", "-d", "root,size=20GiB", "--vm", "--target", "@gpu", "--project", "dev", "--quiet",
  ]);
  assert.equal(op.kind, "create");
  if (op.kind !== "create") return;
  assert.equal(op.name, "c1");
  assert.equal(op.image, undefined);
  assert.deepEqual(op.profiles, ["default", "gpu"]);
  assert.deepEqual(op.config, { "limits.cpu": "4", "user.tier": "gold" });
  assert.deepEqual(op.deviceOverrides, [{ device: "root", key: "size", value: "20GiB" }]);
  assert.equal(op.vm, true);
  assert.equal(op.target, "@gpu");
  assert.equal(op.project, "dev");
});

test("launch IMAGE NAME keeps Incus's argument order; remote prefixes are dropped", () => {
  const op = parsePlacementCommand(["launch", "images:debian/12", "local:web1"]);
  assert.equal(op.kind, "create");
  if (op.kind !== "create") return;
  assert.equal(op.image, "images:debian/12");
  assert.equal(op.name, "web1");
  assert.equal(op.profiles, undefined);
  assert.equal(op.project, "default");
});

test("--no-profiles gives an empty profile list, not the default one", () => {
  const op = parsePlacementCommand(["init", "--empty", "x", "--no-profiles"]);
  assert.equal(op.kind === "create" && op.profiles?.length, 0);
});

test("move and cluster evacuate", () => {
  assert.deepEqual(parsePlacementCommand(["move", "c1", "--target", "node3", "--target-project", "prod"]), {
    kind: "move", name: "c1", target: "node3", project: "default", targetProject: "prod",
  });
  assert.deepEqual(parsePlacementCommand(["cluster", "evacuate", "node1", "--action", "migrate", "--force"]), {
    kind: "evacuate", member: "node1", action: "migrate",
  });
});

test("bad commands give clear messages", () => {
  assert.throws(() => parsePlacementCommand(["delete", "c1"]), (e: Error) => e instanceof CommandError && /not a placement command/.test(e.message));
  assert.throws(() => parsePlacementCommand(["create", "--empty", "c1", "--bogus"]), /unknown flag: --bogus/);
  assert.throws(() => parsePlacementCommand(["create", "--empty", "c1", "-c", "novalue"]), /Bad key=value pair: "novalue"/);
  assert.throws(() => parsePlacementCommand(["create", "--empty", "c1", "--target"]), /flag needs an argument: --target/);
  assert.throws(() => parsePlacementCommand(["move", "c1"]), /--target or --target-project is required/);
});

test("the incus client's own flag errors, in its words (IncusRefusal)", () => {
  const refused = (argv: string[], text: string) =>
    assert.throws(() => parsePlacementCommand(argv), (e: Error) => e instanceof IncusRefusal && e.message === text, argv.join(" "));
  refused(["create", "--empty", "x1", "--bogus"], "unknown flag: --bogus");
  refused(["create", "--empty", "x1", "-c"], "flag needs an argument: 'c' in -c");
  refused(["create", "--empty", "x1", "-f"], "unknown shorthand flag: 'f' in -f");
  refused(["cluster", "evacuate", "node2", "--bogus"], "unknown flag: --bogus");
  refused(["cluster", "restore", "node2", "--action", "stop"], "unknown flag: --action");
  refused(["create", "--empty", "a", "b"], "--empty cannot be combined with an image name");
  refused(["create", "img", "a", "b"], "Invalid number of arguments");
});

test("global flags before the subcommand, -t, -e, --description, combined short flags", () => {
  const op = parsePlacementCommand(["--project", "p2", "-q", "create", "--empty", "n1", "-t", "c2-m4", "-qe", "--description=hello world"]);
  assert.equal(op.kind, "create");
  if (op.kind !== "create") return;
  assert.equal(op.project, "p2");
  assert.equal(op.instanceType, "c2-m4");
  assert.equal(op.ephemeral, true);
  assert.equal(op.description, "hello world");
  const c = parsePlacementCommand(["create", "--empty", "n2", "-cuser.a=1", "-c", "user.b=2"]);
  assert.deepEqual(c.kind === "create" && c.config, { "user.a": "1", "user.b": "2" });
});

test("copy, rename-and-move, restore", () => {
  const copy = parsePlacementCommand(["copy", "src", "dst", "--target", "node2", "-e"]);
  assert.equal(copy.kind, "create");
  if (copy.kind === "create") {
    assert.deepEqual(copy.copyFrom, { name: "src", project: "default" });
    assert.equal(copy.name, "dst");
    assert.equal(copy.target, "node2");
    assert.equal(copy.ephemeral, true);
  }
  assert.deepEqual(parsePlacementCommand(["move", "old", "new", "--target", "node3"]), {
    kind: "move", name: "old", newName: "new", target: "node3", project: "default", targetProject: undefined,
  });
  assert.throws(() => parsePlacementCommand(["move", "old", "new"]), (e: Error) => e instanceof CommandError && /rename alone/.test(e.message));
  assert.deepEqual(parsePlacementCommand(["cluster", "restore", "node1", "--force"]), { kind: "restore", member: "node1" });
});

test("instance types as the server expands them (instanceParseType, float32 arithmetic)", () => {
  assert.deepEqual(expandInstanceType("c2-m4").config, { "limits.cpu": "2", "limits.memory": "4096MiB" });
  assert.deepEqual(expandInstanceType("c1.5-m0.5").config, { "limits.cpu": "2", "limits.cpu.allowance": "75%", "limits.memory": "512MiB" });
  assert.throws(() => expandInstanceType("c2-x4"), /Provided instance type doesn't exist: c2-x4/);
  assert.throws(() => expandInstanceType("cabc"), /Bad custom instance type: cabc/);
  assert.ok(expandInstanceType("t2.micro").unknown);
});

test("instance names and limits.cpu as Incus parses them", () => {
  assert.equal(instanceNameError("bad_name"), "Invalid instance name: Name can only contain alphanumeric and hyphen characters");
  assert.equal(instanceNameError("123"), "Invalid instance name: Name cannot be a number");
  assert.equal(instanceNameError("a-"), `Invalid instance name: Name must not end with "-" character`);
  assert.equal(instanceNameError("x".repeat(64)), "Invalid instance name: Name must be 1-63 characters long");
  assert.equal(instanceNameError("ok-1"), undefined);
  assert.throws(() => cpusetCount("abc"), { message: `Invalid cpuset value "abc": Invalid CPU/NUMA set value: strconv.ParseInt: parsing "abc": invalid syntax` });
  assert.equal(cpusetCount("0-3,8"), 5n);
  assert.equal(instanceResourceUsage({ "limits.cpu": "-2" }, {}, "container").cpu_cores, 18446744073709551614n);
});

test("placement builtins: one host function per knowledge builtin, specs from the knowledge data", () => {
  for (const version of ["6.0.4", "7.3.0"]) {
    const names = builtins("placement", version).map((b) => b.name).sort();
    const run = { cluster: {} as never, version, request: {} as never, candidates: [], localMember: "", logs: [], notes: [] };
    assert.deepEqual(Object.keys(placementBuiltins(run)).sort(), names, version);
    // The sandbox's get_instances_count fast path (sandbox-tables.ts) assumes this signature.
    assert.deepEqual(unpackSpec("get_instances_count", version), [
      { name: "project??", kind: "string" }, { name: "location??", kind: "string" }, { name: "pending??", kind: "bool" },
    ]);
    assert.equal(builtinError("set_target", version, "Invalid member name", "x"), "Invalid member name: x");
  }
});
