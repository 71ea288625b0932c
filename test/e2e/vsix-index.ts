// extensionTestsPath of the .vsix run (tools/e2e/run.mjs): the extension under test is the one
// installed from the packaged .vsix (the development "extension" is test/e2e/vsix-host, no code).
import { runScenarios } from "./runner";
import { vsixScenarios } from "./vsix.e2e";

export function run(): Promise<void> {
  return runScenarios("Incus scriptlets installed from the .vsix", vsixScenarios);
}
