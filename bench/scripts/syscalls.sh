#!/usr/bin/env bash
# System calls per message on loopback (strace -c -f), 1 KiB messages over C connections to
# `sluice sink --tls none` (PIPELINING and CHUNKING): sluice blast with its default pipelined-BDAT
# window, sluice blast --bdat-window 1 (one BDAT transaction at a time), and NioSmtpClient
# (bench-peers' NioSmtpBlast). Each client runs twice (N1 and N2 messages, no warmup); the
# difference of the totals over N2 - N1 cancels JVM start-up and connection setup.
#
#   bench/scripts/syscalls.sh            # CONNECTIONS=10 N1=5000 N2=15000
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONNECTIONS="${CONNECTIONS:-10}"
N1="${N1:-5000}"
N2="${N2:-15000}"
SINK_PORT="${SINK_PORT:-25293}"
peers_jar="$root/bench-peers/target/peers-benchmarks.jar"
command -v strace >/dev/null || { echo "strace is needed (apt-get install strace)" >&2; exit 2; }
"$root/sluice" --version >/dev/null
[ -f "$peers_jar" ] || (cd "$root" && mvn -B -q -pl bench-peers package -DskipTests) >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/syscalls.XXXXXX")"
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
java -jar "$root/cli/target/sluice.jar" sink --tls none --count-only --port "$SINK_PORT" >"$work/sink" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/sink" && break; sleep 0.2; done

# total system calls of one traced run
calls() { # CLIENT N
  local out="$work/strace"
  case "$1" in
    sluice) strace -f -c -q -o "$out" java -jar "$root/cli/target/sluice.jar" blast --host 127.0.0.1 \
        --port "$SINK_PORT" --tls none --connections "$CONNECTIONS" --messages "$2" --warmup 0 >/dev/null 2>&1 ;;
    sluice-w1) strace -f -c -q -o "$out" java -jar "$root/cli/target/sluice.jar" blast --host 127.0.0.1 \
        --port "$SINK_PORT" --tls none --connections "$CONNECTIONS" --messages "$2" --warmup 0 --bdat-window 1 \
        >/dev/null 2>&1 ;;
    nio) strace -f -c -q -o "$out" java -cp "$peers_jar" dev.sluice.bench.peers.NioSmtpBlast --port "$SINK_PORT" \
        --connections "$CONNECTIONS" --messages "$2" --warmup 0 --size 1024 >/dev/null 2>&1 ;;
  esac
  awk '$NF == "total" {print $4 + 0}' "$out"
}

echo "machine: $(nproc) cores, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "connections: $CONNECTIONS, 1 KiB, sluice sink --tls none; per message = (calls($N2) - calls($N1)) / ($N2 - $N1)"
echo
echo "| client | system calls per message |"
echo "|---|---:|"
for client in sluice sluice-w1 nio; do
  a="$(calls "$client" "$N1")"
  b="$(calls "$client" "$N2")"
  printf "| %s | %.2f |\n" "$client" "$(echo "($b - $a) / ($N2 - $N1)" | bc -l)"
done
