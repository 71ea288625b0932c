// `incus-scriptlet snapshot`: capture a cluster snapshot, read-only, from a unix socket or a
// remote of the incus client config, and write it as YAML (or JSON for a .json file).
import { writeFileSync } from "node:fs";
import { captureSnapshot } from "../incus/client/capture";
import { isIncusClientError } from "../incus/client/errors";
import { IncusClient, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from "../incus/client/http";
import { remoteTarget, unixTarget, type ConnectionTarget } from "../incus/client/target";
import { flag, FlagError, parseArgs, type FlagSpec } from "../util/argv";
import { formatForFile, formatSnapshot } from "../incus/snapshot/write";
import { writeErr, writeOut } from "./output";

const USAGE = `usage: incus-scriptlet snapshot [--remote NAME | --socket PATH] [-o FILE] [--timeout SECONDS]

Capture the cluster's state (members, groups, projects, profiles, instances, storage pools,
per-member resources and state, warnings) with read-only API requests and write it as a
snapshot: YAML, or JSON when FILE ends in .json; stdout when no -o is given.

  --remote NAME     a remote of the incus client config ($INCUS_CONF or ~/.config/incus)
  --socket PATH     a unix socket (default: $INCUS_SOCKET, $INCUS_DIR/unix.socket,
                    /run/incus/unix.socket, /var/lib/incus/unix.socket)
  -o, --output FILE where to write ("-": stdout; name it *.incus-cluster.yaml for editor validation)
  --timeout SECONDS per request, until its whole answer arrived (default ${DEFAULT_TIMEOUT_MS / 1000})
  --max-body-mb N   largest answer accepted per request (default ${DEFAULT_MAX_BODY_BYTES / 1048576})
`;

interface SnapshotArgs {
  remote?: string;
  socket?: string;
  output?: string;
  timeoutMs: number;
  maxBodyBytes: number;
}

const SPECS: FlagSpec[] = [
  { names: ["-h", "--help"], kind: "boolean", key: "help" },
  { names: ["--remote"], kind: "string", key: "remote" },
  { names: ["--socket"], kind: "string", key: "socket" },
  { names: ["-o", "--output"], kind: "string", key: "output" },
  { names: ["--timeout"], kind: "string", key: "timeout" },
  { names: ["--max-body-mb"], kind: "string", key: "maxBody" },
];

function parseSnapshotArgs(argv: string[]): SnapshotArgs | { error: string } | "help" {
  let parsed;
  try {
    parsed = parseArgs(argv, SPECS);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    return { error: e.problem === "unknown" ? `unknown argument "${e.flagName}"` : `${e.flagName} needs a value` };
  }
  if (flag(parsed, "help")) return "help";
  const extra = [...parsed.positional, ...parsed.rest];
  if (extra.length) return { error: `unknown argument "${extra[0]}"` };
  const args: SnapshotArgs = { timeoutMs: DEFAULT_TIMEOUT_MS, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, remote: flag(parsed, "remote"), socket: flag(parsed, "socket"), output: flag(parsed, "output") };
  for (const [key, what] of [["remote", "a remote name"], ["socket", "a path"], ["output", "a file name"]] as const) {
    if (args[key] === "") return { error: `--${key} needs ${what}` };
  }
  const timeout = flag(parsed, "timeout");
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) return { error: "--timeout needs a positive number of seconds" };
    args.timeoutMs = Math.round(seconds * 1000);
  }
  const maxBody = flag(parsed, "maxBody");
  if (maxBody !== undefined) {
    const mb = Number(maxBody);
    if (!Number.isFinite(mb) || mb <= 0) return { error: "--max-body-mb needs a positive number of MiB" };
    args.maxBodyBytes = Math.round(mb * 1048576);
  }
  if (args.remote !== undefined && args.socket !== undefined) return { error: "--remote and --socket exclude each other" };
  return args;
}

export async function snapshotCommand(argv: string[]): Promise<number> {
  const parsed = parseSnapshotArgs(argv);
  if (parsed === "help") {
    writeOut(USAGE);
    return 0;
  }
  if ("error" in parsed) {
    writeErr(`incus-scriptlet snapshot: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  let client: IncusClient | undefined;
  try {
    const target: ConnectionTarget = parsed.socket !== undefined || parsed.remote === undefined ? unixOrDefault(parsed) : remoteTarget(parsed.remote);
    client = new IncusClient(target, { timeoutMs: parsed.timeoutMs, maxBodyBytes: parsed.maxBodyBytes });
    const { document } = await captureSnapshot(client);
    const text = formatSnapshot(document, formatForFile(parsed.output), client.label);
    if (parsed.output && parsed.output !== "-") writeFileSync(parsed.output, text);
    else writeOut(text);
    const errors = (document.capture as { errors: unknown[] }).errors;
    if (errors.length > 0) writeErr(`incus-scriptlet snapshot: ${errors.length} request(s) failed; see capture.errors in the snapshot\n`);
    return 0;
  } catch (err) {
    const message = isIncusClientError(err) ? err.message : (err as Error).message;
    writeErr(`incus-scriptlet snapshot: ${message}\n`);
    return 1;
  } finally {
    client?.close();
  }
}

/** No flag: the client config's default remote if there is a config, which is usually the local socket. */
function unixOrDefault(args: SnapshotArgs): ConnectionTarget {
  if (args.socket !== undefined) return unixTarget(args.socket);
  return remoteTarget(undefined);
}
