// Runs an Incus request that starts an operation (evacuate, restore, move, start, stop...)
// through the server, under a cancellable progress notification. Cancelling cancels the
// request; the server then asks Incus to cancel the operation, and says so when Incus cannot.
import * as vscode from "vscode";
import type { ScriptletLanguageClient } from "../language/language-client";
import type { Log } from "../output";
import { errorMessage } from "../util/errors";
import { Requests, type ApiCallParams } from "../../../server/src/lsp/protocol";

export type OperationOutcome = "done" | "cancelled" | "failed";

export async function runOperation(server: ScriptletLanguageClient, log: Log, title: string, call: Omit<ApiCallParams, "wait">): Promise<OperationOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    progress.report({ message: "running…" });
    try {
      const answer = await server.request(Requests.apiCall, { ...call, wait: true }, token);
      if (answer.ok) {
        log.info(`${title}: done`);
        void vscode.window.showInformationMessage(`${title}: done`);
        return "done";
      }
      if (answer.cancelled) {
        log.info(`${title}: ${answer.error}`);
        void vscode.window.showWarningMessage(`${title}: ${answer.error}`);
        return "cancelled";
      }
      log.error(`${title}: ${answer.error}`);
      void vscode.window.showErrorMessage(`${title} failed: ${answer.error}`);
      return "failed";
    } catch (e) {
      if (token.isCancellationRequested) {
        log.info(`${title}: cancelled`);
        return "cancelled";
      }
      log.error(`${title}: ${errorMessage(e)}`);
      void vscode.window.showErrorMessage(`${title} failed: ${errorMessage(e)}`);
      return "failed";
    }
  });
}
