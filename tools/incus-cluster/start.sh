#!/usr/bin/env bash
# Start a real three-member Incus cluster on this machine (run as root; no systemd needed):
# one incusd per member, INCUS_DIR=$INCUS_TEST_DIR/m<i> (default /tmp/incus-test/m1..m3),
# listening on 127.0.0.<i>:8443, member names node1..node3, a `dir` pool `local`.
# Member 1 bootstraps with `incus admin init --preseed`; the others join with tokens.
# Idempotent: when the cluster is already up it only verifies that every member is ONLINE.
# Exits non-zero with the daemon log tails when anything fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"
N="$INCUS_TEST_MEMBERS"
t0=$(date +%s)

log() { echo "incus-cluster: $*" >&2; }
dir_of() { echo "$INCUS_TEST_DIR/m$1"; }
inc() { local i=$1; shift; INCUS_DIR="$(dir_of "$i")" incus "$@"; }

fail() {
  log "FAILED: $*"
  for i in $(seq 1 "$N"); do
    local d; d=$(dir_of "$i")
    for f in "$d/incusd.log" "$d/incusd.out"; do
      if [ -s "$f" ]; then echo "----- tail $f" >&2; tail -n 30 "$f" >&2; fi
    done
  done
  exit 1
}

alive() { # member index -> daemon answers on its unix socket
  local d; d=$(dir_of "$1")
  [ -S "$d/unix.socket" ] && INCUS_DIR="$d" timeout 10 incus query /1.0 >/dev/null 2>&1
}

all_online() {
  local out
  out=$(inc 1 cluster list --format csv -c ns 2>/dev/null) || return 1
  [ "$(grep -c ',ONLINE$' <<<"$out")" -eq "$N" ]
}

case "$INCUS_TEST_NET" in 127.*) ;; *) fail "INCUS_TEST_NET=$INCUS_TEST_NET is not a loopback prefix";; esac
[ "$(id -u)" = 0 ] || fail "must run as root (incusd needs it)"
command -v incus >/dev/null || fail "incus client not installed (run tools/setup.sh)"
[ -x "$INCUSD" ] || fail "$INCUSD not found (apt-get install -t bookworm-backports incus-base)"

# Already running? (every daemon answers)
up=0
if [ -f "$INCUS_TEST_DIR/.formed" ]; then
  up=1
  for i in $(seq 1 "$N"); do alive "$i" || { up=0; log "member node$i is not answering"; break; }; done
fi
if [ $up = 1 ]; then
  for _ in $(seq 1 30); do all_online && break; sleep 1; done
  all_online || { inc 1 cluster list >&2 || true; fail "not every member is ONLINE (to rebuild: bash $here/stop.sh; bash $here/start.sh)"; }
  log "already running; all $N members ONLINE"
  inc 1 cluster list
  exit 0
fi

# Stale, half-formed or partly dead: start over (takes ~2 s).
if [ -e "$INCUS_TEST_DIR" ]; then
  log "removing old state in $INCUS_TEST_DIR"
  bash "$here/stop.sh" >/dev/null 2>&1 || true
fi

# What incusd needs from the host, outside systemd.
mkdir -p /var/log/incus /run/incus
if [ -d /sys/fs/cgroup ] && ! mountpoint -q /sys/fs/cgroup; then
  mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || true
fi
# lxcfs is only used for containers that run; we never start any. Not started on purpose.

mkdir -p "$INCUS_TEST_DIR" "$INCUS_CONF"
chmod 711 "$INCUS_TEST_DIR"

start_daemon() {
  local i=$1 d; d=$(dir_of "$i")
  mkdir -p "$d"; chmod 711 "$d"
  # INCUS_SKIP_INSTANCE_TYPES: no daily download from images.linuxcontainers.org (loopback only).
  # INCUS_SECURITY_APPARMOR=false: no AppArmor (CI kernels may lack it; nothing runs anyway).
  INCUS_DIR="$d" INCUS_SKIP_INSTANCE_TYPES=true INCUS_SECURITY_APPARMOR=false \
    setsid "$INCUSD" --group root --logfile "$d/incusd.log" \
    </dev/null >"$d/incusd.out" 2>&1 &
  echo $! >"$d/incusd.pid"
}
wait_ready() { # fails early when the daemon exits, else after 90s
  local i=$1 d pid; d=$(dir_of "$i"); pid=$(cat "$d/incusd.pid")
  for _ in $(seq 1 450); do
    kill -0 "$pid" 2>/dev/null || fail "incusd for member $i exited"
    INCUS_DIR="$d" timeout 5 incus admin waitready --timeout=1 >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  fail "incusd for member $i did not become ready within 90s"
}

for i in $(seq 1 "$N"); do start_daemon "$i"; done
for i in $(seq 1 "$N"); do wait_ready "$i"; done
log "daemons ready after $(( $(date +%s) - t0 ))s"

inc 1 admin init --preseed <<YAML || fail "bootstrap preseed of node1"
config:
  core.https_address: ${INCUS_TEST_NET}1:$INCUS_TEST_PORT
storage_pools:
- name: local
  driver: dir
profiles:
- name: default
  devices:
    root:
      path: /
      pool: local
      type: disk
cluster:
  server_name: node1
  enabled: true
YAML
log "node1 bootstrapped after $(( $(date +%s) - t0 ))s"

for i in $(seq 2 "$N"); do
  token=$(inc 1 cluster add "node$i" --quiet) || fail "cluster add node$i"
  inc "$i" admin init --preseed <<YAML || fail "join of node$i"
cluster:
  enabled: true
  server_name: node$i
  server_address: ${INCUS_TEST_NET}$i:$INCUS_TEST_PORT
  cluster_token: $token
  member_config:
  - entity: storage-pool
    name: local
    key: source
    value: ""
YAML
  log "node$i joined after $(( $(date +%s) - t0 ))s"
done

for _ in $(seq 1 60); do all_online && break; sleep 1; done
all_online || { inc 1 cluster list >&2 || true; fail "not every member is ONLINE"; }
touch "$INCUS_TEST_DIR/.formed"

inc 1 cluster list
cat <<MSG
Incus test cluster up in $(( $(date +%s) - t0 ))s: $N members node1..node$N on ${INCUS_TEST_NET}1..$N:$INCUS_TEST_PORT.
Use it:   INCUS_DIR=$INCUS_TEST_DIR/m1 incus cluster list
   or:    . tools/incus-cluster/env.sh && incus cluster list
Logs:     $INCUS_TEST_DIR/m<i>/incusd.log     Stop + wipe:  bash tools/incus-cluster/stop.sh
MSG
