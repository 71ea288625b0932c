// Snapshot loading: time and peak memory, each load in a fresh child process (peak RSS is a
// per-process figure; a child also keeps one load's garbage out of the next).
// Prints:
//   bench: snapshot-load-ms-sample: X ms          the bundled sample cluster (YAML)
//   bench: snapshot-50mb-load-ms: X ms            a ~50 MB captured-style JSON snapshot
//   bench: snapshot-50mb-peak-mb: X MB            peak RSS of that load (the process, all in)
//   bench: snapshot-load-ms-1000m-100k: X ms      1,000 members and 100,000 instances (JSON)
//   bench: snapshot-peak-mb-1000m-100k: X MB
// "Load" is loadSnapshot (read, parse, validate, normalize) plus buildModel.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildModel, formatErrors, loadSnapshot, sampleSnapshotPath } from "../server/src/incus/snapshot";

interface Measure {
  ms: number;
  peakMb: number;
  instances: number;
}

if (process.argv[2] === "--child") {
  const start = process.hrtime.bigint();
  const loaded = loadSnapshot(process.argv[3]);
  if (loaded.errors) {
    process.stderr.write(formatErrors(loaded.errors));
    process.exit(1);
  }
  const model = buildModel(loaded.snapshot);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const out: Measure = { ms, peakMb: process.resourceUsage().maxRSS / 1024, instances: model.instances.length };
  process.stdout.write(JSON.stringify(out));
} else {
  main();
}

function measure(file: string): Measure {
  return JSON.parse(execFileSync(process.execPath, ["--max-old-space-size=4096", __filename, "--child", file], { encoding: "utf8", maxBuffer: 1 << 20 }));
}

/** A snapshot the way `snapshot` captures one (full API objects), `members` × `instances`. */
export function capturedDocument(members: number, instances: number): Record<string, unknown> {
  const names = Array.from({ length: members }, (_, i) => `node${String(i + 1).padStart(4, "0")}`);
  const config = (i: number) => ({
    "image.architecture": "amd64",
    "image.description": "Debian bookworm amd64 (20261201_05:24)",
    "image.os": "Debian",
    "image.release": "bookworm",
    "limits.cpu": String(1 + (i % 4)),
    "limits.memory": `${1 + (i % 8)}GiB`,
    "volatile.base_image": "a3f1c9e2b7d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70",
    "volatile.cloud-init.instance-id": `6f1c2d3e-4a5b-6c7d-8e9f-${String(i).padStart(12, "0")}`,
    "volatile.eth0.hwaddr": `00:16:3e:${(i >> 16) & 255}:${(i >> 8) & 255}:${i & 255}`,
    "volatile.idmap.base": "0",
    "volatile.last_state.power": "STOPPED",
    "volatile.uuid": `0b1c2d3e-4f50-6172-8394-${String(i).padStart(12, "0")}`,
  });
  return {
    server: { api_version: "1.0", environment: { server_clustered: true, server_name: names[0], server_version: "6.0.4" } },
    members: names.map((n, i) => ({ server_name: n, url: `https://10.0.${i >> 8}.${i & 255}:8443`, database: i < 3, status: "Online", message: "Fully operational", architecture: "x86_64", failure_domain: "default", description: "", config: {}, roles: i < 3 ? ["database"] : [], groups: ["default"] })),
    groups: [{ name: "default", description: "Default cluster group", members: names }],
    projects: [{ name: "default", description: "Default Incus project", config: { "features.profiles": "true", "features.images": "true" }, used_by: [] }],
    profiles: { default: [{ name: "default", description: "Default Incus profile", config: {}, devices: { root: { type: "disk", path: "/", pool: "local" }, eth0: { type: "nic", network: "incusbr0", name: "eth0" } }, used_by: [] }] },
    instances: Array.from({ length: instances }, (_, i) => ({
      name: `c${i}`,
      project: "default",
      type: i % 10 === 0 ? "virtual-machine" : "container",
      location: names[i % members],
      status: "Stopped",
      status_code: 102,
      architecture: "x86_64",
      description: "",
      config: config(i),
      devices: {},
      profiles: ["default"],
      ephemeral: false,
      stateful: false,
      created_at: "2026-12-01T10:00:00.123456789Z",
      last_used_at: "1970-01-01T00:00:00Z",
      expanded_config: config(i),
      expanded_devices: { root: { type: "disk", path: "/", pool: "local" }, eth0: { type: "nic", network: "incusbr0", name: "eth0" } },
    })),
    storage_pools: [{ name: "local", driver: "dir", status: "Created", config: {}, locations: names, description: "", used_by: [] }],
    warnings: [],
  };
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-snapshot-"));
  try {
    const sample = measure(sampleSnapshotPath());
    console.log(`bench: snapshot-load-ms-sample: ${sample.ms.toFixed(1)} ms`);

    const file50 = path.join(dir, "50mb.incus-cluster.json");
    writeFileSync(file50, JSON.stringify(capturedDocument(100, 26_000), null, 2));
    const mb = statSync(file50).size / 1048576;
    const big = measure(file50);
    console.log(`bench: snapshot-50mb-load-ms: ${big.ms.toFixed(0)} ms`);
    console.log(`bench: snapshot-50mb-peak-mb: ${big.peakMb.toFixed(0)} MB`);
    console.log(`       (file ${mb.toFixed(1)} MB, ${big.instances} instances)`);

    const fileHuge = path.join(dir, "1000m-100k.incus-cluster.json");
    writeFileSync(fileHuge, JSON.stringify(capturedDocument(1000, 100_000)));
    const huge = measure(fileHuge);
    console.log(`bench: snapshot-load-ms-1000m-100k: ${huge.ms.toFixed(0)} ms`);
    console.log(`bench: snapshot-peak-mb-1000m-100k: ${huge.peakMb.toFixed(0)} MB`);
    console.log(`       (file ${(statSync(fileHuge).size / 1048576).toFixed(1)} MB, ${huge.instances} instances)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
