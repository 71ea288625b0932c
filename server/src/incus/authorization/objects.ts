// Every authorization object a snapshot holds, named as Incus names them, with the
// entitlements that apply (model.ts). The snapshot has no networks, images, volumes or
// buckets, so those object types do not appear.
import type { ClusterSnapshot } from "../snapshot";
import { entitlementsFor, objectName } from "./model";

export interface MatrixObject {
  object: string;
  type: string;
  /** The project a request about it would name (`?project=`); "default" for server objects. */
  project: string;
  entitlements: string[];
}

export function snapshotObjects(snapshot: ClusterSnapshot, version: string): MatrixObject[] {
  const out: MatrixObject[] = [];
  const add = (type: string, project: string, ...elements: string[]) => {
    const entitlements = entitlementsFor(type, version);
    if (!entitlements) return;
    out.push({ object: objectName(type, project, ...elements), type, project: project || "default", entitlements });
  };
  add("server", "", "incus");
  for (const c of snapshot.certificates ?? []) add("certificate", "", c.fingerprint);
  for (const p of snapshot.storage_pools as { name: string }[]) add("storage_pool", "", p.name);
  for (const p of snapshot.projects as { name: string }[]) add("project", p.name);
  for (const [project, profiles] of Object.entries(snapshot.profiles as Record<string, { name: string }[]>)) {
    for (const p of profiles) add("profile", project, p.name);
  }
  for (const i of snapshot.instances as { name: string; project?: string }[]) add("instance", i.project || "default", i.name);
  return out;
}
