// The JSON Schema of `*.placement.test.yaml`, derived from the zod schemas the runner parses
// with (one definition: the editor's validation and the CLI's cannot disagree).
import { z } from "zod";
import { testFileSchema } from "./test-file";

export const PLACEMENT_TEST_SCHEMA_ID = "https://github.com/incus-tools/incus-scriptlet/schemas/placement-test.schema.json";

export function placementTestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(testFileSchema, { io: "input", unrepresentable: "any", target: "draft-07" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: PLACEMENT_TEST_SCHEMA_ID,
    title: "Incus placement scenario tests",
    description: "Cases run by `incus-scriptlet test` on the placement simulator: given (cluster changes) → run (an incus command) → expect. File names: *.placement.test.yaml.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
