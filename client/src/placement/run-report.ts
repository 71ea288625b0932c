// A placement run as the extension reports it: the server's simulation result plus what was run
// where, and which load of the cluster it used (a later load makes it stale).
import type { SimulationResult } from "../../../server/src/lsp/protocol";

export interface RunReport {
  result: SimulationResult;
  /** The scriptlet: a file path, a URI, or "instances.placement.scriptlet of X". */
  file: string;
  /** The cluster, as labelled in the sidebar, and its connection key. */
  cluster: string;
  connection: string;
  /** The cluster load the run used: newer loads of the same connection make the result stale. */
  generation: number;
  incusVersion: string;
  command: string[];
  /** Zero-based line of `def instance_placement`, where problems without a position go. */
  entryLine: number;
  ranAt: Date;
}
