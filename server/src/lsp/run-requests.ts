// The run requests for authorization and QEMU scriptlets (protocol.ts: incus/runScriptlet,
// incus/clusterIdentities), answered through incus/run, the entry the CLI's `run` and `access`
// use too; and the CodeLenses over their entry functions.
import type { CodeLens, Connection } from "vscode-languageserver";
import { clusterIdentities, runScriptletKind, RunInputError, type RunRequest } from "../incus/run";
import type { Analysis } from "../language/scriptlet/analysis";
import { topLevelDefLines } from "./placement-entry";
import { specOfKey, type ConnectionSpec } from "./cluster/connection-spec";
import type { ClusterRegistry } from "./cluster/registry";
import { Requests, type RunScriptletAnswer, type RunScriptletParams } from "./protocol";
import type { Settings } from "./settings";

export interface RunRequestHost {
  registry: ClusterRegistry;
  settings(): Settings;
  activeSpec(): ConnectionSpec | { error: string };
}

export function registerRunRequests(connection: Connection, host: RunRequestHost): void {
  const specOf = (key: string | undefined): ConnectionSpec => {
    if (key !== undefined) return specOfKey(key);
    const active = host.activeSpec();
    if ("error" in active) throw new Error(active.error);
    return active;
  };
  connection.onRequest(Requests.runScriptlet, (p) => runScriptletRequest(host, specOf, p));
  connection.onRequest(Requests.clusterIdentities, async (p) => {
    try {
      const loaded = await host.registry.load(specOf(p.connection), p.force);
      return { identities: clusterIdentities(loaded.snapshot), cluster: loaded.label };
    } catch {
      return { identities: [], cluster: "" };
    }
  });
}

export async function runScriptletRequest(host: RunRequestHost, specOf: (key: string | undefined) => ConnectionSpec, p: RunScriptletParams): Promise<RunScriptletAnswer> {
  let loaded;
  try {
    loaded = await host.registry.load(specOf(p.connection), p.force);
  } catch (e) {
    return { ok: false, error: `no cluster to run on: ${(e as Error).message}` };
  }
  const version = host.settings().incusVersion || loaded.version;
  try {
    const response = await runScriptletKind({ ...p.question, source: p.scriptlet.text, snapshot: loaded.snapshot, version } as RunRequest);
    return { ok: true, response, cluster: loaded.label, connection: loaded.key, version };
  } catch (e) {
    if (e instanceof RunInputError) return { ok: false, error: e.message, cluster: loaded.label };
    return { ok: false, error: `the run failed: ${(e as Error).message}`, cluster: loaded.label };
  }
}

/** "Run authorization" over `def authorize`, "Run QEMU what-if" over `def qemu_hook`. */
export function runCodeLenses(a: Analysis, uri: string): CodeLens[] {
  const lens = { authorization: ["authorize", "$(shield) Run authorization", "incus.runAuthorization"], qemu: ["qemu_hook", "$(vm) Run QEMU what-if", "incus.runQemu"] } as const;
  const which = a.ctx.kind === "authorization" || a.ctx.kind === "qemu" ? lens[a.ctx.kind] : undefined;
  if (!which) return [];
  return topLevelDefLines(a, which[0]).map((line) => ({
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    command: { title: which[1], command: which[2], arguments: [{ uri }] },
  }));
}
