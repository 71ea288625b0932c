import { test } from "node:test";
import assert from "node:assert/strict";
import { instanceResourceUsage } from "../../server/src/incus/placement/instance-resources";
import { parseByteSize } from "../../server/src/incus/placement/units";

test("byte sizes parse as Incus parses them", () => {
  assert.equal(parseByteSize("1GiB"), 1073741824n);
  assert.equal(parseByteSize("512MB"), 512000000n);
  assert.equal(parseByteSize("42"), 42n);
  assert.throws(() => parseByteSize("1 GiB"), /Invalid value: 1 GiB/);
  assert.throws(() => parseByteSize("GiB"), /Invalid value: GiB/);
  assert.throws(() => parseByteSize("50%"), /Invalid value: 50%/);
});

test("containers without limits use nothing; VMs get Incus's defaults", () => {
  const root = { root: { type: "disk", path: "/", pool: "local" } };
  assert.deepEqual(instanceResourceUsage({}, root, "container"), { cpu_cores: 0n, memory_size: 0n, root_disk_size: 0n });
  assert.deepEqual(instanceResourceUsage({}, root, "virtual-machine"), {
    cpu_cores: 1n, memory_size: 1073741824n, root_disk_size: 10737418240n,
  });
});

test("limits.cpu as a count or a CPU set; bad limits fail with Incus's wording", () => {
  assert.equal(instanceResourceUsage({ "limits.cpu": "4" }, {}, "container").cpu_cores, 4n);
  assert.equal(instanceResourceUsage({ "limits.cpu": "0-3,8" }, {}, "container").cpu_cores, 5n);
  assert.throws(() => instanceResourceUsage({ "limits.memory": "50%" }, {}, "container"),
    /Failed parsing instance resources limits.memory: Invalid value: 50%/);
  const disk = { root: { type: "disk", path: "/", pool: "p", size: "20GiB" } };
  assert.equal(instanceResourceUsage({}, disk, "container").root_disk_size, 21474836480n);
});
