# Paths and versions of the end-to-end tooling (sourced by tools/e2e/install.sh and run.sh).
export E2E_CACHE="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incus-scriptlet-e2e}"
export E2E_NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
export E2E_CODE_SERVER_VERSION="${E2E_CODE_SERVER_VERSION:-4.139.1}"
# playwright-core drives the system Chromium; mocha runs inside the extension host;
# @vscode/vsce 3.9.x still runs on Node 20 (3.8 and 4.x need Node 22).
export E2E_TOOLS="${E2E_TOOLS:-playwright-core@1.65.1 mocha@11.7.5 @vscode/vsce@3.9.2}"
export E2E_N24="$E2E_CACHE/node24"
export E2E_CODE_SERVER="$E2E_CACHE/cs/node_modules/code-server/out/node/entry.js"
export E2E_CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
export E2E_TOOLS_MODULES="$E2E_CACHE/tools/node_modules"
