// One diagnostic pipeline: for the same files, cluster and Incus version, the real language
// server over stdio publishes exactly the diagnostics `incus-scriptlet check --format json`
// prints — including the sandboxed top-level run that only a run reveals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { BIN, LspClient } from "../support/lsp-client";

const root = path.resolve(__dirname, "../../..");
const cluster = path.join(root, "examples/sample-cluster.yaml");

const FILES: Record<string, string> = {
  // Only the top-level run finds this: a division by zero while Incus validates.
  "toplevel.placement.star": "LIMIT = 10 // 0\n\ndef instance_placement(request, candidate_members):\n    pass\n",
  "compile.placement.star": "def instance_placement(request, candidate_members):\n    x = = 1\n",
  "lint.placement.star":
    'def instance_placement(request, candidate_members):\n    set_target("node9")\n    if request.reason == "evacuate":\n        return "refused"\n    log_info(request.archtecture)\n',
  "params.placement.star": "def instance_placement(req):\n    pass\n",
  "clean.placement.star": 'def instance_placement(request, candidate_members):\n    log_info("placing ", request.name)\n',
  "auth.authorization.star": "def authorize(details, object, entitlement):\n    return details.Username == \"admin\"\n",
  "vm.instance.incus.yaml":
    'type: virtual-machine\nconfig:\n  migration.stateful: "true"\n  limits.cpus: "2"\ndevices:\n  data:\n    type: disk\n    pool: local\n    source: vol1\n    path: /mnt\n',
  "team.project.incus.yaml": 'config:\n  restricted: "true"\n  restricted.cluster.groups: nosuchgroup\n',
};

const SEVERITY: Record<number, string> = { 1: "error", 2: "warning", 3: "information", 4: "hint" };

for (const version of ["6.0.4", "7.3.0"]) {
  test(`LSP diagnostics over stdio equal check --format json (Incus ${version})`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "parity-"));
    const client = new LspClient({ activeCluster: cluster, incusVersion: version });
    try {
      for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
      const files = Object.keys(FILES).map((n) => path.join(dir, n));
      const r = spawnSync(process.execPath, [BIN, "check", ...files, "--format", "json", "--cluster", cluster, "--incus-version", version], { encoding: "utf8", cwd: root });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const fromCheck = JSON.parse(r.stdout) as Array<{ file: string; range: unknown; severity: string; message: string; code: string }>;

      await client.initialize();
      await client.setSettings({ activeCluster: cluster, incusVersion: version });
      let compared = 0;
      for (const file of files) {
        const uri = pathToFileURL(file).href;
        const published = await client.open(uri, FILES[path.basename(file)]);
        const lsp = published.map((d) => ({ range: d.range, severity: SEVERITY[d.severity ?? 1], message: d.message, code: d.code }));
        const cli = fromCheck.filter((d) => d.file === file).map(({ range, severity, message, code }) => ({ range, severity, message, code }));
        assert.deepEqual(lsp, cli, path.basename(file));
        compared += cli.length;
      }
      // The set exercises every stage: the top-level run, compile errors, validation, lint, YAML rules.
      const codes = new Set(fromCheck.map((d) => d.code));
      for (const c of ["top-level-run", "entry-function", "entry-returns-value", "unknown-member", "unknown-field"]) assert.ok(codes.has(c), `no ${c} in ${[...codes]}`);
      assert.ok(compared >= 8, `only ${compared} diagnostics compared`);
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
