// A placement scriptlet loaded once and simulated against many clusters and commands: what
// the scenario tools (diff, matrix) do thousands of times. simulate() loads the scriptlet
// (compile, a sandbox session, the program's initialisation) per call, which costs far more
// than a placement itself; here that happens once, and the sandbox keeps its interned
// members and count tables across placements (kept in step incrementally when the cluster
// is edited in place, see cluster-edits.ts).
import type { PlacementCluster } from "./cluster";
import type { PlacementOperation } from "./command";
import type { SimulationResult } from "./result";
import { runOperation, type SimulateOptions } from "./simulate";
import { PlacementScriptlet } from "./scriptlet-runner";

export class PlacementSimulator {
  private constructor(
    private readonly src: string,
    private scriptlet: PlacementScriptlet,
  ) {}

  /** Compiles `src` for Incus `version` and readies a sandbox session for it. */
  static async open(src: string, version: string): Promise<PlacementSimulator> {
    return new PlacementSimulator(src, await PlacementScriptlet.load(src, version));
  }

  get version(): string {
    return this.scriptlet.version;
  }

  /** What simulate(cluster, src, op, {version, ...opts}) gives, without loading again. */
  async simulate(cluster: PlacementCluster, op: PlacementOperation, opts: Omit<SimulateOptions, "version"> = {}): Promise<SimulationResult> {
    // A run stopped by one of the tool's limits may have left the session unusable: the
    // next operation starts from a fresh one, as a separate simulate() would.
    if (!this.scriptlet.usable) {
      const version = this.scriptlet.version;
      this.scriptlet.dispose();
      this.scriptlet = await PlacementScriptlet.load(this.src, version);
    }
    return runOperation(this.scriptlet, cluster, op, opts);
  }

  dispose(): void {
    this.scriptlet.dispose();
  }
}
