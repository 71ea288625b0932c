// Issue L in a real VS Code against the real test cluster, one screenshot per feature: an
// instance row's menu, editing a file inside a running container (and a save over a concurrent
// change refused), the create forms for networks, volumes and profiles (with their checks), the
// live views (images, networks, volumes), members' load, and adding a remote with a trust token.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import { E2E_REMOTE, activateExtension, incus, missingCommands, realClusterSkip } from "./helpers";
import { contextMenuShot, hasDriver, screenshot, setSidebarWidth, sleep, typeIntoFocused, waitFor } from "./protocol";
import type { Scenario } from "./runner";
import { busyboxProblem, ensureBusyboxImage } from "../support/busybox-image";

const needsCluster = (...ids: string[]) => async () => {
  await activateExtension();
  const missing = await missingCommands(...ids);
  if (missing) return { reason: missing };
  if (!hasDriver()) return { reason: "needs the playwright driver (right-clicks, typing, screenshots)" };
  return realClusterSkip();
};

const reveal = (...path: string[]) => vscode.commands.executeCommand("incus.internal.revealNode", path);

/** Makes the test cluster's remote the active cluster and shows the sidebar. */
async function showLiveSidebar(): Promise<void> {
  await freshWorkbench();
  await vscode.commands.executeCommand("incus.selectCluster", `remote:${E2E_REMOTE}`);
  await vscode.commands.executeCommand("incus.clusters.focus");
  // Wide enough for the rows' descriptions (status, counts, the load bars) to show whole.
  await setSidebarWidth(560);
  await sleep(1500);
}

/** What earlier scenarios left open (editors, views, notifications, expanded rows) goes first. */
async function freshWorkbench(): Promise<void> {
  await closeEditors();
  for (const id of ["workbench.action.closePanel", "workbench.actions.treeView.incus.clusters.collapseAll"]) await vscode.commands.executeCommand(id).then(undefined, () => undefined);
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  await vscode.commands.executeCommand("notifications.clearAll");
}

/** The incus CLI with the extension's own client configuration (the remotes the extension sees). */
function extensionIncus(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile("incus", args, { env: process.env, timeout: 60000 }, (err, stdout, stderr) => (err ? reject(new Error(`incus ${args.join(" ")}: ${stderr || err.message}`)) : resolve(stdout))),
  );
}

export const operatorScenarios2: Scenario[] = [
  {
    id: "l",
    title: "an instance row's menu, and a file inside the running container edited and saved; a save over a concurrent change is refused",
    timeoutMs: 240000,
    precondition: async () => (await needsCluster("incus.startInstance", "incus.openInstanceFile")()) ?? (busyboxProblem() ? { reason: busyboxProblem()! } : undefined),
    async run() {
      const image = await ensureBusyboxImage();
      const name = "e2e-files";
      await incus("delete", "--force", name).catch(() => undefined);
      // node1: the member the e2e remote talks to (Incus 6.0.4 does not upgrade a terminal's
      // websocket for an instance on another member; the file API is forwarded, tested live).
      await incus("init", image, name, "--target", "node1");
      const arg = { remote: E2E_REMOTE, instance: name };
      try {
        assert.equal(await vscode.commands.executeCommand("incus.startInstance", arg), "done");
        await showLiveSidebar();
        await reveal(E2E_REMOTE, "Instances by member", "node1");
        await sleep(1000);
        await contextMenuShot(name, "l-instance-menu");

        // Open /etc/hello.txt of the container, change it, save: the container has the new text.
        const uri = vscode.Uri.parse((await vscode.commands.executeCommand<string>("incus.openInstanceFile", { ...arg, path: "/etc/hello.txt" }))!);
        const doc = await vscode.workspace.openTextDocument(uri);
        assert.equal(doc.getText(), "hello from busybox\n");
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        await editor.edit((e) => e.insert(new vscode.Position(1, 0), "edited in VS Code\n"));
        assert.equal(await doc.save(), true, "the save went through the file API");
        assert.equal(await incus("exec", name, "--", "cat", "/etc/hello.txt"), "hello from busybox\nedited in VS Code\n");
        // A new file through the same file system.
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(uri, "..", "motd"), Buffer.from("made by the e2e test\n"));
        assert.equal(await incus("exec", name, "--", "cat", "/etc/motd"), "made by the e2e test\n");
        // What the container now holds, through a shell in the terminal.
        const terminal = (await vscode.commands.executeCommand("incus.shellInstance", arg)) as vscode.Terminal;
        await sleep(2000);
        terminal.sendText("cat /etc/hello.txt /etc/motd");
        await sleep(1500);
        await screenshot("l-files-edit");
        terminal.dispose();

        // Someone changes the file in the container; saving over it is refused, theirs is kept.
        await sleep(1100); // a new second: X-Incus-Modified has whole seconds
        await incus("exec", name, "--", "sh", "-c", "echo changed by someone else > /etc/hello.txt");
        await editor.edit((e) => e.insert(new vscode.Position(0, 0), "# mine\n"));
        assert.equal(await doc.save(), false, "the save was refused");
        assert.equal(await incus("exec", name, "--", "cat", "/etc/hello.txt"), "changed by someone else\n");
        // Saved as a person would (Ctrl+S): the workbench tells why in a notification.
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand("notifications.clearAll");
        await vscode.commands.executeCommand("workbench.action.files.save");
        await sleep(1500);
        await vscode.commands.executeCommand("notifications.showList");
        await sleep(800);
        assert.equal(await incus("exec", name, "--", "cat", "/etc/hello.txt"), "changed by someone else\n");
        await screenshot("l-files-conflict");
        await vscode.commands.executeCommand("notifications.hideList");
        await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      } finally {
        await closeEditors();
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
        await incus("delete", "--force", name).catch(() => undefined);
      }
    },
  },
  {
    id: "m",
    title: "create a network, a storage volume and a profile from the sidebar forms; bad names and keys are caught before sending",
    timeoutMs: 240000,
    precondition: needsCluster("incus.createNetwork", "incus.createVolume", "incus.createProfile"),
    async run() {
      const net = "e2e-mv0";
      const vol = "e2e-vol";
      const prof = "e2e-web";
      const cleanup = async () => {
        await incus("network", "delete", net).catch(() => undefined);
        await incus("storage", "volume", "delete", "local", vol, "--target", "node2").catch(() => undefined);
        await incus("profile", "delete", prof).catch(() => undefined);
      };
      await cleanup();
      const parent = (await incus("network", "list", "--format", "csv", "-c", "nt")).split("\n").map((l) => l.split(",")).find(([n, t]) => n && n !== "lo" && t === "physical")?.[0] ?? "eth0";
      try {
        await showLiveSidebar();
        // The name step of a bridge: a name too long for an interface is refused while typed.
        const pending = vscode.commands.executeCommand("incus.createNetwork", { remote: E2E_REMOTE, networkType: "bridge" });
        await sleep(2500);
        await typeIntoFocused("a-much-too-long-bridge", "m-create-name-invalid", "Escape");
        assert.equal(await pending, undefined, "cancelled: nothing created");

        // The config step, filled in, reviewed, then Create (the first item) accepted.
        const network = vscode.commands.executeCommand<{ steps: string[] }>("incus.createNetwork", { remote: E2E_REMOTE, networkType: "macvlan", name: net, description: "made by the e2e test", config: { parent, mtu: "1400" }, review: true });
        await sleep(3000);
        await screenshot("m-create-network");
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        const made = await network;
        assert.ok(made, "the network was created");
        assert.equal(made.steps.length, 4, JSON.stringify(made.steps)); // one per member, then the network
        const shown = JSON.parse(await incus("query", `/1.0/networks/${net}`)) as { status: string; config: Record<string, string> };
        assert.equal(shown.status, "Created");
        assert.equal(shown.config.mtu, "1400");

        // A profile form with a key Incus does not have: the problem is shown, Create is not offered.
        const bad = vscode.commands.executeCommand("incus.createProfile", { remote: E2E_REMOTE, project: "default", name: prof, config: { "limits.cpuz": "2", "limits.memory": "1GiB" }, review: true });
        await sleep(3000);
        await screenshot("m-create-profile-problems");
        await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
        assert.equal(await bad, undefined);
        assert.equal((await incus("profile", "show", prof).then(() => true, () => false)), false, "nothing was sent");
        assert.ok(await vscode.commands.executeCommand("incus.createProfile", { remote: E2E_REMOTE, project: "default", name: prof, config: { "limits.cpu": "2", "limits.memory": "1GiB" } }));
        assert.equal((await incus("profile", "get", prof, "limits.cpu")).trim(), "2");

        // A volume on the local pool, on node2.
        assert.ok(await vscode.commands.executeCommand("incus.createVolume", { remote: E2E_REMOTE, pool: "local", member: "node2", name: vol, config: { size: "64MiB" } }));
        const vols = await incus("storage", "volume", "list", "local", "--format", "csv", "-c", "tnL");
        assert.ok(vols.split("\n").includes(`custom,${vol},node2`), vols);

        // The live views show them.
        await closeEditors();
        await vscode.commands.executeCommand("workbench.actions.treeView.incus.clusters.collapseAll").then(undefined, () => undefined);
        for (const category of ["Images", "Networks", "Storage volumes"]) await reveal(E2E_REMOTE, category);
        await waitFor("the new network in the Networks view", async () => {
          const rows = await vscode.commands.executeCommand<{ label: string }[]>("incus.internal.treeChildren", [E2E_REMOTE, "Networks"]);
          return rows.some((r) => r.label === net) || undefined;
        }, 20000, 500);
        await sleep(1500);
        await screenshot("m-live-views");
      } finally {
        await closeEditors();
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
        await cleanup();
      }
    },
  },
  {
    id: "n",
    title: "members' load drawn in their rows; a remote added with a trust token shows its cluster",
    timeoutMs: 180000,
    precondition: needsCluster("incus.addRemote"),
    async run() {
      const remote = "e2e-tls";
      const client = "e2e-vscode-client";
      const address = (await incus("config", "get", "core.https_address")).trim();
      const removeTrust = async () => {
        const list = JSON.parse(await incus("config", "trust", "list", "--format", "json")) as { name: string; fingerprint: string }[];
        for (const c of list.filter((x) => x.name === client)) await incus("config", "trust", "remove", c.fingerprint).catch(() => undefined);
        await incus("config", "trust", "revoke-token", client).catch(() => undefined);
      };
      await extensionIncus("remote", "remove", remote).catch(() => undefined);
      await removeTrust();
      try {
        await showLiveSidebar();
        await reveal(E2E_REMOTE, "Members");
        await sleep(1500);
        await screenshot("n-member-load");

        const token = (await incus("config", "trust", "add", client, "--quiet")).trim();
        const added = vscode.commands.executeCommand<string>("incus.addRemote", { name: remote, address: `https://${address}` });
        await sleep(2000);
        await typeIntoFocused(token, "n-add-remote-token", "Enter");
        assert.equal(await added, remote);
        await vscode.commands.executeCommand("incus.selectCluster", `remote:${remote}`);
        await vscode.commands.executeCommand("incus.clusters.focus");
        await waitFor("the TLS remote's members", async () => {
          const rows = await vscode.commands.executeCommand<{ label: string }[]>("incus.internal.treeChildren", [remote, "Members"]).then((r) => r, () => []);
          return rows.filter((r) => /^node\d$/.test(r.label)).length === 3 || undefined;
        }, 60000, 1000);
        await vscode.commands.executeCommand("workbench.actions.treeView.incus.clusters.collapseAll").then(undefined, () => undefined);
        await reveal(remote, "Members");
        await sleep(1500);
        await screenshot("n-remote-added");
      } finally {
        await vscode.commands.executeCommand("incus.selectCluster", "sample");
        await extensionIncus("remote", "remove", remote).catch(() => undefined);
        await removeTrust();
      }
    },
  },
];
