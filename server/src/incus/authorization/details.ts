// The `details` value an authorization scriptlet receives, shaped as the chosen Incus version
// marshals it.
//  - flat (6.0.0–6.0.5, 6.1–6.21): common.RequestDetails itself, type `RequestDetails`, fields
//    Username, Protocol, IsAllProjectsRequest, ProjectName (no json tags: Go names)
//    — internal/server/scriptlet/auth/auth.go and internal/server/auth/common/common.go at v6.0.4.
//  - extended (6.0.6, 6.22+, 7.x): an anonymous struct (type() is "") embedding
//    *common.RequestDetails — an embedded *pointer* is not flattened by the marshaller, so the
//    request fields sit under `details.RequestDetails` — beside `Chain` (the TLS peer
//    certificates, x509.Certificate objects) and `Certificate` (the trust store entry as
//    api.CertificatePut, None when the user has none)
//    — internal/server/scriptlet/auth/auth.go at v6.0.6 / v6.22.0 / v7.3.0 (commit c9602f8d65)
//    and shared/scriptlet/marshal.go at v7.3.0.
import { X509Certificate } from "node:crypto";
import { apiTypes } from "../knowledge/api-types";
import { releaseInfo } from "../knowledge/versions";
import { toHostValue } from "../scriptlet/host-values";
import type { HostValue } from "../../starlark/engine";
import type { Identity } from "./identity";

export type DetailsShape = "flat" | "extended";

/** Which shape a version marshals: a fact of the release manifest (knowledge/releases.json,
 *  `facts.authorizationDetails`), the one owner of it. */
export function detailsShape(version: string): DetailsShape {
  const shape = releaseInfo(version).facts.authorizationDetails;
  if (!shape) throw new NoAuthorizationScriptlet(`Incus ${version} has no authorization scriptlet (it came in 6.0.3)`);
  return shape;
}

export class NoAuthorizationScriptlet extends Error {}

export interface RequestShape {
  /** `?project=` of the request (Incus: request.ProjectParam, default "default"). */
  project: string;
  /** `?all-projects=true`. */
  allProjects: boolean;
}

/** The request fields as JSON (Go field names). */
export function requestDetailsJson(identity: Identity, req: RequestShape): Record<string, unknown> {
  return {
    Username: identity.username,
    Protocol: identity.protocol,
    IsAllProjectsRequest: req.allProjects,
    ProjectName: req.project || "default",
  };
}

export function detailsValue(identity: Identity, req: RequestShape, version: string): HostValue {
  const request = requestDetailsJson(identity, req);
  if (detailsShape(version) === "flat") return toHostValue(request, "RequestDetails", version);
  const tv = version;
  const cert = identity.certificate;
  const json = {
    RequestDetails: request,
    Chain: identity.protocol === "tls" && cert?.certificate ? [x509Json(cert.certificate, tv)] : [],
    Certificate: cert
      ? { name: cert.name, type: cert.type, restricted: cert.restricted, projects: cert.projects ?? [], certificate: cert.certificate, description: cert.description }
      : null,
  };
  return toHostValue(json, "AuthorizationDetails", tv);
}

/** The parts of Go's x509.Certificate a scriptlet is likely to read, from the PEM; other
 *  fields keep their zero values. */
function x509Json(pem: string, version: string): Record<string, unknown> {
  let x: X509Certificate;
  try {
    x = new X509Certificate(pem);
  } catch {
    return {};
  }
  const bytesKind = apiTypes(version).get("Certificate")?.fields.find((f) => f.name === "Raw")?.type.kind;
  const bytes = (b: Buffer) => (bytesKind === "bytes" ? b.toString("base64") : Array.from(b));
  return {
    Raw: bytes(x.raw),
    Version: 3,
    Subject: pkixName(x.subject),
    Issuer: pkixName(x.issuer),
    DNSNames: (x.subjectAltName ?? "").split(", ").filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4)),
    IsCA: x.ca,
    BasicConstraintsValid: x.ca,
  };
}

/** "CN=alice\nO=org" → pkix.Name fields. */
function pkixName(dn: string): Record<string, unknown> {
  const out: Record<string, string[] | string> = { CommonName: "", Organization: [], OrganizationalUnit: [], Country: [], Locality: [], Province: [] };
  const key: Record<string, string> = { O: "Organization", OU: "OrganizationalUnit", C: "Country", L: "Locality", ST: "Province" };
  for (const line of dn.split("\n")) {
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    if (k === "CN") out.CommonName = v;
    else if (key[k]) (out[key[k]] as string[]).push(v);
  }
  return out;
}
