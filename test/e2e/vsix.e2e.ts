// Scenarios of the .vsix run: the packaged extension, installed with `code-server
// --install-extension`, activates from its bundles and its language server answers.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { EXTENSION_ID, activateExtension } from "./helpers";
import { screenshot } from "./protocol";
import type { Scenario } from "./runner";
import { clientScenarios, languageScenarios } from "./scenarios.e2e";

const byId = (list: Scenario[], id: string) => list.find((s) => s.id === id)!;

export const vsixScenarios: Scenario[] = [
  {
    id: "vsix",
    title: "the extension installed from the .vsix activates from its bundle",
    async run() {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      // installed (extensions dir), not the development checkout
      const devRoot = process.env.E2E_REPO_ROOT;
      if (devRoot) assert.notEqual(path.resolve(ext.extensionPath), path.resolve(devRoot), "the extension runs from the installed .vsix");
      assert.match(ext.extensionPath, /incus-tools\.incus-scriptlet-/);
      await activateExtension();
      assert.ok(ext.isActive);
      await screenshot("vsix-activated");
    },
  },
  // the language server of the .vsix (bundled server, knowledge catalogs, sample cluster)
  { ...byId(languageScenarios, "a"), id: "vsix-a" },
  { ...byId(languageScenarios, "b"), id: "vsix-b" },
  // the simulator of the .vsix (QuickJS wasm + the Starlark runtime bundle)
  { ...byId(clientScenarios, "c"), id: "vsix-c" },
];
