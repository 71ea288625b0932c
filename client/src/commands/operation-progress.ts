// Runs an Incus request that starts an operation (evacuate, restore, move) under a cancellable
// progress notification. Cancelling asks Incus to cancel; if Incus cannot, the user is told the
// operation goes on and the notification stops following it.
import * as vscode from "vscode";
import { IncusRest, OperationCancelled } from "../incus/rest";
import type { Log } from "../output";
import { errorMessage } from "../util/errors";

export type OperationOutcome = "done" | "cancelled" | "failed";

export async function runOperation(rest: IncusRest, log: Log, title: string, start: () => Promise<{ operation?: string; type: string }>): Promise<OperationOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    try {
      const answer = await start();
      if (answer.type !== "async" || !answer.operation) {
        log.info(`${title}: done`);
        return "done";
      }
      const opPath = answer.operation;
      progress.report({ message: "running…" });
      let cancelRequested = false;
      token.onCancellationRequested(() => {
        cancelRequested = true;
        rest.cancelOperation(opPath).then(
          () => log.info(`${title}: cancel requested`),
          (e) => {
            log.error(`${title}: Incus would not cancel: ${errorMessage(e)}`);
            void vscode.window.showWarningMessage(`${title}: Incus cannot cancel this operation (${errorMessage(e)}); it goes on on the server.`);
          },
        );
      });
      await rest.waitOperation(opPath, () => cancelRequested);
      log.info(`${title}: done`);
      void vscode.window.showInformationMessage(`${title}: done`);
      return "done";
    } catch (e) {
      if (e instanceof OperationCancelled) {
        log.info(`${title}: stopped following (cancelled)`);
        return "cancelled";
      }
      log.error(`${title}: ${errorMessage(e)}`);
      void vscode.window.showErrorMessage(`${title} failed: ${errorMessage(e)}`);
      return "failed";
    }
  });
}
