// Runs scenarios with mocha inside the VS Code extension host (any VS Code: code-server driven by
// tools/e2e/run.mjs, or desktop VS Code started by test/electron/run.ts). Mocha is not a project
// dependency: the e2e tooling installs it in its cache dir and passes its path in E2E_MOCHA.
import { format } from "node:util";
import * as vscode from "vscode";
import { reportResult } from "./protocol";

export interface Scenario {
  /** Short id used in names and --grep ("a", "vsix"). */
  id: string;
  title: string;
  timeoutMs?: number;
  /**
   * Why the scenario cannot run here, or undefined when it can. A skip is reported
   * (pending-with-reason); under CI a reason marked `required` fails instead.
   */
  precondition?: () => Promise<Skip | undefined>;
  run: () => Promise<void>;
}

export interface Skip {
  reason: string;
  /** The suite's environment should have provided it (e.g. the Incus test cluster): fail under CI. */
  required?: boolean;
}

interface MochaCtx {
  skip(): never;
}

export function runScenarios(suiteTitle: string, scenarios: Scenario[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require(process.env.E2E_MOCHA || "mocha");
  const grep = process.env.E2E_GREP;
  // The extension host forwards console.log's arguments unformatted: format mocha's "%s" lines here.
  Mocha.reporters.Base.consoleLog = (...a: unknown[]) => console.log(format(...a));
  const mocha = new Mocha({ ui: "bdd", reporter: "spec", color: false, timeout: 120000, ...(grep ? { grep: new RegExp(grep) } : {}) });
  const suite = Mocha.Suite.create(mocha.suite, suiteTitle);
  const skipped: string[] = [];
  for (const s of scenarios) {
    const name = `${s.id}. ${s.title}`;
    const test = new Mocha.Test(name, async function (this: MochaCtx) {
      const skip = s.precondition ? await s.precondition() : undefined;
      if (skip) {
        if (skip.required && process.env.CI) throw new Error(`cannot run: ${skip.reason}`);
        skipped.push(`${name}: ${skip.reason}`);
        console.log(`      skipped: ${skip.reason}`);
        this.skip();
      }
      await s.run();
    });
    suite.addTest(test); // (sets the suite's timeout on the test: override after)
    test.timeout(s.timeoutMs ?? 120000);
  }
  return prepareWorkbench().then(
    () =>
      new Promise<void>((resolve, reject) => {
        const runner = mocha.run((failures: number) => {
          const st = runner.stats ?? { passes: 0, failures, pending: 0 };
          if (skipped.length) console.log(`pending with reason:\n${skipped.map((x) => `  - ${x}`).join("\n")}`);
          reportResult({ passed: st.passes, failed: st.failures, skipped: st.pending });
          if (failures > 0) reject(new Error(`${failures} e2e scenario(s) failed`));
          else resolve();
        });
      }),
  );
}

/** The 1.139 workbench opens with the chat in the secondary side bar: close it for the screenshots. */
async function prepareWorkbench(): Promise<void> {
  for (const id of ["workbench.action.closeAuxiliaryBar", "notifications.clearAll"]) {
    try {
      await vscode.commands.executeCommand(id);
    } catch {
      // not in this VS Code
    }
  }
}
