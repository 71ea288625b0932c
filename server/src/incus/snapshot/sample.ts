// Where the bundled sample cluster lives: the default cluster when the user names none.
// Found by walking up from this file, so it works from the sources, from out/, and from a
// packaged extension that keeps examples/ beside its compiled code.
import { existsSync } from "node:fs";
import * as path from "node:path";

const RELATIVE = path.join("examples", "sample-cluster.yaml");

export function sampleSnapshotPath(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bundled sample cluster ${RELATIVE} not found above ${__dirname}`);
    dir = parent;
  }
}
