// The JSON Schema of a snapshot file, derived from the zod schemas (what a user may write,
// so fields with defaults are optional). Editors use it for *.incus-cluster.yaml/json.
import { z } from "zod";
import { clusterSnapshotSchema } from "./schema";

export const SNAPSHOT_SCHEMA_ID = "https://github.com/incus-tools/incus-scriptlet/schemas/cluster-snapshot.schema.json";

export function snapshotJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(clusterSnapshotSchema, { io: "input", unrepresentable: "any", target: "draft-07" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: SNAPSHOT_SCHEMA_ID,
    title: "Incus cluster snapshot",
    description:
      "Incus API objects under fixed keys, each the answer of the GET request it names (captured with `incus-scriptlet snapshot`, or written by hand: omitted fields get defaults). File names: *.incus-cluster.yaml, *.incus-cluster.json.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
