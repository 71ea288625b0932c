// extensionTestsPath of the development-extension run: the extension host loads this module and
// awaits run(); a rejection makes VS Code exit with code 1.
import { runScenarios } from "./runner";
import { clientScenarios, languageScenarios, operatorScenarios } from "./scenarios.e2e";
import { authorizationScenarios } from "./authorization.e2e";
import { placementScenarioScenarios } from "./placement-scenarios.e2e";
import { operatorScenarios2 } from "./operator-scenarios.e2e";

export function run(): Promise<void> {
  return runScenarios("Incus scriptlets in VS Code", [...languageScenarios, ...clientScenarios, ...operatorScenarios, ...authorizationScenarios, ...placementScenarioScenarios, ...operatorScenarios2]);
}
