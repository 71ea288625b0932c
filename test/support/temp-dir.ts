// Temporary directories for tests that clean up after themselves: each one is removed when the
// test process exits (node --test runs every file in its own process; a failed assertion still
// exits normally), so /tmp no longer gathers one directory per test file per run.
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const created: string[] = [];

function removeAll(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A new directory `<tmp>/<prefix>XXXXXX` (as mkdtempSync makes it), removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  if (created.length === 0) process.once("exit", removeAll);
  created.push(dir);
  return dir;
}
