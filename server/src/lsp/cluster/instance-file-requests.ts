// incus/instanceFile: the editor's file operations on an instance (the incus-files: file system
// of the client) carried out through Incus's file API; refusals come back as values with a kind
// the client maps to VS Code's FileSystemError, and Incus's own words.
import type { Connection } from "vscode-languageserver";
import { IncusClient } from "../../incus/client/http";
import { InstanceFileError, InstanceFileStore, sha256, type FileTarget } from "../../incus/client/files";
import { Requests, type InstanceFileAnswer, type InstanceFileParams } from "../protocol";
import { specOfKey } from "./connection-spec";
import type { ClusterRegistry } from "./registry";

export function registerInstanceFileRequests(connection: Connection, registry: ClusterRegistry): void {
  connection.onRequest(Requests.instanceFile, async (p) => {
    let client: IncusClient | undefined;
    try {
      client = new IncusClient(registry.target(specOfKey(p.connection)), { timeoutMs: 60_000 });
      return await fileOperation(new InstanceFileStore(client), p);
    } catch (e) {
      if (e instanceof InstanceFileError) return { ok: false as const, error: e.message, problem: e.problem };
      return { ok: false as const, error: (e as Error).message, problem: "unavailable" as const };
    } finally {
      client?.close();
    }
  });
}

export async function fileOperation(store: InstanceFileStore, p: InstanceFileParams): Promise<InstanceFileAnswer> {
  const t: FileTarget = { project: p.project, instance: p.instance, path: p.path };
  switch (p.op) {
    case "stat": {
      const st = await store.stat(t);
      return { ok: true, type: st.type, mode: st.mode, mtime: st.mtime };
    }
    case "read": {
      const c = await store.read(t);
      if (c.type === "directory") return { ok: false, error: `${p.instance}:${p.path} is a directory`, problem: "is-directory" };
      return { ok: true, type: c.type, mode: c.mode, mtime: c.mtime, data: c.data.toString("base64"), size: c.data.length, sha256: sha256(c.data) };
    }
    case "list":
      return { ok: true, type: "directory", entries: await store.list(t) };
    case "write": {
      const data = Buffer.from(p.data, "base64");
      const st = await store.write(t, data, { create: p.create, overwrite: p.overwrite, expectSha256: p.expectSha256 });
      return { ok: true, type: st.type, mode: st.mode, mtime: st.mtime, size: data.length, sha256: sha256(data) };
    }
    case "mkdir":
      await store.mkdir(t);
      return { ok: true, type: "directory" };
    case "delete":
      await store.remove(t, p.recursive);
      return { ok: true };
    case "rename":
      await store.rename(t, { ...t, path: p.to }, p.overwrite);
      return { ok: true };
  }
}
