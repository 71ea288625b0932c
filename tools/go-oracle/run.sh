#!/usr/bin/env bash
# Builds (once, into a temp folder) and runs go-oracle: go.starlark.net as Debian ships it.
# usage: tools/go-oracle/run.sh [-mode compile|run|bench] [-incus 6.0|7] [-set] [-while] ... FILE.star
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${GO_ORACLE_BIN:-${TMPDIR:-/tmp}/incus-scriptlet-go-oracle/go-oracle}
if [ ! -x "$bin" ] || [ "$here/main.go" -nt "$bin" ]; then
  mkdir -p "$(dirname "$bin")"
  build=$(mktemp -d)
  mkdir -p "$build/src/oracle"
  cp "$here/main.go" "$build/src/oracle/"
  # GOPATH mode over Debian's packaged Go sources: no module download is needed.
  (cd "$build/src/oracle" && GO111MODULE=off GOPATH="$build:/usr/share/gocode" GOCACHE="$build/cache" \
    go build -o "$bin" . ) >&2
  rm -rf "$build"
fi
exec "$bin" "$@"
