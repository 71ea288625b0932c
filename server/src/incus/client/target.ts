// Where to connect: a unix socket (found the way the Go client finds it) or an HTTPS remote
// from the user's incus client config. A target carries a label naming it in every message.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { loadClientConfig, loadTlsMaterial, type TlsMaterial } from "./cliconfig";
import { IncusClientError } from "./errors";

export type ConnectionTarget =
  | { kind: "unix"; socketPath: string; label: string }
  | { kind: "https"; url: string; remote: string; tls: TlsMaterial; label: string };

/**
 * The socket `incus` would use: $INCUS_SOCKET, else $INCUS_DIR/unix.socket, else
 * /run/incus/unix.socket when it exists, else /var/lib/incus/unix.socket.
 */
export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  if (env.INCUS_SOCKET) return env.INCUS_SOCKET;
  if (env.INCUS_DIR) return path.join(env.INCUS_DIR, "unix.socket");
  if (exists("/run/incus/unix.socket")) return "/run/incus/unix.socket";
  return "/var/lib/incus/unix.socket";
}

export function unixTarget(socketPath?: string, env: NodeJS.ProcessEnv = process.env): ConnectionTarget {
  const p = socketPath ?? defaultSocketPath(env);
  return { kind: "unix", socketPath: p, label: `unix socket ${p}` };
}

/** A named remote from the client config (`local` and `unix://` remotes map to a socket). */
export function remoteTarget(name: string | undefined, env: NodeJS.ProcessEnv = process.env): ConnectionTarget {
  const config = loadClientConfig(env);
  const remoteName = name ?? config.defaultRemote;
  const remote = config.remotes[remoteName];
  if (!remote) {
    const known = Object.keys(config.remotes).join(", ") || "none";
    throw new IncusClientError("config", `remote "${remoteName}"`, `remote "${remoteName}" is not in ${path.join(config.dir, "config.yml")} (known: ${known})`);
  }
  if (remote.protocol !== "incus") {
    throw new IncusClientError("config", `remote "${remoteName}"`, `remote "${remoteName}" is a ${remote.protocol} image server, not an Incus server`);
  }
  if (remote.addr.startsWith("unix:")) {
    const p = remote.addr.replace(/^unix:(\/\/)?/, "");
    return unixTarget(p === "" ? undefined : p, env);
  }
  const url = remote.addr.replace(/\/+$/, "");
  if (!/^https:\/\//.test(url)) {
    throw new IncusClientError("config", `remote "${remoteName}"`, `remote "${remoteName}" has address ${remote.addr}; only https:// and unix:// are supported`);
  }
  return { kind: "https", url, remote: remoteName, tls: loadTlsMaterial(config, remoteName), label: `remote "${remoteName}" (${url})` };
}
