// End-to-end suite in a real VS Code: code-server (the VS Code workbench + extension host, served
// over loopback) driven by headless Chromium through playwright-core. `npm run test:e2e`.
//
//   1. installs the tooling (tools/e2e/install.sh: cached, idempotent), builds the extension;
//   2. "dev" run: code-server with a fresh user-data/extensions dir, the extension loaded as the
//      extension under development, the test runner out/test/e2e/index.js (mocha, inside the
//      extension host) running the scenarios of test/e2e/scenarios.e2e.ts;
//   3. "vsix" run: `npm run package`, `code-server --install-extension FILE`, then a test-only
//      development extension whose runner checks the *installed* extension activates and its
//      language server answers (test/e2e/vsix.e2e.ts).
//
// The page reports the extension host's console through `codeAutomationLog` and the runner's
// result through `codeAutomationExit` (VS Code's smoke-test driver hooks, exposed here with
// playwright). Test bodies ask the driver for UI work with marker lines (test/e2e/protocol.ts):
//   @@e2e:screenshot {"name":..}  -> page.screenshot into test-results/e2e/NAME.png
//   @@e2e:click {"text":..}       -> click the button of that label in the modal dialog
// Every process started here (code-server, its children, Chromium) is ended on exit.
//
// Flags: --only dev|dialogs|vsix   --grep REGEX (scenario filter)   --no-build   --no-install
//        --keep (temp dirs)   --no-lock (do not take the Incus test cluster's lock)
// Env:   E2E_CACHE (tools cache dir), E2E_TIMEOUT_S (whole run per phase, default 900)
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt("--only");
const grep = opt("--grep") ?? process.env.E2E_GREP ?? "";
const phaseTimeoutMs = Number(process.env.E2E_TIMEOUT_S ?? 900) * 1000;
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (msg) => console.log(`[e2e ${since()}] ${msg}`);

// ---- environment of the tooling (tools/e2e/env.sh is the one source of paths) ----------------
function loadEnv() {
  const out = execFileSync("bash", ["-c", `. "${root}/tools/e2e/env.sh" && env -0`], { encoding: "utf8" });
  const env = {};
  for (const kv of out.split("\0")) {
    const i = kv.indexOf("=");
    if (i > 0 && kv.startsWith("E2E_")) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return env;
}

if (!flag("--no-install")) {
  const r = spawnSync("bash", [path.join(root, "tools/e2e/install.sh")], { stdio: "inherit" });
  if (r.status !== 0) {
    console.log("e2e: 0 passed, 1 failed, 0 skipped (tools/e2e/install.sh failed)");
    process.exit(r.status || 1);
  }
}
const E = loadEnv();
const node24 = path.join(E.E2E_N24, "bin/node");
const requireTool = createRequire(path.join(E.E2E_TOOLS_MODULES, "noop.js"));
const { chromium } = requireTool("playwright-core");

// ---- cleanup: every child process group and temp dir we made --------------------------------
const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      console.error(`[e2e] cleanup: ${e?.message ?? e}`);
    }
  }
}
function killGroup(child) {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    child.once("exit", done);
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return done();
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      setTimeout(resolve, 500);
    }, 5000);
  });
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, async () => {
    console.error(`[e2e] ${sig}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}
// last resort for a synchronous exit: SIGKILL the groups we know of
const groups = new Set();
process.on("exit", () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
});

function tmpdir(tag) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `incus-e2e-${tag}-`));
  if (!flag("--keep")) cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const run = (cmd, argv, opts = {}) => {
  const r = spawnSync(cmd, argv, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status ?? r.signal}`);
};

const resultsDir = path.join(root, "test-results", "e2e");
fs.mkdirSync(resultsDir, { recursive: true });

// ---- the Incus test cluster: shared state, one user at a time --------------------------------
// Same lock as test/support/incus-cluster.ts (a directory holding the owner's pid), held for the
// whole run: scenarios d-f change instances, evacuate members and set the placement scriptlet.
const incusTestDir = process.env.INCUS_TEST_DIR || "/tmp/incus-test";
async function lockCluster(timeoutMs = Number(process.env.E2E_LOCK_TIMEOUT_S ?? 1800) * 1000) {
  if (!fs.existsSync(incusTestDir) || flag("--no-lock") || lockCluster.held) return;
  lockCluster.held = true;
  const dir = path.join(incusTestDir, "test.lock");
  const deadline = Date.now() + timeoutMs;
  for (let said = false; ; ) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "pid"), String(process.pid));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      process.on("exit", () => {
        try {
          if (fs.readFileSync(path.join(dir, "pid"), "utf8") === String(process.pid)) fs.rmSync(dir, { recursive: true, force: true });
        } catch {}
      });
      return;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, "pid"), "utf8"));
    } catch {}
    let dead = false;
    if (owner > 0) {
      try {
        process.kill(owner, 0);
      } catch {
        dead = true;
      }
    }
    if (dead) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Incus test cluster still locked by pid ${owner} (${dir})`);
    if (!said) say(`waiting for the Incus test cluster lock (held by pid ${owner})`);
    said = true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- one code-server + Chromium session ------------------------------------------------------
const userSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "git.enabled": false,
  "files.autoSave": "off",
  "window.dialogStyle": "custom",
};

const WORKBENCH_NOISE = [
  /^Resolving connection token|^Resolved connection token|^Creating a socket|^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache|^\[Service Worker\]|^\[AgentHost|^\[AccountPolicyGate\]/,
  /^getaddrinfo |^\s+at .*\/static\/out\/vs\//,
];

// A phase runs its tests one of two ways:
//  - testsPath: VS Code's extension-test mode (extensionTestsPath). The runner's run() settles
//    -> the extension host exits -> codeAutomationExit(code). In this mode the workbench
//    refuses every modal dialog (DialogService.skipDialogs), so
//  - no testsPath ("hosted"): one of the development extensions runs the scenarios when it
//    activates; its console reaches the page's console, and the phase ends on its result marker.
async function session({ name, extDevPaths, testsPath, installVsix, installDir, env }) {
  say(`${name}: starting code-server`);
  // this phase's screenshots and logs of an earlier run go (files are named PHASE-...)
  for (const f of fs.readdirSync(resultsDir)) if (f.startsWith(`${name}-`)) fs.rmSync(path.join(resultsDir, f), { force: true });
  const dataDir = tmpdir(`${name}-data`);
  const extDir = tmpdir(`${name}-ext`);
  const ws = tmpdir(`${name}-ws`);
  fs.mkdirSync(path.join(dataDir, "User"), { recursive: true });
  fs.writeFileSync(path.join(dataDir, "User/settings.json"), JSON.stringify(userSettings, null, 2));
  // a fresh $HOME for code-server and its extension host: nothing of the real user's config leaks in
  const home = tmpdir(`${name}-home`);
  const csEnv = {
    ...process.env,
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local/share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    PATH: `${path.dirname(node24)}:${process.env.PATH}`,
    E2E_RESULTS_DIR: resultsDir,
    E2E_REPO_ROOT: root,
    E2E_MOCHA: path.join(E.E2E_TOOLS_MODULES, "mocha"),
    E2E_GREP: grep,
    E2E_PHASE: name,
    E2E_DRIVER: "playwright",
    // no extension gallery: nothing may leave loopback (and no noise from failed lookups)
    EXTENSIONS_GALLERY: "{}",
  };
  delete csEnv.VSCODE_IPC_HOOK_CLI;
  // The incus client config the extension (and its language server) reads: `local` plus the
  // remote `e2e`, the unix socket of the test cluster's node1 (tools/incus-cluster).
  const incusConf = path.join(home, ".config/incus");
  fs.mkdirSync(incusConf, { recursive: true });
  fs.writeFileSync(
    path.join(incusConf, "config.yml"),
    [
      "default-remote: local",
      "remotes:",
      "  local: {addr: 'unix://', protocol: incus, public: false}",
      `  e2e: {addr: 'unix://${path.join(incusTestDir, "m1/unix.socket")}', protocol: incus, public: false}`,
      "aliases: {}",
      "",
    ].join("\n"),
  );
  csEnv.INCUS_CONF = incusConf;
  csEnv.E2E_INCUS_REMOTE = "e2e";
  csEnv.INCUS_TEST_DIR = incusTestDir;
  delete csEnv.INCUS_DIR;
  delete csEnv.INCUS_SOCKET;
  const csBase = [E.E2E_CODE_SERVER, "--user-data-dir", dataDir, "--extensions-dir", extDir];

  if (installDir) {
    // an unpacked extension, installed by copying it into the (fresh) extensions dir
    const m = JSON.parse(fs.readFileSync(path.join(installDir, "package.json"), "utf8"));
    fs.cpSync(installDir, path.join(extDir, `${m.publisher}.${m.name}-${m.version}`), { recursive: true });
  }
  if (installVsix) {
    say(`${name}: code-server --install-extension ${path.relative(root, installVsix)}`);
    run(node24, [...csBase, "--install-extension", installVsix], { env: csEnv });
  }

  const port = await freePort();
  const cs = spawn(
    node24,
    [
      ...csBase,
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--disable-proxy",
      "--vscode-option", "enable-smoke-test-driver",
      ws,
    ],
    { env: csEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  groups.add(cs.pid);
  cleanups.push(async () => {
    await killGroup(cs);
    groups.delete(cs.pid);
  });
  const csLog = fs.createWriteStream(path.join(resultsDir, `${name}-code-server.log`));
  cs.stdout.pipe(csLog);
  cs.stderr.pipe(csLog);

  // wait for the HTTP server
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (cs.exitCode !== null) throw new Error(`code-server exited ${cs.exitCode}; see test-results/e2e/${name}-code-server.log`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {}
    if (i > 600) throw new Error("code-server did not answer in 60s");
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`${name}: code-server on ${base}`);

  const browser = await chromium.launch({
    executablePath: E.E2E_CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ], // playwright gives every launch a fresh temporary profile (its own --user-data-dir)
  });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();

  let exitCode;
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  let summary;
  const pending = [];
  await page.exposeFunction("codeAutomationLog", (type, argv) => {
    const text = (Array.isArray(argv) ? argv : [argv]).map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
    for (const line of text.split("\n")) handleLine(type, line);
  });
  await page.exposeFunction("codeAutomationExit", (code) => {
    exitCode = code;
    resolveExit(code);
  });

  // Everything the page logs goes to test-results/e2e/NAME-console.log; stdout gets the
  // extension host's output (the test runner, the extension's errors) without the workbench's
  // own chatter.
  const consoleLog = fs.createWriteStream(path.join(resultsDir, `${name}-console.log`));
  cleanups.push(() => new Promise((r) => consoleLog.end(r)));
  let inNoiseStack = false;
  function handleLine(type, line) {
    consoleLog.write(`${type}: ${line}\n`);
    const m = /@@e2e:(\w+) (\{.*\})/.exec(line);
    if (!m) {
      const noise = WORKBENCH_NOISE.some((re) => re.test(line)) || (inNoiseStack && /^\s+at /.test(line));
      inNoiseStack = noise;
      if (noise) return;
      if (type === "error") console.error(line);
      else console.log(line);
      return;
    }
    let req;
    try {
      req = JSON.parse(m[2]);
    } catch {
      console.log(line);
      return;
    }
    if (m[1] === "screenshot") pending.push(screenshot(req));
    else if (m[1] === "click") pending.push(clickDialog(req));
    else if (m[1] === "contextMenu") pending.push(contextMenu(req));
    else if (m[1] === "type") pending.push(typeText(req));
    else if (m[1] === "sidebarWidth") pending.push(sidebarWidth(req));
    else if (m[1] === "result") {
      summary = req;
      if (!testsPath) resolveExit(req.failed > 0 ? 1 : 0);
    }
    else console.log(line);
  }

  // A frame (webviews are nested iframes) whose text includes `text`, polled for up to 30 s.
  async function waitForText(text) {
    const end = Date.now() + 30000;
    for (;;) {
      for (const frame of page.frames()) {
        const body = await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "");
        if (body.includes(text)) return;
      }
      if (Date.now() > end) throw new Error(`no view showed "${text}" within 30 s`);
      await page.waitForTimeout(200);
    }
  }

  async function screenshot({ name: shot, showing }) {
    const file = path.join(resultsDir, `${shot.replace(/[^\w.-]+/g, "_")}.png`);
    try {
      if (showing) await waitForText(showing);
      await page.screenshot({ path: `${file}.tmp.png` });
      fs.renameSync(`${file}.tmp.png`, file);
      say(`screenshot ${path.relative(root, file)}`);
      // what a person would read on it: the notification toasts
      const toasts = await page.locator(".notification-list-item-message").allInnerTexts().catch(() => []);
      for (const t of toasts) say(`  notification: ${t.replace(/\s+/g, " ").trim()}`);
    } catch (e) {
      console.error(`[e2e] screenshot ${shot}: ${e.message}`);
      fs.writeFileSync(`${file}.failed`, String(e.message));
    }
  }

  // Right-click a row of a tree view by its label, screenshot the context menu, close it.
  async function contextMenu({ label, screenshot: shot }) {
    try {
      const row = page.locator('.monaco-list-row[role="treeitem"]').filter({ has: page.locator(".label-name", { hasText: label }) }).first();
      await row.click({ button: "right", timeout: 10000 });
      await page.locator(".context-view .monaco-menu").first().waitFor({ state: "visible", timeout: 10000 });
      await page.waitForTimeout(400);
      await screenshot({ name: shot });
      await page.keyboard.press("Escape");
      await page.mouse.move(1000, 600); // no hover tooltip left on the tree for the next screenshot
    } catch (e) {
      console.error(`[e2e] context menu of "${label}": ${e.message}`);
      fs.writeFileSync(path.join(resultsDir, `${shot.replace(/[^\w.-]+/g, "_")}.png.failed`), String(e.message));
    }
  }

  // Drag the side bar's sash so its rows' descriptions show whole in the screenshots.
  async function sidebarWidth({ px }) {
    try {
      const box = await page.locator(".part.sidebar").boundingBox();
      if (!box) return;
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width, y);
      await page.mouse.down();
      await page.mouse.move(box.x + px, y, { steps: 8 });
      await page.mouse.up();
      await page.mouse.move(1000, 600);
    } catch (e) {
      console.error(`[e2e] side bar width: ${e.message}`);
    }
  }

  // Type into whatever has the focus (a quick input), let its validation answer, screenshot,
  // then press a key if asked (Enter accepts, Escape cancels).
  async function typeText({ text, screenshot: shot, press, settleMs = 1200 }) {
    try {
      await page.keyboard.type(text, { delay: 15 });
      await page.waitForTimeout(settleMs);
      if (shot) await screenshot({ name: shot });
      if (press) await page.keyboard.press(press);
      await page.mouse.move(1000, 600);
    } catch (e) {
      console.error(`[e2e] typing "${text}": ${e.message}`);
      if (shot) fs.writeFileSync(path.join(resultsDir, `${shot.replace(/[^\w.-]+/g, "_")}.png.failed`), String(e.message));
    }
  }

  // Answer a modal dialog (window.showXxxMessage(.., {modal:true}, ..)) like a person: wait for
  // it, take a screenshot, click the button with that label.
  async function clickDialog({ text, screenshot: shot, timeoutMs = 30000 }) {
    try {
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ state: "visible", timeout: timeoutMs });
      if (shot) await screenshot({ name: shot });
      const button = dialog.locator(".dialog-buttons a.monaco-button, .dialog-buttons .monaco-button").filter({ hasText: text }).first();
      await button.click({ timeout: 5000 });
      say(`dialog: clicked "${text}"`);
    } catch (e) {
      console.error(`[e2e] dialog "${text}": ${e.message}`);
    }
  }

  page.on("pageerror", (e) => console.error(`[e2e page error] ${e.message}`));
  page.on("crash", () => {
    console.error("[e2e] page crashed");
    resolveExit(1);
  });

  const folder = ws;
  const payload = extDevPaths.map((p) => ["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${p}`]);
  if (testsPath) payload.push(["extensionTestsPath", `vscode-remote://127.0.0.1:${port}${testsPath}`]);
  else {
    // the hosted runner says hello when its extension activates; without it, stop early
    let started = false;
    setTimeout(() => {
      if (!started) {
        console.error(`[e2e] ${name}: the hosted runner did not start in 120s (see test-results/e2e/${name}-console.log)`);
        resolveExit(1);
      }
    }, 120000).unref();
    page.on("console", (msg) => {
      if (msg.text().includes("hosted e2e runner")) started = true;
    });
    // hosted: the extension host's console goes to the page's console, as "%c[Extension Host] ..."
    page.on("console", (msg) => {
      const text = msg.text();
      if (!/\[Extension Host\]/.test(text)) return;
      // "%c[Extension Host] %cMESSAGE" + the two CSS arguments, joined: "color: blue color: "
      const clean = text.replace(/%c/g, "").replace(/^\s*\[Extension Host\] ?/, "").replace(/\s*color:\s*\w*\s*color:\s*\w*\s*$/, "");
      for (const line of clean.split("\n")) handleLine(msg.type(), line);
    });
  }
  const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`${name}: opening the workbench`);
  await page.goto(url, { waitUntil: "domcontentloaded" });

  const timeout = new Promise((r) =>
    setTimeout(() => {
      console.error(`[e2e] ${name}: no result after ${phaseTimeoutMs / 1000}s`);
      r(124);
    }, phaseTimeoutMs).unref(),
  );
  const code = await Promise.race([exited, timeout]);
  await Promise.allSettled(pending);
  if (code !== 0) {
    try {
      await page.screenshot({ path: path.join(resultsDir, `${name}-at-exit.png`) });
    } catch {}
  }
  say(`${name}: ${testsPath ? "extension host tests exited" : "hosted tests ended with"} ${code}`);
  return { code, summary };
}

// ---- main ------------------------------------------------------------------------------------
let status = 0;
const totals = { passed: 0, failed: 0, skipped: 0 };
try {
  if (!flag("--no-build")) {
    say("npm run build");
    run("npm", ["run", "--silent", "build"]);
  }
  const add = (name, r) => {
    if (r.summary) {
      totals.passed += r.summary.passed;
      totals.failed += r.summary.failed;
      totals.skipped += r.summary.skipped;
    } else {
      totals.failed += 1;
      console.error(`[e2e] ${name}: the runner reported no result`);
    }
    if (r.code !== 0) status = 1;
  };

  if (!only || only === "dev") {
    await lockCluster();
    const r = await session({
      name: "dev",
      extDevPaths: [root],
      testsPath: path.join(root, "out/test/e2e/index.js"),
    });
    add("dev", r);
  }
  if (!only || only === "dialogs") {
    await lockCluster();
    // the scenarios that answer modal dialogs, run by a second development extension (a
    // generated shim of out/test/e2e/host.js) as it activates: no extension-test mode
    const host = tmpdir("dialog-host");
    fs.writeFileSync(
      path.join(host, "package.json"),
      JSON.stringify({
        name: "incus-scriptlet-e2e-dialog-host",
        publisher: "incus-tools",
        version: "0.0.0",
        private: true,
        engines: { vscode: "^1.85.0" },
        activationEvents: ["onStartupFinished"],
        main: "./main.js",
      }),
    );
    fs.writeFileSync(path.join(host, "main.js"), `module.exports = require(${JSON.stringify(path.join(root, "out/test/e2e/host.js"))});\n`);
    // (code-server takes only the last extensionDevelopmentPath: the shim is installed instead)
    const r = await session({ name: "dialogs", extDevPaths: [root], installDir: host });
    add("dialogs", r);
  }
  if (!only || only === "vsix") {
    say("npm run package");
    const vsixDir = tmpdir("vsix");
    const vsix = path.join(vsixDir, "incus-scriptlet.vsix");
    run("node", [path.join(root, "tools/package.mjs"), "--out", vsix]);
    // the installed extension is the one under test; the development "extension" is only the
    // test runner's host: a package.json with no code (test/e2e/vsix-host/)
    const r = await session({
      name: "vsix",
      extDevPaths: [path.join(root, "test/e2e/vsix-host")],
      testsPath: path.join(root, "out/test/e2e/vsix-index.js"),
      installVsix: vsix,
    });
    add("vsix", r);
  }
} catch (e) {
  console.error(`[e2e] ${e?.stack ?? e}`);
  status = 1;
  totals.failed += 1; // the harness itself failed: never a clean "0 failed" line
} finally {
  await cleanup();
}
if (totals.failed > 0) status = 1;
say(`done; screenshots and logs in ${path.relative(root, resultsDir)}/`);
console.log(`e2e: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status);
