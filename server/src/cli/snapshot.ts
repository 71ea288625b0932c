// `incus-scriptlet snapshot`: capture a cluster snapshot, read-only, from a unix socket or a
// remote of the incus client config, and write it as YAML (or JSON for a .json file).
import { writeFileSync } from "node:fs";
import { captureSnapshot } from "../incus/client/capture";
import { isIncusClientError } from "../incus/client/errors";
import { IncusClient, DEFAULT_TIMEOUT_MS } from "../incus/client/http";
import { remoteTarget, unixTarget, type ConnectionTarget } from "../incus/client/target";
import { formatForFile, formatSnapshot } from "../incus/snapshot/write";

const USAGE = `usage: incus-scriptlet snapshot [--remote NAME | --socket PATH] [-o FILE] [--timeout SECONDS]

Capture the cluster's state (members, groups, projects, profiles, instances, storage pools,
per-member resources and state, warnings) with read-only API requests and write it as a
snapshot: YAML, or JSON when FILE ends in .json; stdout when no -o is given.

  --remote NAME     a remote of the incus client config ($INCUS_CONF or ~/.config/incus)
  --socket PATH     a unix socket (default: $INCUS_SOCKET, $INCUS_DIR/unix.socket,
                    /run/incus/unix.socket, /var/lib/incus/unix.socket)
  -o, --output FILE where to write (name it *.incus-cluster.yaml for editor validation)
  --timeout SECONDS per request (default ${DEFAULT_TIMEOUT_MS / 1000})
`;

interface SnapshotArgs {
  remote?: string;
  socket?: string;
  output?: string;
  timeoutMs: number;
}

function parseArgs(argv: string[]): SnapshotArgs | { error: string } | "help" {
  const args: SnapshotArgs = { timeoutMs: DEFAULT_TIMEOUT_MS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--remote":
        args.remote = value();
        if (!args.remote) return { error: "--remote needs a remote name" };
        break;
      case "--socket":
        args.socket = value();
        if (!args.socket) return { error: "--socket needs a path" };
        break;
      case "-o":
      case "--output":
        args.output = value();
        if (!args.output) return { error: `${flag} needs a file name` };
        break;
      case "--timeout": {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds <= 0) return { error: "--timeout needs a positive number of seconds" };
        args.timeoutMs = Math.round(seconds * 1000);
        break;
      }
      default:
        return { error: `unknown argument "${arg}"` };
    }
  }
  if (args.remote !== undefined && args.socket !== undefined) return { error: "--remote and --socket exclude each other" };
  return args;
}

export async function snapshotCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if ("error" in parsed) {
    process.stderr.write(`incus-scriptlet snapshot: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  let client: IncusClient | undefined;
  try {
    const target: ConnectionTarget = parsed.socket !== undefined || parsed.remote === undefined ? unixOrDefault(parsed) : remoteTarget(parsed.remote);
    client = new IncusClient(target, { timeoutMs: parsed.timeoutMs });
    const { document } = await captureSnapshot(client);
    const text = formatSnapshot(document, formatForFile(parsed.output), client.label);
    if (parsed.output) writeFileSync(parsed.output, text);
    else process.stdout.write(text);
    const errors = (document.capture as { errors: unknown[] }).errors;
    if (errors.length > 0) process.stderr.write(`incus-scriptlet snapshot: ${errors.length} request(s) failed; see capture.errors in the snapshot\n`);
    return 0;
  } catch (err) {
    const message = isIncusClientError(err) ? err.message : (err as Error).message;
    process.stderr.write(`incus-scriptlet snapshot: ${message}\n`);
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
