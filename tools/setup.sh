#!/usr/bin/env bash
# Installs and starts everything the tests need on a fresh Debian 12 machine (run as root):
# Debian's bookworm-backports for go.starlark.net's test suite (golang-starlark-dev), the Go
# toolchain for the reference interpreter used by benchmarks and differential tests, and the
# npm dependencies; Incus (incus-base: incusd + the incus client, containers only, no QEMU) and a
# three-member Incus test cluster on 127.0.0.1-3 (tools/incus-cluster/start.sh); libxml2-utils
# (xmllint: JUnit reports checked against their schema) and busybox-static (the root file system
# of a local image, so instance operations run on a real container).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f /etc/apt/sources.list.d/backports.sources ]; then
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo http://deb.debian.org/debian)
  cat > /etc/apt/sources.list.d/backports.sources <<SRC
Types: deb
URIs: ${mirror}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

need=()
# libxml2-utils: xmllint validates `run --format junit` against a JUnit XSD in the tests.
for pkg in golang-starlark-dev golang-go incus-base incus-client libxml2-utils busybox-static; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t bookworm-backports "${need[@]}"
fi

[ -d node_modules ] || npm ci

# A real Incus cluster for test/incus/ (already running -> only verified).
bash tools/incus-cluster/start.sh
