// For the extension tests under the vscode mock: the real language server over stdio as the
// extension's ServerChannel (in VS Code it is a LanguageClient over IPC). The server pulls the
// mock's `incus.*` settings and hears when they change, as VS Code's client makes it.
import type { Log } from "../../client/src/output";
import type { ServerChannel } from "../../client/src/language/language-client";
import { ProtocolClient } from "../support/protocol-client";
import type { MockState } from "./vscode-mock";

/** The mock's settings as the nested `incus` section VS Code sends. */
function section(state: MockState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of state.settings) {
    if (!key.startsWith("incus.")) continue;
    const parts = key.slice("incus.".length).split(".");
    let into = out;
    for (const p of parts.slice(0, -1)) into = (into[p] ??= {}) as Record<string, unknown>;
    into[parts[parts.length - 1]] = value;
  }
  return out;
}

/** Makes the extension start the real server over stdio; returns the clients it started. */
export function useStdioServer(state: MockState, env: () => NodeJS.ProcessEnv = () => process.env): ProtocolClient[] {
  const started: ProtocolClient[] = [];
  // Loaded here, not at the top: `vscode` resolves only once the mock is installed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setServerChannelFactory } = require("../../client/src/language/language-client") as typeof import("../../client/src/language/language-client");
  setServerChannelFactory(async (_log: Log): Promise<ServerChannel> => {
    const client = new ProtocolClient({ settings: () => section(state), env: env() });
    started.push(client);
    await client.initialize();
    const sub = state.configurationChanged.event(() => void client.settingsChanged());
    return {
      sendRequest: (type, ...args) => (client.conn.sendRequest as (...a: unknown[]) => Promise<unknown>)(type, ...args),
      onNotification: (type, handler) => client.conn.onNotification(type, handler),
      sendNotification: (type, params) => client.conn.sendNotification(type.method, params),
      stop: async () => {
        sub.dispose();
        await client.close();
      },
    };
  });
  return started;
}
