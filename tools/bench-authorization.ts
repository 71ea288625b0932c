// Access matrix benchmark: the fixture cluster (test/incus/fixtures/authz-cluster.yaml) grown to
// 1,000 instances over 10 projects, one restricted identity, a scriptlet that logs and decides
// on the object and the project.
//
//   node out/tools/bench-authorization.js
//
// Lines printed:
//   bench: access-matrix-cells: N cells          how many questions the matrix asked
//   bench: access-matrix-ms: X ms                the whole matrix (one sandbox, one Init)
//   bench: access-matrix-cell-us: X us           per question
import * as path from "node:path";
import { loadSnapshot } from "../server/src/incus/snapshot";
import { accessMatrix } from "../server/src/incus/authorization/service";

const SCRIPTLET = `
ADMINS = ["alice"]
def authorize(details, object, entitlement):
    if object.startswith("instance:p3/"):
        log_warn("p3 is frozen: ", object)
        return entitlement == "can_view"
    return details.ProjectName in ["p1", "p2"] or entitlement == "can_view"
`;

async function main(): Promise<void> {
  const loaded = loadSnapshot(path.resolve(__dirname, "../../test/incus/fixtures/authz-cluster.yaml"));
  const snapshot = loaded.snapshot!;
  const template = snapshot.instances[0];
  const projects = Array.from({ length: 10 }, (_, i) => ({ ...snapshot.projects[0], name: `p${i}` }));
  snapshot.projects = [...snapshot.projects, ...projects] as typeof snapshot.projects;
  snapshot.instances = Array.from({ length: 1000 }, (_, i) => ({ ...template, name: `i${i}`, project: `p${i % 10}` }));
  const start = process.hrtime.bigint();
  const m = await accessMatrix({ source: SCRIPTLET, snapshot, identity: "tls:bob" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cells = m.counts.allowed + m.counts.denied + m.counts.error;
  console.log(`bench: access-matrix-cells: ${cells} cells`);
  console.log(`bench: access-matrix-ms: ${ms.toFixed(0)} ms`);
  console.log(`bench: access-matrix-cell-us: ${((ms * 1000) / cells).toFixed(0)} us`);
}

void main();
