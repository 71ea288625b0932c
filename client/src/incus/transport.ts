// Opens HTTP requests to an Incus target (unix socket or HTTPS remote with the client's TLS
// identity). Shared by the REST calls and the events websocket.
import * as http from "node:http";
import * as https from "node:https";
import type { ConnectionTarget } from "../../../server/src/incus/client/target";
import { tlsOptions } from "../../../server/src/incus/client/tls";

export function openRequest(
  target: ConnectionTarget,
  method: string,
  path: string,
  headers: Record<string, string>,
): http.ClientRequest {
  const allHeaders = { "User-Agent": "incus-scriptlet-vscode", ...headers };
  if (target.kind === "unix") {
    return http.request({ socketPath: target.socketPath, path, method, headers: { Host: "unix.socket", ...allHeaders } });
  }
  const url = new URL(path, target.url + "/");
  return https.request(url, { method, headers: allHeaders, ...tlsOptions(target.tls) });
}
