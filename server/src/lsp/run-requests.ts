// The run requests for authorization and QEMU scriptlets (and placement through the same
// entry): `incus/runScriptlet` runs a document against the active cluster with the kind's
// question; `incus/clusterIdentities` lists the trust store's client certificates for the
// identity picker. Both go through incus/run, the entry the CLI uses too.
import type { Connection } from "vscode-languageserver";
import { clusterIdentities, runScriptletKind, RunInputError, type RunRequest, type RunResponse } from "../incus/run";
import type { PlacementRequestHost } from "./placement-requests";

/** The request's parameters: the document and the kind's question (RunRequest without the
 *  source and snapshot, which the server supplies). */
export type RunScriptletParams = { uri: string } & DistributiveOmit<RunRequest, "source" | "snapshot" | "version">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type RunScriptletResult = { error: string; response?: undefined } | { error?: undefined; response: RunResponse; cluster: string };

export function registerRunRequests(connection: Connection, host: PlacementRequestHost): void {
  connection.onRequest("incus/runScriptlet", (params: RunScriptletParams): Promise<unknown> => runScriptletRequest(host, params));
  connection.onRequest("incus/clusterInstances", () => {
    const active = host.cluster();
    const list = (active?.snapshot.instances ?? []) as { name: string; project?: string; type?: string }[];
    // Virtual machines first: QEMU scriptlets only run for them.
    return list
      .map((i) => ({ name: i.name, project: i.project || "default", type: i.type ?? "" }))
      .sort((a, b) => Number(b.type === "virtual-machine") - Number(a.type === "virtual-machine"));
  });
  connection.onRequest("incus/clusterIdentities", () => {
    const active = host.cluster();
    return active ? { identities: clusterIdentities(active.snapshot), cluster: active.names.source } : { identities: [], cluster: "" };
  });
}

export async function runScriptletRequest(host: PlacementRequestHost, params: RunScriptletParams): Promise<RunScriptletResult> {
  const doc = host.document(params.uri);
  if (!doc) return { error: `the document ${params.uri} is not open` };
  const active = host.cluster();
  if (!active) return { error: "no active cluster could be loaded (see the Incus output)" };
  const { uri: _uri, ...question } = params;
  try {
    const version = host.settings().incusVersion || active.version;
    const extra = question.kind === "placement" ? { cluster: active.cluster } : {};
    const response = await runScriptletKind({ ...question, ...extra, source: doc.getText(), snapshot: active.snapshot, version } as RunRequest);
    return { response, cluster: active.names.source };
  } catch (e) {
    if (e instanceof RunInputError) return { error: e.message };
    return { error: `the run failed: ${(e as Error).message}` };
  }
}
