// Language server entry point: `node main.js --stdio` (any editor) or `--node-ipc` (the
// VS Code client). vscode-languageserver picks the transport from the arguments.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";

startServer(createConnection(ProposedFeatures.all));
