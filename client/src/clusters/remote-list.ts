// The remotes of the user's incus client config that are Incus servers (image servers left out),
// `local` (the unix socket) always among them. No vscode here.
import { loadClientConfig } from "../../../server/src/incus/client/cliconfig";

export interface RemoteEntry {
  name: string;
  addr: string;
  isDefault: boolean;
}

export function incusRemotes(env: NodeJS.ProcessEnv): { remotes: RemoteEntry[]; defaultRemote: string } {
  const config = loadClientConfig(env);
  const remotes = Object.entries(config.remotes)
    .filter(([, r]) => r.protocol === "incus")
    .map(([name, r]) => ({ name, addr: r.addr === "unix://" ? "unix socket" : r.addr, isDefault: name === config.defaultRemote }))
    .sort((a, b) => (a.name === "local" ? -1 : b.name === "local" ? 1 : a.name.localeCompare(b.name)));
  return { remotes, defaultRemote: config.defaultRemote };
}
