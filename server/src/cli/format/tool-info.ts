// Name, version and home of this tool, as reports for CI (SARIF, JUnit) name their producer.
// The version is read from the package.json found above this file, so it is right from the
// sources, from out/ and from a packaged extension alike.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const TOOL_NAME = "incus-scriptlet";
export const TOOL_URI = "https://github.com/incus-tools/incus-scriptlet";

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  cached = "0.0.0";
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === TOOL_NAME && pkg.version) return (cached = pkg.version);
      } catch {
        /* not ours or unreadable: keep looking */
      }
    }
    if (path.dirname(dir) === dir) return cached;
  }
}
