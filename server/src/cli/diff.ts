// `incus-scriptlet diff OLD.star NEW.star [--cluster S | --remote R | --socket P]
//   [--incus-version V] [--format text|json]`: what a scriptlet change would move.
import { clusterFromSnapshot } from "../incus/placement/from-snapshot";
import { placementDiff } from "../incus/scenario/diff";
import { formatDiffText } from "../incus/scenario/diff-text";
import { loadClusterSource, UserError, CLUSTER_FLAGS } from "./cluster-source";
import { knownVersion, outputFormat, readScriptlet } from "./matrix";
import { flag, FlagError, parseArgs } from "../util/argv";

const USAGE = `usage: incus-scriptlet diff OLD.star NEW.star [--cluster SNAPSHOT | --remote NAME | --socket PATH]
                                [--incus-version V] [--format text|json]

Replays every instance of the cluster as a new creation request (its project, profiles, config
and type) and evacuates every online member, under the OLD and the NEW placement scriptlet:
placements that change, errors that appear or disappear, and per-member counts before/after.
Exit status: 0 no change, 1 some placement changes, 2 usage or input error.
`;

const SPECS = [
  ...CLUSTER_FLAGS,
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

export async function diffCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const files = [...args.positional, ...args.rest];
    if (files.length !== 2) throw new UserError("diff takes two scriptlet files: OLD.star NEW.star");
    const format = outputFormat(flag(args, "format"));
    const [oldSrc, newSrc] = files.map(readScriptlet);
    const { snapshot, label, warnings } = await loadClusterSource({ cluster: flag(args, "cluster"), remote: flag(args, "remote"), socket: flag(args, "socket") });
    for (const w of warnings) process.stderr.write(`${w}\n`);
    const cluster = clusterFromSnapshot(snapshot);
    const result = await placementDiff(cluster, oldSrc, newSrc, { version: knownVersion(flag(args, "version")), localMember: cluster.localMember });
    process.stdout.write(format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatDiffText(result, files[0], files[1], label));
    return result.changes.length ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof FlagError) {
      process.stderr.write(`incus-scriptlet diff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
