// What the YAML language service knows besides the text: the Incus version, and when a cluster
// is active its snapshot (pools with drivers, groups, members) and the live server's key texts.
import type { ClusterSnapshot } from "../../incus/snapshot";

export interface YamlContext {
  /** Incus version ("6.0.4", "7.3", ...): which keys exist and which values they accept. */
  version: string;
  cluster?: { snapshot: ClusterSnapshot };
  /** The live server's description of a key (GET /1.0/metadata/configuration), when connected. */
  liveDescriptions?: (entity: string, key: string) => string | undefined;
}
