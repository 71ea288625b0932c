// Reads the incus command-line client's configuration, so we reach a cluster the same way
// `incus` does: `$INCUS_CONF` (else ~/.config/incus) holds config.yml with the remotes,
// client.crt/client.key (our TLS identity), optional client.ca, and servercerts/REMOTE.crt,
// the server certificate pinned when the remote was added.
import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { IncusClientError } from "./errors";

const remoteSchema = z.looseObject({
  addr: z.string(),
  protocol: z.string().default("incus"),
  public: z.boolean().default(false),
  auth_type: z.string().optional(),
  project: z.string().optional(),
});

const configSchema = z.looseObject({
  "default-remote": z.string().default("local"),
  remotes: z.record(z.string(), remoteSchema).default({}),
});

export type RemoteConfig = z.infer<typeof remoteSchema>;

export interface ClientConfig {
  dir: string;
  defaultRemote: string;
  remotes: Record<string, RemoteConfig>;
}

export function clientConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INCUS_CONF) return env.INCUS_CONF;
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "incus");
}

/** The built-in remotes the incus client knows even without a config file. */
const BUILTIN_REMOTES: Record<string, RemoteConfig> = {
  local: { addr: "unix://", protocol: "incus", public: false },
};

export function loadClientConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const dir = clientConfigDir(env);
  const file = path.join(dir, "config.yml");
  if (!existsSync(file)) return { dir, defaultRemote: "local", remotes: { ...BUILTIN_REMOTES } };
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new IncusClientError("config", file, `cannot read incus client config ${file}: ${(err as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new IncusClientError("config", file, `incus client config ${file} is invalid at ${first.path.join(".")}: ${first.message}`);
  }
  return { dir, defaultRemote: parsed.data["default-remote"], remotes: { ...BUILTIN_REMOTES, ...parsed.data.remotes } };
}

export interface TlsMaterial {
  cert?: string;
  key?: string;
  /** client.ca: when present, the CA the servers' certificates are signed by (PKI mode). */
  ca?: string;
  /** servercerts/REMOTE.crt: the server certificate pinned for this remote. */
  pinnedServerCert?: string;
  pinnedServerCertPath?: string;
}

export function loadTlsMaterial(config: ClientConfig, remote: string): TlsMaterial {
  const read = (p: string): string | undefined => (existsSync(p) ? readFileSync(p, "utf8") : undefined);
  const pinnedPath = path.join(config.dir, "servercerts", `${remote}.crt`);
  return {
    cert: read(path.join(config.dir, "client.crt")),
    key: read(path.join(config.dir, "client.key")),
    ca: read(path.join(config.dir, "client.ca")),
    pinnedServerCert: read(pinnedPath),
    pinnedServerCertPath: existsSync(pinnedPath) ? pinnedPath : undefined,
  };
}
