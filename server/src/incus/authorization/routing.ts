// Whether the chosen Incus version would ask the scriptlet at all for this identity, and
// which surprises to show.
//  - releases without client routing (6.0.x, 7.0–7.2: no internal/server/auth/router.go; the
//    knowledge manifest records it per release): every non-unix client is asked when
//    authorization.scriptlet is set, and a restricted certificate's project limit is NOT applied
//    (seen on 6.0.4; driver_scriptlet.go at v6.0.4 has no restriction check).
//  - from 7.3.0: the router (internal/server/auth/router.go) sends each client class to a
//    driver named by authorization.client.<class> (else authorization.client.default, else
//    the built-in route: tls → allow, tls-restricted → tls, oidc → allow).
import type { Identity } from "./identity";
import { releaseInfo } from "../knowledge/versions";

const DEFAULT_ROUTES_7: Record<string, string> = { tls: "allow", "tls-restricted": "tls", oidc: "allow" };

export function clientClass(identity: Identity): string {
  if (identity.protocol === "oidc") return "oidc";
  return identity.restricted ? "tls-restricted" : "tls";
}

export interface Routing {
  /** False when the version would not run the scriptlet for this client. */
  asksScriptlet: boolean;
  /** The driver that decides instead (7.x). */
  driver: string;
  notes: string[];
}

export function routing(identity: Identity, version: string, serverConfig: Record<string, string>): Routing {
  if (identity.protocol === "unix") {
    return { asksScriptlet: false, driver: "unix", notes: ["Incus never asks the authorization scriptlet about requests over the unix socket: everything is allowed"] };
  }
  const notes: string[] = [];
  // Whether the release routes per client class is read from its sources (internal/server/auth/router.go).
  if (!releaseInfo(version).facts.authorizationClientRouting) {
    if (identity.restricted) {
      notes.push(
        `${identity.label} is a restricted certificate (projects: ${identity.projects.join(", ") || "none"}), but while authorization.scriptlet is set Incus ${version} does not apply that limit: only the scriptlet decides`,
      );
    }
    return { asksScriptlet: true, driver: "scriptlet", notes };
  }
  const cls = clientClass(identity);
  const driver = serverConfig[`authorization.client.${cls}`] || serverConfig["authorization.client.default"] || DEFAULT_ROUTES_7[cls] || "deny";
  if (driver !== "scriptlet") {
    notes.push(`Incus ${version} routes client class ${cls} to the "${driver}" driver (authorization.client.${cls}); the scriptlet would not be asked; the results show what it would answer if routed to it`);
  }
  return { asksScriptlet: driver === "scriptlet", driver, notes };
}
