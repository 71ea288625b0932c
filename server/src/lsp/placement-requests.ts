// Custom requests of the VS Code client: run the placement simulator on a document against
// the active cluster (`incus/runPlacement`) and reload the cluster (`incus/refreshCluster`).
import type { Connection } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { simulateCommand } from "../incus/placement/simulate";
import type { ActiveCluster } from "./cluster-context";
import type { Settings } from "./settings";

export interface PlacementRequestHost {
  document(uri: string): TextDocument | undefined;
  cluster(): ActiveCluster | undefined;
  settings(): Settings;
  refreshCluster(): Promise<{ ok: boolean; members?: number }>;
}

export type RunPlacementResponse =
  | { error: string; result?: undefined }
  | { error?: undefined; result: import("../incus/placement/result").SimulationResult; cluster: string; version: string };

export function registerPlacementRequests(connection: Connection, host: PlacementRequestHost): void {
  connection.onRequest("incus/runPlacement", (params: { uri: string; command?: string[] }): Promise<unknown> => runPlacement(host, params));
  connection.onRequest("incus/refreshCluster", () => host.refreshCluster());
}

async function runPlacement(host: PlacementRequestHost, params: { uri: string; command?: string[] }): Promise<RunPlacementResponse> {
  const doc = host.document(params.uri);
  if (!doc) return { error: `the document ${params.uri} is not open` };
  const active = host.cluster();
  if (!active) return { error: "no active cluster could be loaded (see the Incus output)" };
  try {
    const command = params.command?.length ? params.command : ["create", "--empty", "new-instance"];
    const version = host.settings().incusVersion || active.version;
    const result = await simulateCommand(active.cluster, doc.getText(), command, { version, localMember: active.cluster.localMember });
    return { result, cluster: active.names.source, version };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
