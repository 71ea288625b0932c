// Snapshot loading: time and peak memory, each load in a fresh child process (peak RSS is a
// per-process figure; a child also keeps one load's garbage out of the next).
// Prints:
//   bench: snapshot-load-sample-ms / -peak-mb               the bundled sample cluster (YAML)
//   bench: snapshot-load-1000m-100000i-ms / -peak-mb        1,000 members, 100,000 instances (JSON capture)
//   bench: snapshot-50mb-load-ms / snapshot-50mb-peak-mb    a ~50 MB captured-style JSON snapshot
//   bench: snapshot-50mb-yaml-load-ms / -peak-mb            the same cluster, ~50 MB of YAML as `snapshot -o x.yaml` writes it
//   bench: snapshot-5mb-yaml-load-ms / -library-load-ms     a 5 MB YAML snapshot, fast path beside its reference
//                                                           (the YAML library alone, as every YAML load was before)
// plus each load's CPU time (`…-cpu-ms`): on a busy machine the wall time says more about the
// neighbours than about the loader. BENCH_SNAPSHOT_REFERENCE=1 also loads the 50 MB YAML
// through the library alone (~20 s, ~2 GB).
// "Load" is loadSnapshot (read, parse, validate, normalize) plus buildModel.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildModel, formatErrors, formatSnapshot, loadSnapshot, parseSnapshotText, sampleSnapshotPath } from "../server/src/incus/snapshot";
import { readSnapshotText } from "../server/src/incus/snapshot/read-text";

interface Measure {
  ms: number;
  /** CPU time of the load (user + system): what the wall time is when the machine is idle. */
  cpuMs: number;
  peakMb: number;
  instances: number;
}

if (process.argv[2] === "--child") {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const file = process.argv[3];
  const library = process.argv[4] === "--library";
  const read = library ? readSnapshotText(file) : undefined;
  const loaded = library ? (read!.error ? { errors: [read!.error] } : parseSnapshotText(read!.text!, file, { yamlFastPath: false })) : loadSnapshot(file);
  if (loaded.errors) {
    process.stderr.write(formatErrors(loaded.errors));
    process.exit(1);
  }
  const model = buildModel(loaded.snapshot);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const out: Measure = { ms, cpuMs: (used.user + used.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, instances: model.instances.length };
  process.stdout.write(JSON.stringify(out));
} else if (require.main === module) {
  main();
}

function measure(file: string, library = false): Measure {
  const args = ["--max-old-space-size=4096", __filename, "--child", file, ...(library ? ["--library"] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 }));
}

/**
 * The document as `snapshot -o FILE.yaml` writes it (formatSnapshot), instances written 1,000 at
 * a time to keep the writer's own memory down; the text is the same as one call would give.
 * Written from a JSON copy, as a capture is: no object appears twice, so no YAML anchors.
 */
function writeYaml(file: string, document: Record<string, unknown>): void {
  const { instances, ...rest } = JSON.parse(JSON.stringify(document)) as { instances: unknown[] };
  writeFileSync(file, formatSnapshot({ ...rest, instances: [] }, "yaml").replace(/^instances: \[\]\n/m, ""));
  appendFileSync(file, "instances:\n");
  for (let i = 0; i < instances.length; i += 1000) {
    const chunk = formatSnapshot({ instances: instances.slice(i, i + 1000) }, "yaml");
    appendFileSync(file, chunk.slice(chunk.indexOf("\ninstances:\n") + "\ninstances:\n".length));
  }
}

function report(name: string, m: Measure, file: string): void {
  console.log(`bench: ${name}-ms: ${m.ms.toFixed(0)} ms`);
  console.log(`bench: ${name}-cpu-ms: ${m.cpuMs.toFixed(0)} ms`);
  console.log(`bench: ${name.replace(/-load$/, "")}-peak-mb: ${m.peakMb.toFixed(0)} MB`);
  console.log(`       (file ${(statSync(file).size / 1048576).toFixed(1)} MB, ${m.instances} instances; load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")})`);
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
    const samplePath = sampleSnapshotPath();
    report("snapshot-load-sample", measure(samplePath), samplePath);

    const fileHuge = path.join(dir, "1000m-100000i.incus-cluster.json");
    writeFileSync(fileHuge, JSON.stringify(capturedDocument(1000, 100_000)));
    report("snapshot-load-1000m-100000i", measure(fileHuge), fileHuge);
    rmSync(fileHuge);

    const file50 = path.join(dir, "50mb.incus-cluster.json");
    writeFileSync(file50, JSON.stringify(capturedDocument(100, 26_000), null, 2));
    report("snapshot-50mb-load", measure(file50), file50);
    rmSync(file50);

    // YAML is more compact than indented JSON: 31,000 instances make ~50 MB.
    const yaml50 = path.join(dir, "50mb.incus-cluster.yaml");
    writeYaml(yaml50, capturedDocument(100, 31_000));
    report("snapshot-50mb-yaml-load", measure(yaml50), yaml50);
    if (process.env.BENCH_SNAPSHOT_REFERENCE === "1") report("snapshot-50mb-yaml-library-load", measure(yaml50, true), yaml50);
    rmSync(yaml50);

    const yaml5 = path.join(dir, "5mb.incus-cluster.yaml");
    writeYaml(yaml5, capturedDocument(20, 3_100));
    report("snapshot-5mb-yaml-load", measure(yaml5), yaml5);
    report("snapshot-5mb-yaml-library-load", measure(yaml5, true), yaml5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
