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
  assert.throws(() => parsePlacementCommand(["create", "--empty", "c1", "-c", "novalue"]), /Bad key=value pair: novalue/);
  assert.throws(() => parsePlacementCommand(["create", "--empty", "c1", "--target"]), /flag needs an argument: --target/);
  assert.throws(() => parsePlacementCommand(["move", "c1"]), /--target or --target-project is required/);
});
