// The one command that regenerates every Incus fact we derive from Incus's sources:
//
//   npm run gen:incus -- --repo DIR [--tags v6.0.0,v7.3.0,...] [--head main=REF] [--goroot DIR] [--out-dir DIR]
//
// DIR is a clone (or bare mirror) of https://github.com/lxc/incus; also read from $INCUS_REPO.
// --tags defaults to every release tag of the supported series in that repository (v6.0.x and
// v7.x); --head adds an unreleased snapshot (e.g. main at a pinned commit; default: the `head`
// recorded in the current manifest, so reruns are reproducible). --goroot (or $GOROOT, else
// `go env GOROOT`) gives Go's crypto/x509 for the authorization certificate chain.
// Writes, in server/src/incus/knowledge/ (or --out-dir):
//   releases.json        the manifest: one entry per release (tools/gen-releases.ts)
//   api-types.json       the values handed to scriptlets, per release (tools/gen-api-types.ts)
//   config-catalog.json  the config key catalog, one base plus per-release differences (tools/gen-catalog.ts)
// Adding a release: fetch its tag into DIR, rerun, review the diff, commit.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { compactJson } from "./gen-json";
import { generateReleases, Repo } from "./gen-releases";
import { generate as generateApiTypes } from "./gen-api-types";
import { generateCatalogFromRepo } from "./gen-catalog";

function main() {
  const { values } = parseArgs({
    options: {
      repo: { type: "string" },
      tags: { type: "string" },
      head: { type: "string" },
      goroot: { type: "string" },
      "out-dir": { type: "string" },
    },
  });
  const repoDir = values.repo ?? process.env.INCUS_REPO;
  if (!repoDir) throw new Error("gen:incus: give the Incus git repository with --repo DIR or INCUS_REPO=DIR");
  if (!existsSync(repoDir)) throw new Error(`gen:incus: ${repoDir} does not exist`);
  const outDir = values["out-dir"] ?? path.join(__dirname, "../../server/src/incus/knowledge");
  const repo = new Repo(repoDir);
  const tags = values.tags ? values.tags.split(",").map((t) => t.trim()).filter(Boolean) : repo.supportedTags();
  const head = parseHead(values.head, path.join(outDir, "releases.json"));
  const goroot = values.goroot ?? process.env.GOROOT ?? execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();

  const manifest = generateReleases(repo, tags, head);
  write(path.join(outDir, "releases.json"), compactJson(manifest));
  const refs = manifest.releases.map((r) => ({ version: r.version, ref: r.ref, facts: r.facts, kinds: r.kinds }));
  write(path.join(outDir, "api-types.json"), compactJson(generateApiTypes(repoDir, goroot, refs)));
  const { out, warnings } = generateCatalogFromRepo(repoDir, refs.map((r) => ({ version: r.version, ref: r.ref })), path.join(outDir, "config-key-notes.json"));
  for (const w of warnings) console.warn(`warning: ${w}`);
  write(path.join(outDir, "config-catalog.json"), compactJson(out));
}

/** `--head NAME=REF`, else the unreleased snapshot the current manifest records, else none. */
function parseHead(arg: string | undefined, manifestPath: string): { name: string; ref: string } | undefined {
  if (arg === "none") return undefined;
  if (arg) {
    const [name, ref] = arg.split("=");
    if (!name || !ref) throw new Error("--head wants NAME=REF (e.g. main=be7afc5df39f...) or none");
    return { name, ref };
  }
  if (!existsSync(manifestPath)) return undefined;
  const old = JSON.parse(readFileSync(manifestPath, "utf8")) as { releases: Array<{ version: string; commit: string; released: boolean }> };
  const h = old.releases.find((r) => !r.released);
  return h && { name: h.version, ref: h.commit };
}

function write(file: string, text: string) {
  writeFileSync(file, text);
  console.log(`wrote ${file} (${text.length} bytes)`);
}

if (require.main === module) main();
