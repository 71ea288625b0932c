// One entry per scriptlet kind, shared by the CLI (`run`, `access`), the language server's run
// requests and so the VS Code client: given the scriptlet, the cluster snapshot and the kind's
// question, answer it. Bad input (an unknown instance, an object Incus would never name, a
// broken fixture) is a RunInputError with a message for the user; everything else is a result.
import type { ClusterSnapshot } from "../snapshot";
import { clusterFromSnapshot } from "../placement/from-snapshot";
import type { PlacementCluster } from "../placement/cluster";
import { CommandError, parsePlacementCommand } from "../placement/command";
import { simulate } from "../placement/simulate";
import type { SimulationResult } from "../placement/result";
import { accessMatrix, AuthorizationInputError, runAuthorization, type AccessMatrix, type AuthorizationRunResult } from "../authorization/service";
import { IdentityError } from "../authorization/identity";
import { FixtureError, loadFixture } from "../qemu/fixture";
import { runQemu, type QemuRunResult, type QemuStage } from "../qemu/run";

export class RunInputError extends Error {}

interface Common {
  source: string;
  snapshot: ClusterSnapshot;
  /** Incus version to behave as (default: the snapshot's). */
  version?: string;
}

export type RunRequest =
  | (Common & { kind: "placement"; command?: string[]; cluster?: PlacementCluster & { localMember: string } })
  | (Common & { kind: "authorization"; identity: string; object: string; entitlement: string; project?: string; allProjects?: boolean; claims?: Record<string, string> })
  | (Common & { kind: "access"; identity: string; claims?: Record<string, string> })
  | (Common & { kind: "qemu"; instance: string; project?: string; stage?: QemuStage; fixture?: string });

export type RunResponse =
  | { kind: "placement"; version: string; result: SimulationResult }
  | { kind: "authorization"; version: string; result: AuthorizationRunResult }
  | { kind: "access"; version: string; result: AccessMatrix }
  | { kind: "qemu"; version: string; result: QemuRunResult };

export async function runScriptletKind(req: RunRequest): Promise<RunResponse> {
  const version = req.version ?? req.snapshot.server.environment.server_version;
  try {
    switch (req.kind) {
      case "placement": {
        const cluster = req.cluster ?? clusterFromSnapshot(req.snapshot);
        const op = parsePlacementCommand(req.command?.length ? req.command : ["create", "--empty", "new-instance"]);
        return { kind: "placement", version, result: await simulate(cluster, req.source, op, { version, localMember: cluster.localMember }) };
      }
      case "authorization":
        return { kind: "authorization", version, result: await runAuthorization({ ...req, version }) };
      case "access":
        return { kind: "access", version, result: await accessMatrix({ ...req, version }) };
      case "qemu": {
        const project = req.project ?? "default";
        const instance = (req.snapshot.instances as (Record<string, unknown> & { name: string; project?: string; type?: string; config?: Record<string, string> })[])
          .find((i) => i.name === req.instance && (i.project || "default") === project);
        if (!instance) throw new RunInputError(`instance "${req.instance}" is not in project "${project}" of the cluster`);
        const fixture = loadFixture(req.fixture, { name: instance.name, uuid: instance.config?.["volatile.uuid"] });
        const result = await runQemu({ source: req.source, instance, version, fixture, stages: req.stage ? [req.stage] : undefined });
        if (instance.type && instance.type !== "virtual-machine") result.notes.push(`${instance.name} is a ${instance.type}: Incus runs QEMU scriptlets for virtual machines only; simulated anyway`);
        return { kind: "qemu", version, result };
      }
    }
  } catch (e) {
    if (e instanceof CommandError || e instanceof AuthorizationInputError || e instanceof IdentityError || e instanceof FixtureError) throw new RunInputError(e.message);
    throw e;
  }
}

/** The identities a client can offer for a cluster: its trust store's client certificates. */
export function clusterIdentities(snapshot: ClusterSnapshot): { id: string; label: string; detail: string }[] {
  return (snapshot.certificates ?? [])
    .filter((c) => c.type === "client")
    .map((c) => ({
      id: `tls:${c.name || c.fingerprint.slice(0, 12)}`,
      label: c.name || c.fingerprint.slice(0, 12),
      detail: `${c.fingerprint.slice(0, 12)}${c.restricted ? ` · restricted to ${(c.projects ?? []).join(", ") || "no project"}` : " · unrestricted"}`,
    }));
}
