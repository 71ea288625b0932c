// The authorization run as the CLI, the language server and the client share it: resolve the
// identity against the snapshot's trust store, shape `details` for the version, ask the
// scriptlet one question (run) or every question the snapshot allows (access matrix).
import type { ClusterSnapshot } from "../snapshot";
import { AuthorizationScriptlet, PERMISSION_DENIED, type LogLine } from "./authorize";
import { detailsShape, detailsValue, NoAuthorizationScriptlet } from "./details";
import { resolveIdentity, type Identity } from "./identity";
import { entitlementsFor, parseObject } from "./model";
import { snapshotObjects } from "./objects";
import { routing } from "./routing";

export class AuthorizationInputError extends Error {}

export interface AuthorizationRunInput {
  source: string;
  snapshot: ClusterSnapshot;
  /** `tls:NAME` or `oidc:USER`. */
  identity: string;
  claims?: Record<string, string>;
  /** Incus version to behave as (default: the snapshot's). */
  version?: string;
  timeoutMs?: number;
}

export interface AuthorizationRunResult {
  allowed: boolean;
  logs: LogLine[];
  error: string | null;
  /** What Incus answers: the request proceeds, or its 403 text. */
  incusAnswer: string;
  version: string;
  identity: { label: string; protocol: string; username: string; restricted: boolean; projects: string[] };
  details: string;
  notes: string[];
}

function versionOf(input: AuthorizationRunInput): string {
  const version = input.version ?? input.snapshot.server.environment.server_version;
  try {
    detailsShape(version);
  } catch (e) {
    if (e instanceof NoAuthorizationScriptlet) throw new AuthorizationInputError(e.message);
    throw e;
  }
  return version;
}

function identityOf(input: AuthorizationRunInput): Identity {
  const config = (input.snapshot.server.config ?? {}) as Record<string, string>;
  try {
    return resolveIdentity(input.identity, { certificates: input.snapshot.certificates ?? [], claims: input.claims, oidcClaim: config["oidc.claim"] || undefined });
  } catch (e) {
    throw new AuthorizationInputError((e as Error).message);
  }
}

function identitySummary(id: Identity): AuthorizationRunResult["identity"] {
  return { label: id.label, protocol: id.protocol, username: id.username, restricted: id.restricted, projects: id.projects };
}

/** One question: may IDENTITY have ENTITLEMENT on OBJECT? */
export async function runAuthorization(
  input: AuthorizationRunInput & { object: string; entitlement: string; project?: string; allProjects?: boolean },
): Promise<AuthorizationRunResult> {
  const version = versionOf(input);
  let parsed;
  try {
    parsed = parseObject(input.object, version);
  } catch (e) {
    throw new AuthorizationInputError(`--object "${input.object}": ${(e as Error).message}`);
  }
  const applies = entitlementsFor(parsed.type, version) ?? [];
  if (!applies.includes(input.entitlement)) {
    throw new AuthorizationInputError(`--entitlement "${input.entitlement}" does not apply to ${parsed.type} objects in Incus ${version}; one of: ${applies.join(", ")}`);
  }
  const identity = identityOf(input);
  const req = { project: input.project ?? "default", allProjects: input.allProjects ?? false };
  if (identity.protocol === "unix") {
    return {
      allowed: true, logs: [], error: null, incusAnswer: "allowed", version, identity: identitySummary(identity), details: "(none)",
      notes: ["Incus never asks the authorization scriptlet about requests over the unix socket"],
    };
  }
  const details = detailsValue(identity, req, version);
  const scriptlet = await AuthorizationScriptlet.load(input.source, version, { timeoutMs: input.timeoutMs });
  try {
    const notes = [...identity.notes, ...routing(identity, version, (input.snapshot.server.config ?? {}) as Record<string, string>).notes];
    if (scriptlet.validationError) notes.push(`Incus refuses to set authorization.scriptlet to this file: ${scriptlet.validationError}`);
    const d = await scriptlet.check(details, input.object, input.entitlement);
    return {
      ...d,
      incusAnswer: d.error ?? (d.allowed ? "allowed" : `403 ${PERMISSION_DENIED}`),
      version,
      identity: identitySummary(identity),
      details: describeDetails(identity, req, version),
      notes,
    };
  } finally {
    scriptlet.dispose();
  }
}

function describeDetails(identity: Identity, req: { project: string; allProjects: boolean }, version: string): string {
  const fields = `Username=${identity.username} Protocol=${identity.protocol} IsAllProjectsRequest=${req.allProjects ? "True" : "False"} ProjectName=${req.project}`;
  return detailsShape(version) === "flat" ? `RequestDetails{${fields}}` : `{RequestDetails{${fields}}, Chain, Certificate}`;
}

export type CellDecision = "allowed" | "denied" | "error";

export interface MatrixCell {
  entitlement: string;
  decision: CellDecision;
  error?: string;
  logs?: LogLine[];
  /** Allowed although a restricted certificate's projects do not include the object's project. */
  outsideRestriction?: boolean;
}

export interface MatrixRow {
  object: string;
  type: string;
  project: string;
  cells: MatrixCell[];
  /** What get_instance_access / get_project_access answer for this object (when defined):
   *  Incus lists them as {identifier, role "unknown", provider "scriptlet"} in /access. */
  access?: { identifiers: string[]; error: string | null; logs: LogLine[] };
}

export interface AccessMatrix {
  version: string;
  identity: AuthorizationRunResult["identity"];
  asksScriptlet: boolean;
  rows: MatrixRow[];
  /** Every entitlement that appears, in first-seen order (the view's columns). */
  entitlements: string[];
  counts: Record<CellDecision, number>;
  notes: string[];
  validationError?: string;
}

/** Every object of the snapshot × every entitlement that applies to it. Each question is a
 *  request about that object in its own project (`details.ProjectName`). */
export async function accessMatrix(input: AuthorizationRunInput): Promise<AccessMatrix> {
  const version = versionOf(input);
  const identity = identityOf(input);
  const route = routing(identity, version, (input.snapshot.server.config ?? {}) as Record<string, string>);
  const scriptlet = await AuthorizationScriptlet.load(input.source, version, { timeoutMs: input.timeoutMs });
  const counts: Record<CellDecision, number> = { allowed: 0, denied: 0, error: 0 };
  const entitlements: string[] = [];
  const rows: MatrixRow[] = [];
  let outside = 0;
  try {
    for (const o of snapshotObjects(input.snapshot, version)) {
      const details = detailsValue(identity, { project: o.project, allProjects: false }, version);
      const cells: MatrixCell[] = [];
      for (const e of o.entitlements) {
        if (!entitlements.includes(e)) entitlements.push(e);
        const d = identity.protocol === "unix" ? { allowed: true, logs: [], error: null } : await scriptlet.check(details, o.object, e);
        const decision: CellDecision = d.error ? "error" : d.allowed ? "allowed" : "denied";
        counts[decision]++;
        const cell: MatrixCell = { entitlement: e, decision };
        if (d.error) cell.error = d.error;
        if (d.logs.length) cell.logs = d.logs;
        if (decision === "allowed" && identity.restricted && o.type !== "server" && o.project && !isServerWide(o.type) && !identity.projects.includes(o.project)) {
          cell.outsideRestriction = true;
          outside++;
        }
        cells.push(cell);
      }
      const row: MatrixRow = { object: o.object, type: o.type, project: o.project, cells };
      if (o.type === "instance" && scriptlet.defines("get_instance_access")) {
        row.access = await scriptlet.access("get_instance_access", [["project_name", o.project], ["instance_name", o.object.slice(o.object.indexOf("/") + 1).split("%2F").join("/")]]);
      } else if (o.type === "project" && scriptlet.defines("get_project_access")) {
        row.access = await scriptlet.access("get_project_access", [["project_name", o.project]]);
      }
      rows.push(row);
    }
  } finally {
    scriptlet.dispose();
  }
  const notes = [...identity.notes, ...route.notes];
  if (outside) notes.push(`${outside} allowed cell(s) lie outside the projects ${identity.label} is restricted to (${identity.projects.join(", ") || "none"})`);
  return {
    version, identity: identitySummary(identity), asksScriptlet: route.asksScriptlet, rows, entitlements, counts, notes,
    ...(scriptlet.validationError ? { validationError: scriptlet.validationError } : {}),
  };
}

function isServerWide(type: string): boolean {
  return type === "certificate" || type === "storage_pool" || type === "network_integration";
}
