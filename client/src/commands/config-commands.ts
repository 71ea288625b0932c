// Open Incus objects as editable YAML (the incus: file system saves them with their ETag),
// and pull / push the placement scriptlet of a server.
import * as path from "node:path";
import * as vscode from "vscode";
import { apiPath, describeResource, PLACEMENT_KEY, scriptletOf, toPutBody, type ConfigResource } from "../config-fs/config-resource";
import { resourceUri, INCUS_SCHEME } from "../config-fs/incus-file-system";
import { parseResourcePath } from "../config-fs/config-resource";
import { checkScriptlet, formatScriptletErrors } from "../config-fs/scriptlet-check";
import type { Services } from "../services";
import { errorMessage } from "../util/errors";
import { isNode, pickFrom, remoteKey, resolveRemote, summaryOf } from "./targets";
import { Requests } from "../../../server/src/lsp/protocol";

type Kind = "server" | "member" | "project" | "profile" | "instance";

export function registerConfigCommands(s: Services): vscode.Disposable[] {
  const open = (kind: Kind) => (arg?: unknown) => openConfig(s, kind, arg);
  return [
    vscode.commands.registerCommand("incus.openServerConfig", open("server")),
    vscode.commands.registerCommand("incus.openMemberConfig", open("member")),
    vscode.commands.registerCommand("incus.openInstanceConfig", open("instance")),
    vscode.commands.registerCommand("incus.openProfileConfig", open("profile")),
    vscode.commands.registerCommand("incus.openProjectConfig", open("project")),
    vscode.commands.registerCommand("incus.openResource", (arg?: unknown) => openRow(s, arg)),
    vscode.commands.registerCommand("incus.deleteResource", (arg?: unknown) => deleteRow(s, arg)),
    vscode.commands.registerCommand("incus.pullPlacementScriptlet", (arg?: unknown) => pullScriptlet(s, arg)),
    vscode.commands.registerCommand("incus.pushPlacementScriptlet", (arg?: unknown) => pushScriptlet(s, arg)),
  ];
}

/** Resolves the object (from a tree node, `{remote, name, project}`, or by asking) and opens it. */
async function openConfig(s: Services, kind: Kind, arg: unknown): Promise<string | undefined> {
  try {
    const resource = await resolveResource(s, kind, arg);
    if (!resource) return undefined;
    const uri = resourceUri(resource);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri.toString();
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: opening the ${kind} configuration failed: ${errorMessage(e)}`);
    return undefined;
  }
}

async function resolveResource(s: Services, kind: Kind, arg: unknown): Promise<ConfigResource | undefined> {
  const remote = await resolveRemote(s.registry, arg, `Edit ${kind} configuration`);
  if (!remote) return undefined;
  if (kind === "server") return { kind, remote };
  if (isNode(arg)) {
    const r = arg.ref;
    if (kind === "member" && r.kind === "member") return { kind, remote, name: r.member };
    if (kind === "instance" && r.kind === "instance") return { kind, remote, project: r.project, name: r.instance };
    if (kind === "profile" && r.kind === "profile") return { kind, remote, project: r.project, name: r.profile };
    if (kind === "project" && r.kind === "project") return { kind, remote, name: r.project };
  }
  const given = (typeof arg === "object" && arg !== null ? arg : {}) as { name?: string; project?: string };
  if (given.name) {
    if (kind === "member" || kind === "project") return { kind, remote, name: given.name };
    return { kind, remote, project: given.project ?? "default", name: given.name };
  }
  const model = await summaryOf(s.registry, { remote });
  switch (kind) {
    case "member": {
      const name = await pickFrom("Which member?", model.members.map((m) => ({ label: m.name, description: m.status, value: m.name })));
      return name ? { kind, remote, name } : undefined;
    }
    case "project": {
      const name = await pickFrom("Which project?", model.projects.map((p) => ({ label: p.name, description: p.description, value: p.name })));
      return name ? { kind, remote, name } : undefined;
    }
    case "instance": {
      const i = await pickFrom("Which instance?", model.instances.map((i) => ({ label: i.name, description: `${i.project} · ${i.location}`, value: i })));
      return i ? { kind, remote, project: i.project, name: i.name } : undefined;
    }
    case "profile": {
      const items = Object.entries(model.profiles).flatMap(([project, list]) => list.map((p) => ({ label: p.name, description: `project ${project}`, value: { project, name: p.name } })));
      const p = await pickFrom("Which profile?", items);
      return p ? { kind, remote, project: p.project, name: p.name } : undefined;
    }
  }
}

/** Opens the server's instances.placement.scriptlet as incus:/REMOTE/placement-scriptlet.placement.star; saving pushes it. */
async function pullScriptlet(s: Services, arg: unknown): Promise<string | undefined> {
  const remote = await resolveRemote(s.registry, arg, "Pull placement scriptlet");
  if (!remote) return undefined;
  const uri = resourceUri({ kind: "placementScriptlet", remote });
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    if (doc.getText().trim() === "") void vscode.window.showInformationMessage(`${remote} has no ${PLACEMENT_KEY}; write one here and save to push it.`);
    return uri.toString();
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: pulling the placement scriptlet of ${remote} failed: ${errorMessage(e)}`);
    return undefined;
  }
}

/**
 * Pushes a scriptlet file to a server's instances.placement.scriptlet: checked first with the
 * CLI's checker, then confirmed, then PUT with the ETag of the server config just read (Incus
 * validates it again and its refusal is shown). An incus: scriptlet document is simply saved.
 */
async function pushScriptlet(s: Services, arg: unknown): Promise<boolean> {
  const uri = arg instanceof vscode.Uri ? arg : typeof (arg as { uri?: unknown })?.uri === "string" ? vscode.Uri.parse((arg as { uri: string }).uri) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showErrorMessage("Push placement scriptlet: open the scriptlet to push first");
    return false;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (uri.scheme === INCUS_SCHEME && parseResourcePath(uri.path)?.kind === "placementScriptlet") {
    return doc.save();
  }
  const remote = await resolveRemote(s.registry, typeof (arg as { remote?: unknown })?.remote === "string" ? arg : undefined, "Push placement scriptlet");
  if (!remote) return false;
  const text = doc.getText();
  const connection = remoteKey(remote);
  try {
    const server = await s.languageClient.request(Requests.apiCall, { connection, method: "GET", path: "/1.0" });
    if (!server.ok) throw new Error(server.error);
    const metadata = server.metadata as Record<string, unknown>;
    const errors = await checkScriptlet(s.languageClient, text, path.basename(uri.path), connection);
    if (errors.length) {
      void vscode.window.showErrorMessage(`Not pushed: ${path.basename(uri.path)} has errors Incus would refuse:\n${formatScriptletErrors(errors)}`, { modal: true });
      return false;
    }
    const current = scriptletOf(metadata);
    const what = describeResource({ kind: "placementScriptlet", remote });
    const confirm = await vscode.window.showWarningMessage(
      `Replace ${what} with ${path.basename(uri.path)}?`,
      { modal: true, detail: `${current.trim() ? `The current scriptlet (${current.split("\n").length} lines) is replaced.` : "No scriptlet is set now."} Incus will use it for every placement in the cluster from now on.` },
      "Push",
    );
    if (confirm !== "Push") return false;
    const put = await s.languageClient.request(Requests.apiCall, { connection, method: "PUT", path: "/1.0", body: toPutBody({ kind: "placementScriptlet", remote }, text, metadata), etag: server.etag });
    if (!put.ok) {
      const msg = put.etagMismatch ? `the server configuration of ${remote} changed while pushing; nothing was written. Try again.` : `Incus refused the scriptlet: ${put.error}`;
      s.log.error(`push to ${remote}: ${msg}`);
      void vscode.window.showErrorMessage(`Push placement scriptlet: ${msg}`);
      return false;
    }
    s.log.info(`pushed ${uri.fsPath || uri.toString()} to ${what}`);
    void vscode.window.showInformationMessage(`Pushed to ${what}.`);
    return true;
  } catch (e) {
    const msg = errorMessage(e);
    s.log.error(`push to ${remote}: ${msg}`);
    void vscode.window.showErrorMessage(`Push placement scriptlet: ${msg}`);
    return false;
  }
}

/** The editable object behind a row of images, networks, storage volumes or profiles. */
function resourceOfRow(arg: unknown): ConfigResource | undefined {
  if (!isNode(arg) || !arg.ref.connection.startsWith("remote:")) return undefined;
  const remote = arg.ref.connection.slice("remote:".length);
  const r = arg.ref;
  switch (r.kind) {
    case "network":
      return { kind: "network", remote, project: r.project, name: r.name };
    case "volume":
      return { kind: "volume", remote, project: r.project, pool: r.pool, name: r.name, location: r.location };
    case "image":
      return { kind: "image", remote, project: r.project, name: r.fingerprint };
    case "profile":
      return { kind: "profile", remote, project: r.project, name: r.profile };
    default:
      return undefined;
  }
}

/** Show/edit a row's object as YAML (saved with its ETag). */
async function openRow(s: Services, arg: unknown): Promise<string | undefined> {
  const r = resourceOfRow(arg);
  if (!r) {
    void vscode.window.showErrorMessage("Incus: choose an image, network, storage volume or profile of a live cluster in the sidebar.");
    return undefined;
  }
  const uri = resourceUri(r);
  try {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return uri.toString();
  } catch (e) {
    void vscode.window.showErrorMessage(`Incus: opening ${describeResource(r)} failed: ${errorMessage(e)}`);
    return undefined;
  }
}

/** Delete a row's object after a confirmation that names it; Incus's refusal (in use) is shown. */
async function deleteRow(s: Services, arg: unknown): Promise<boolean> {
  const r = resourceOfRow(arg);
  if (!r) {
    void vscode.window.showErrorMessage("Incus: choose an image, network, storage volume or profile of a live cluster in the sidebar.");
    return false;
  }
  const what = describeResource(r);
  const label = isNode(arg) ? arg.label : r.kind;
  const confirm = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail: "This cannot be undone. Incus refuses while something uses it." }, `Delete ${label}`);
  if (confirm !== `Delete ${label}`) return false;
  const answer = await s.languageClient.request(Requests.apiCall, { connection: `remote:${r.remote}`, method: "DELETE", path: apiPath(r), wait: true });
  if (!answer.ok) {
    void vscode.window.showErrorMessage(`Incus: deleting ${what} failed: ${answer.error}`);
    return false;
  }
  s.log.info(`deleted ${what}`);
  void vscode.window.showInformationMessage(`Deleted ${what}.`);
  return true;
}
