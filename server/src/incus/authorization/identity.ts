// Who is asking: `tls:NAME` (a client certificate of the cluster's trust store, by name or
// fingerprint prefix, else a new unrestricted one) or `oidc:USER` with claims. Resolved to what
// Incus puts in the request context: the user name (a certificate's full lower-case SHA-256
// fingerprint; for OIDC the `oidc.claim` claim, else `email`, else the subject — see
// internal/server/auth/oidc/oidc.go, v6.0.4 and v7.3.0) and the protocol.
import { createHash } from "node:crypto";
import type { Certificate } from "../snapshot/api/certificate";

export class IdentityError extends Error {}

export interface Identity {
  /** As the user wrote it (`tls:alice`). */
  label: string;
  protocol: "tls" | "oidc" | "unix";
  /** What Incus hands the scriptlet as details.Username. */
  username: string;
  /** The trust store entry (TLS clients found in the snapshot). */
  certificate?: Certificate;
  restricted: boolean;
  /** Projects of a restricted certificate. */
  projects: string[];
  /** Things the simulator had to assume. */
  notes: string[];
}

export interface IdentityOptions {
  certificates: readonly Certificate[];
  /** `--claim KEY=VALUE` pairs (OIDC). */
  claims?: Record<string, string>;
  /** The server's `oidc.claim` config (which claim names the user). */
  oidcClaim?: string;
}

export function parseClaims(pairs: readonly string[]): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new IdentityError(`--claim wants KEY=VALUE, got "${p}"`);
    claims[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return claims;
}

export function resolveIdentity(id: string, opts: IdentityOptions): Identity {
  // The unix socket (and cluster-internal requests) are never asked about (seen on 6.0.4;
  // requestDetails.isInternalOrUnix in internal/server/auth/driver_common.go).
  if (id === "unix") return { label: id, protocol: "unix", username: "", restricted: false, projects: [], notes: [] };
  const colon = id.indexOf(":");
  const scheme = colon < 0 ? "" : id.slice(0, colon);
  const name = colon < 0 ? id : id.slice(colon + 1);
  if (!name) throw new IdentityError(`--identity "${id}": the name after "${scheme}:" is empty`);
  if (scheme === "tls") return tlsIdentity(id, name, opts);
  if (scheme === "oidc") return oidcIdentity(id, name, opts);
  throw new IdentityError(`--identity "${id}": want tls:NAME, oidc:USER or unix`);
}

function tlsIdentity(label: string, name: string, opts: IdentityOptions): Identity {
  const lower = name.toLowerCase();
  const cert =
    opts.certificates.find((c) => c.name === name && c.type !== "server") ??
    opts.certificates.find((c) => c.name === name) ??
    (/^[0-9a-f]{6,64}$/.test(lower) ? opts.certificates.find((c) => c.fingerprint.startsWith(lower)) : undefined);
  if (cert) {
    return {
      label, protocol: "tls", username: cert.fingerprint, certificate: cert,
      restricted: cert.restricted, projects: cert.projects ?? [], notes: [],
    };
  }
  // Not in the trust store: a certificate the operator is about to add, unrestricted. Its
  // fingerprint is unknown, so a stable stand-in is made from the name.
  const fingerprint = createHash("sha256").update(`incus-scriptlet:${name}`).digest("hex");
  return {
    label, protocol: "tls", username: fingerprint, restricted: false, projects: [],
    notes: [
      `"${name}" is not in the cluster's trust store: simulated as a new unrestricted client certificate with the stand-in fingerprint ${fingerprint} (Incus refuses untrusted certificates before any scriptlet runs)`,
    ],
  };
}

function oidcIdentity(label: string, user: string, opts: IdentityOptions): Identity {
  const claims = opts.claims ?? {};
  const notes: string[] = [];
  let username = user;
  if (opts.oidcClaim) {
    const v = claims[opts.oidcClaim];
    if (!v) throw new IdentityError(`OIDC user is missing required claim "${opts.oidcClaim}" (the server sets oidc.claim; pass --claim ${opts.oidcClaim}=VALUE)`);
    username = v;
  } else if (claims.email) {
    username = claims.email;
  } else {
    notes.push(`no email claim: Incus names the OIDC user by its subject, taken to be "${user}"`);
  }
  return { label, protocol: "oidc", username, restricted: false, projects: [], notes };
}
