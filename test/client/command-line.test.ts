import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePlacementCommand } from "../../server/src/incus/placement/command";
import { commandFor, formatCommandLine, parseConfigPairs, splitCommandLine } from "../../client/src/placement/command-line";

test("Run as… choices become incus commands the simulator parses", () => {
  const create = commandFor({ kind: "create", name: "c1", project: "tenant-a", profiles: ["default", "large"], config: { "user.tier": "gold" }, target: "@gpu", vm: true });
  assert.deepEqual(create, ["create", "--empty", "c1", "--vm", "--profile", "default", "--profile", "large", "--config", "user.tier=gold", "--target", "@gpu", "--project", "tenant-a"]);
  const op = parsePlacementCommand(create);
  assert.equal(op.kind, "create");
  if (op.kind === "create") {
    assert.deepEqual(op.profiles, ["default", "large"]);
    assert.deepEqual(op.config, { "user.tier": "gold" });
    assert.equal(op.target, "@gpu");
    assert.equal(op.project, "tenant-a");
    assert.equal(op.vm, true);
  }
  assert.deepEqual(commandFor({ kind: "create", profiles: [] }), ["create", "--empty", "new-instance", "--no-profiles"]);
  assert.deepEqual(parsePlacementCommand(commandFor({ kind: "move", instance: "web01", target: "node02" })), { kind: "move", name: "web01", target: "node02", project: "default", targetProject: undefined });
  const mp = parsePlacementCommand(commandFor({ kind: "moveProject", instance: "bob-dev", project: "dev", targetProject: "default" }));
  assert.equal(mp.kind === "move" && mp.targetProject, "default");
  assert.deepEqual(parsePlacementCommand(commandFor({ kind: "evacuate", member: "node02", action: "stop" })), { kind: "evacuate", member: "node02", action: "stop" });
});

test("command lines are quoted for display and split back", () => {
  const argv = ["create", "--empty", "c 1", "--config", "user.note=it's"];
  const line = formatCommandLine(argv);
  assert.equal(line, `incus create --empty 'c 1' --config 'user.note=it'\\''s'`);
  assert.deepEqual(splitCommandLine(line), argv);
  assert.deepEqual(splitCommandLine(`move web01 --target "node 2"`), ["move", "web01", "--target", "node 2"]);
  assert.throws(() => splitCommandLine(`create "x`), /unterminated/);
});

test("config pairs", () => {
  assert.deepEqual(parseConfigPairs("limits.memory=8GiB, user.tier = gold"), { "limits.memory": "8GiB", "user.tier": "gold" });
  assert.deepEqual(parseConfigPairs(""), {});
  assert.throws(() => parseConfigPairs("nope"), /not KEY=VALUE/);
});
