// What the language service knows besides the text: the scriptlet kind, the Incus version
// and, when a cluster is active, the names a scriptlet can refer to.
import type { ScriptletKind } from "../../incus/knowledge/scriptlets";

export interface ClusterNames {
  /** Where the names come from ("sample", a snapshot path, "remote:NAME"). */
  source: string;
  members: string[];
  groups: string[];
  projects: string[];
}

export interface ScriptletContext {
  kind: ScriptletKind;
  /** Incus version (e.g. "6.0.4", "7.3"). */
  version: string;
  cluster?: ClusterNames;
}
