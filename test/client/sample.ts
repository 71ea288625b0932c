// The bundled sample cluster, loaded once for the client tests.
import * as path from "node:path";
import { buildModel, loadSnapshot, type ClusterModel, type ClusterSnapshot } from "../../server/src/incus/snapshot";

export const ROOT = path.resolve(__dirname, "../../..");

let cached: { snapshot: ClusterSnapshot; model: ClusterModel } | undefined;

export function sample(): { snapshot: ClusterSnapshot; model: ClusterModel } {
  if (!cached) {
    const loaded = loadSnapshot(path.join(ROOT, "examples/sample-cluster.yaml"));
    if (loaded.errors) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
    cached = { snapshot: loaded.snapshot, model: buildModel(loaded.snapshot) };
  }
  return cached;
}
