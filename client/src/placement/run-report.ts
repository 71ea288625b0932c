// A placement run as the extension reports it: the simulator's result plus what was run where.
import type { SimulationResult } from "../../../server/src/incus/placement/result";

export interface RunReport {
  result: SimulationResult;
  /** The scriptlet file (fsPath or URI text). */
  file: string;
  /** The cluster, as labelled in the sidebar. */
  cluster: string;
  incusVersion: string;
  command: string[];
  /** Who ran the simulation: the language server, or the extension itself when the server could not. */
  via: "language-server" | "extension-host";
  ranAt: Date;
}
