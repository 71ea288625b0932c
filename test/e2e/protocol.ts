// What a test body running inside the extension host asks of the driver outside (the playwright
// side, tools/e2e/run.mjs): one marker line on the console, which VS Code forwards to the page's
// `codeAutomationLog` hook. Under a runner without such a driver (test/electron/), screenshots
// are skipped and `canAnswerDialogs()` is false.
import * as fs from "node:fs";
import * as path from "node:path";

export const hasDriver = (): boolean => process.env.E2E_DRIVER === "playwright";
export const resultsDir = (): string | undefined => process.env.E2E_RESULTS_DIR || undefined;

function marker(kind: string, body: object): void {
  console.log(`@@e2e:${kind} ${JSON.stringify(body)}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined/false, or throws on timeout with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(everyMs);
  }
}

const safe = (name: string) => name.replace(/[^\w.-]+/g, "_");
const phased = (shot: string) => (process.env.E2E_PHASE ? `${process.env.E2E_PHASE}-${shot}` : shot);

/**
 * A screenshot of the whole workbench into test-results/e2e/PHASE-NAME.png (taken by the driver).
 * `showing`: a text a webview (the result view, a matrix) must show first — the driver waits for
 * it in the page's frames, and the screenshot fails if it never appears (a blank view proves
 * nothing).
 */
export async function screenshot(shot: string, showing?: string): Promise<void> {
  const dir = resultsDir();
  if (!dir || !hasDriver()) return;
  const name = phased(shot);
  clearShot(name);
  marker("screenshot", { name, showing });
  await driverShot(name);
}

/**
 * Asks the driver to answer the next modal dialog by clicking the button labelled `text` (after
 * a screenshot of it named `shot`). Call it *before* the command that opens the dialog.
 */
export function answerNextDialog(text: string, shot?: string): void {
  if (!hasDriver()) throw new Error("no driver to answer a modal dialog");
  const name = shot && process.env.E2E_PHASE ? `${process.env.E2E_PHASE}-${shot}` : shot;
  marker("click", { text, screenshot: name ? safe(name) : undefined });
}

/** The runner's result for the driver's summary line. */
export function reportResult(r: { passed: number; failed: number; skipped: number }): void {
  marker("result", r);
}

/** Waits for the driver's screenshot file (or its `.failed` note, which throws). */
async function driverShot(name: string): Promise<void> {
  const dir = resultsDir()!;
  const file = path.join(dir, `${safe(name)}.png`);
  await waitFor(`screenshot ${name}`, () => fs.existsSync(file) || fs.existsSync(`${file}.failed`), 30000, 100);
  if (fs.existsSync(`${file}.failed`)) throw new Error(`the driver could not take ${name}: ${fs.readFileSync(`${file}.failed`, "utf8")}`);
}

function clearShot(name: string): void {
  const file = path.join(resultsDir()!, `${safe(name)}.png`);
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.failed`, { force: true });
}

/** Right-clicks the tree row labelled `label` (the sidebar must show it), screenshots its context menu, closes it. */
export async function contextMenuShot(label: string, shot: string): Promise<void> {
  if (!hasDriver() || !resultsDir()) return;
  const name = phased(shot);
  clearShot(name);
  marker("contextMenu", { label, screenshot: safe(name) });
  await driverShot(name);
}

/** Types `text` into the focused quick input like a person, screenshots after its validation, then presses `press`. */
export async function typeIntoFocused(text: string, shot?: string, press?: string): Promise<void> {
  if (!hasDriver() || !resultsDir()) throw new Error("no driver to type");
  const name = shot ? phased(shot) : undefined;
  if (name) clearShot(name);
  marker("type", { text, screenshot: name ? safe(name) : undefined, press });
  if (name) await driverShot(name);
  else await sleep(1500);
}

/** Asks the driver to drag the side bar to `px` wide (a person resizing it). */
export async function setSidebarWidth(px: number): Promise<void> {
  if (!hasDriver()) return;
  marker("sidebarWidth", { px });
  await sleep(1500);
}
