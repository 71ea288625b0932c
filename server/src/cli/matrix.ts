// `incus-scriptlet matrix FILE [--cluster S | --remote R | --socket P] [--incus-version V]
//   [--format text|json] [-- COMMAND]`: the command under every single-member failure.
import { readFileSync } from "node:fs";
import { CommandError, parsePlacementCommand } from "../incus/placement/command";
import { IncusRefusal } from "../incus/placement/incus-flags";
import { clusterFromSnapshot } from "../incus/placement/from-snapshot";
import { failureMatrix } from "../incus/scenario/matrix";
import { formatMatrixText } from "../incus/scenario/matrix-text";
import { INCUS_VERSIONS, resolveVersion } from "../incus/knowledge/versions";
import { loadClusterSource, UserError, CLUSTER_FLAGS } from "./cluster-source";
import { flag, FlagError, parseArgs } from "../util/argv";

const USAGE = `usage: incus-scriptlet matrix FILE [--cluster SNAPSHOT | --remote NAME | --socket PATH]
                             [--incus-version V] [--format text|json] [-- INCUS-COMMAND]

Runs INCUS-COMMAND (default "create --empty new-instance") with the placement scriptlet FILE
under every single-member failure: the cluster as it is, each member offline, and each member
evacuated (its instances placed first, as Incus would). Shows where every instance lands,
the scenarios that end in an error or with nowhere to go, and the instances per member after.
Exit status: 0 every scenario places everything, 1 some scenario fails, 2 usage or input error.
`;

const SPECS = [
  ...CLUSTER_FLAGS,
  { names: ["--format"], kind: "string" as const, key: "format" },
  { names: ["-h", "--help"], kind: "boolean" as const, key: "help" },
];

export const DEFAULT_COMMAND = ["create", "--empty", "new-instance"];

export function readScriptlet(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

/** --incus-version: a version our knowledge maps to a release, else a usage error. */
export function knownVersion(input: string | undefined): string | undefined {
  if (input === undefined || resolveVersion(input)) return input;
  throw new UserError(`unknown Incus version "${input}"; known versions: ${INCUS_VERSIONS.join(", ")} (or a release number such as 6.0.4 or 7.3.0)`);
}

export function outputFormat(value: string | undefined): "text" | "json" {
  const format = value ?? "text";
  if (format !== "text" && format !== "json") throw new UserError(`--format must be text or json, not "${format}"`);
  return format;
}

export async function matrixCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, SPECS);
    if (flag(args, "help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    const [file, ...extra] = args.positional;
    if (!file || extra.length) throw new UserError("matrix takes one scriptlet FILE; put the incus command after --");
    const format = outputFormat(flag(args, "format"));
    const src = readScriptlet(file);
    const argvCommand = args.rest.length ? args.rest : DEFAULT_COMMAND;
    const op = parsePlacementCommand(argvCommand);
    const { snapshot, label, warnings } = await loadClusterSource({ cluster: flag(args, "cluster"), remote: flag(args, "remote"), socket: flag(args, "socket") });
    for (const w of warnings) process.stderr.write(`${w}\n`);
    const cluster = clusterFromSnapshot(snapshot);
    const result = await failureMatrix(cluster, src, op, { version: knownVersion(flag(args, "version")), localMember: cluster.localMember, commandText: argvCommand.join(" ") });
    process.stdout.write(format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatMatrixText(result, label));
    return result.scenarios.some((s) => s.outcome !== "ok") ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof CommandError || e instanceof IncusRefusal || e instanceof FlagError) {
      process.stderr.write(`incus-scriptlet matrix: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
