#!/usr/bin/env bash
# The binder's cost in one JVM (dev.sluice.bench.metrics.MetricsOverhead): two bulk senders, with
# and without sluice-micrometer on a SimpleMeterRegistry, alternating blocks in pairs of flipping
# order, against one external `sluice sink` (plaintext, count only) so the CPU is the client's.
#
#   bench/scripts/metrics-overhead-jvm.sh            # 8 pairs of 50,000-message blocks, 10 connections
#   BLOCK=100000 PAIRS=10 bench/scripts/metrics-overhead-jvm.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BLOCK="${BLOCK:-50000}"
PAIRS="${PAIRS:-8}"
CONNECTIONS="${CONNECTIONS:-10}"
SIZE="${SIZE:-1024}"

"$root/sluice" --version >/dev/null # builds the CLI jar if needed
[ -f "$root/bench/target/benchmarks.jar" ] || (cd "$root" && mvn -B -q -pl bench -am package -DskipTests)
work="$(mktemp -d "${TMPDIR:-/tmp}/overhead.XXXXXX")"
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

java -jar "$root/cli/target/sluice.jar" sink --port 0 --tls none --count-only >"$work/sink.out" 2>&1 &
sink_pid=$!
port=
for _ in $(seq 1 200); do
  port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/sink.out")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the sink did not start: $(cat "$work/sink.out")" >&2; exit 1; }

java -cp "$root/bench/target/benchmarks.jar" dev.sluice.bench.metrics.MetricsOverhead \
  127.0.0.1 "$port" "$BLOCK" "$PAIRS" "$CONNECTIONS" "$SIZE"
