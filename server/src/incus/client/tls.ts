// TLS options for an HTTPS remote, following the incus client: present client.crt/key, and
// always verify the server. With a pinned server certificate (servercerts/REMOTE.crt) that
// certificate is trusted besides the system CAs, and the host name checked is the pinned
// certificate's first DNS name (Incus server certificates name the host, not the address
// the remote was added with). Verification is never turned off.
import { X509Certificate } from "node:crypto";
import * as tls from "node:tls";
import type { TlsMaterial } from "./cliconfig";

export function tlsOptions(material: TlsMaterial): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { rejectUnauthorized: true };
  if (material.cert && material.key) {
    options.cert = material.cert;
    options.key = material.key;
  }
  const ca: string[] = [];
  if (material.ca) ca.push(material.ca);
  if (material.pinnedServerCert) {
    ca.push(material.pinnedServerCert);
    const dnsName = firstDnsName(material.pinnedServerCert);
    if (dnsName) options.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(dnsName, cert);
  }
  if (ca.length > 0) options.ca = [...tls.rootCertificates, ...ca];
  return options;
}

function firstDnsName(pem: string): string | undefined {
  try {
    const san = new X509Certificate(pem).subjectAltName ?? "";
    const m = /DNS:([^,\s]+)/.exec(san);
    return m?.[1];
  } catch {
    return undefined;
  }
}

/** OpenSSL/Node error codes that mean "the certificate did not verify". */
export function isTlsVerificationError(code: string | undefined): boolean {
  if (!code) return false;
  return (
    code.startsWith("ERR_TLS_") ||
    code.startsWith("CERT_") ||
    code.includes("CERT") ||
    code === "DEPTH_ZERO_SELF_SIGNED_CERT" ||
    code === "SELF_SIGNED_CERT_IN_CHAIN" ||
    code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ||
    code === "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" ||
    code === "HOSTNAME_MISMATCH"
  );
}
