# Environment of the local three-member Incus test cluster (tools/incus-cluster/start.sh).
# Source it:  . tools/incus-cluster/env.sh   then e.g.  incus cluster list
# Every variable can be overridden before sourcing / before running start.sh.
#
#   INCUS_TEST_DIR      base directory of the cluster state   (/tmp/incus-test)
#   INCUS_TEST_MEMBERS  number of members                     (3)
#   INCUS_TEST_NET      address prefix, must be loopback      (127.0.0.)
#   INCUS_TEST_PORT     port of every member                  (8443)
#   member i (1..N):    name node<i>, INCUS_DIR=$INCUS_TEST_DIR/m<i>,
#                       address ${INCUS_TEST_NET}<i>:$INCUS_TEST_PORT, log $INCUS_TEST_DIR/m<i>/incusd.log
#   storage pool `local` (driver dir), default profile has root disk on `local`
#   INCUS_DIR           exported as member 1's dir, so a plain `incus` talks to node1
#   INCUS_CONF          client config dir, kept inside INCUS_TEST_DIR (not ~/.config/incus)
#   INCUSD              the daemon binary                     (/usr/libexec/incus/incusd)
export INCUS_TEST_DIR="${INCUS_TEST_DIR:-/tmp/incus-test}"
export INCUS_TEST_MEMBERS="${INCUS_TEST_MEMBERS:-3}"
export INCUS_TEST_NET="${INCUS_TEST_NET:-127.0.0.}"
export INCUS_TEST_PORT="${INCUS_TEST_PORT:-8443}"
export INCUSD="${INCUSD:-/usr/libexec/incus/incusd}"
export INCUS_CONF="${INCUS_CONF:-$INCUS_TEST_DIR/client}"
export INCUS_DIR="$INCUS_TEST_DIR/m1"
