// N: the order of get_instances() across projects is Incus's ORDER BY projects.id, instances.name
// (internal/server/db/cluster/instances.mapper.go, v6.0.4), while the API lists projects by name.
// The capture records the project ids; here the real scriptlet's get_instances() order is the
// oracle: projects created "zz" before "aa" must come out zz first, as the model says.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { captureSnapshot } from "../../server/src/incus/client/capture";
import { IncusClient } from "../../server/src/incus/client/http";
import { unixTarget } from "../../server/src/incus/client/target";
import { buildModel } from "../../server/src/incus/snapshot";
import { captureLogs, cleanupInstances, incus, lockCluster, memberDir, must, requireCluster, setScriptlet } from "../support/incus-cluster";

const LIST = `
def instance_placement(request, candidate_members):
    log_info("order:", ",".join([i.project + "/" + i.name for i in get_instances()]))
`;

test("capture records project ids; the model's project order is get_instances()'s real order", { timeout: 180_000 }, async (t) => {
  if (!requireCluster(t)) return;
  lockCluster();
  await cleanupInstances();
  try {
    must(await incus(["project", "create", "zz-older", "-c", "features.profiles=false"]));
    must(await incus(["project", "create", "aa-newer", "-c", "features.profiles=false"]));
    for (const p of ["aa-newer", "zz-older", "default"]) {
      must(await incus(["create", "--empty", "b1", "--project", p, "-q"]));
      must(await incus(["create", "--empty", "a1", "--project", p, "-q"]));
    }
    const client = new IncusClient(unixTarget(path.join(memberDir(1), "unix.socket")));
    let model;
    try {
      model = buildModel((await captureSnapshot(client)).snapshot);
    } finally {
      client.close();
    }
    assert.equal(model.projectOrderKnown, true);
    assert.deepEqual(model.projectOrder, ["default", "zz-older", "aa-newer"]);
    assert.ok(model.projectId("zz-older")! < model.projectId("aa-newer")!);

    must(await setScriptlet(LIST));
    const cap = await captureLogs(() => incus(["create", "--empty", "probe", "-q"]));
    const line = cap.logs.find((l) => l.message.startsWith("order:"));
    assert.ok(line, JSON.stringify(cap.logs));
    const expected = model.projectOrder.flatMap((p) => model.instancesIn(p).map((i) => `${p}/${i.name}`).sort());
    assert.equal(line.message, `order:${expected.join(",")}`);
  } finally {
    await cleanupInstances();
  }
});
