#!/usr/bin/env bash
# Stop the local Incus test cluster started by start.sh and remove its state.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"
[ -d "$INCUS_TEST_DIR" ] || { echo "incus-cluster: nothing to stop ($INCUS_TEST_DIR absent)"; exit 0; }

pids=()
for d in "$INCUS_TEST_DIR"/m*; do
  [ -f "$d/incusd.pid" ] || continue
  pid=$(cat "$d/incusd.pid")
  # only our daemon: the process must be incusd with this INCUS_DIR
  if [ -r "/proc/$pid/environ" ] && tr '\0' '\n' <"/proc/$pid/environ" | grep -qx "INCUS_DIR=$d"; then
    kill "$pid" 2>/dev/null && pids+=("$pid")
  fi
done
for _ in $(seq 1 40); do
  left=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
  [ $left = 0 ] && break
  sleep 0.25
done
for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
sleep 0.2
# unmount anything incusd mounted below the state dir (shmounts, devincus, storage)
grep -o " $INCUS_TEST_DIR[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
rm -rf "$INCUS_TEST_DIR"
echo "incus-cluster: stopped ${#pids[@]} daemon(s), removed $INCUS_TEST_DIR"
