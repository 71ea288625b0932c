// The same e2e scenarios (test/e2e/) in desktop VS Code, downloaded by @vscode/test-electron:
// for machines that can download VS Code (this project's CI cannot: it uses tools/e2e/run.mjs,
// code-server + Chromium). Without the playwright driver there are no screenshots, and the
// scenario that answers a modal dialog (e) fails with its reason.
//
//   npm run build && node out/test/electron/run.js        (VSCODE_VERSION=stable by default)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";

function mochaPath(root: string): string {
  try {
    return path.dirname(require.resolve("mocha/package.json", { paths: [root] }));
  } catch {
    const cache = process.env.E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "incus-scriptlet-e2e");
    const p = path.join(cache, "tools/node_modules/mocha");
    if (!existsSync(p)) throw new Error(`mocha not found: npm install mocha, or run tools/e2e/install.sh (${p})`);
    return p;
  }
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../../..");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "incus-e2e-electron-"));
  const ws = path.join(tmp, "ws");
  const incusConf = path.join(tmp, "incus");
  const incusTestDir = process.env.INCUS_TEST_DIR || "/tmp/incus-test";
  mkdirSync(ws, { recursive: true });
  mkdirSync(incusConf, { recursive: true });
  writeFileSync(
    path.join(incusConf, "config.yml"),
    [
      "default-remote: local",
      "remotes:",
      "  local: {addr: 'unix://', protocol: incus, public: false}",
      `  e2e: {addr: 'unix://${path.join(incusTestDir, "m1/unix.socket")}', protocol: incus, public: false}`,
      "",
    ].join("\n"),
  );
  try {
    const code = await runTests({
      version: process.env.VSCODE_VERSION || "stable",
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, "out/test/e2e/index.js"),
      launchArgs: [ws, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", "--user-data-dir", path.join(tmp, "user-data")],
      extensionTestsEnv: {
        E2E_MOCHA: mochaPath(root),
        E2E_REPO_ROOT: root,
        E2E_PHASE: "electron",
        INCUS_CONF: incusConf,
        INCUS_TEST_DIR: incusTestDir,
        E2E_INCUS_REMOTE: "e2e",
      },
    });
    process.exitCode = code;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
