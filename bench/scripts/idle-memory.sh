#!/usr/bin/env bash
# Heap per idle connection: 10,000 sessions (connected, EHLO done; STARTTLS too for the TLS modes)
# held idle against Sluice's sink, heap in use after a full GC divided by the connections.
#
#   bench/scripts/idle-memory.sh                    # 10000 connections, none / starttls-jdk / starttls-openssl
#   CONNECTIONS=20000 MODES=none bench/scripts/idle-memory.sh
#
# The sink runs in a child JVM (IdleConnectionsMain starts it), so only the client's side is in the
# heap measured. Each process needs CONNECTIONS file descriptors: the limit is raised to the hard one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONNECTIONS="${CONNECTIONS:-10000}"
MODES="${MODES:-none starttls-jdk starttls-openssl}"
jar="$root/bench/target/benchmarks.jar"

ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $(( CONNECTIONS + 1000 )) ]; then
  echo "the file descriptor limit ($(ulimit -n)) is below $CONNECTIONS + 1000; raise the hard limit" >&2
  exit 2
fi
[ -f "$jar" ] || (cd "$root" && mvn -B -q -pl bench -am package -DskipTests)

echo "machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
echo
for mode in $MODES; do
  java -Xms1g -Xmx1g -cp "$jar" dev.sluice.bench.memory.IdleConnectionsMain "$CONNECTIONS" "$mode"
  echo
done
