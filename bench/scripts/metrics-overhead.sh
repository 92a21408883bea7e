#!/usr/bin/env bash
# The cost of sluice-micrometer's binder: `sluice blast` with the binder on a SimpleMeterRegistry
# (hidden --metrics-simple) against the same blast without it, in pairs whose order alternates
# (off/on, on/off, ...), all against one external `sluice sink` process so that cpu_s is the
# client's alone. Prints each run and the ratio of CPU per message, on/off, per pair and median.
#
#   bench/scripts/metrics-overhead.sh                    # defaults below
#   PAIRS=6 MESSAGES=200000 bench/scripts/metrics-overhead.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PAIRS="${PAIRS:-4}"
MESSAGES="${MESSAGES:-100000}"
WARMUP="${WARMUP:-100000}"
CONNECTIONS="${CONNECTIONS:-10}"
SIZE="${SIZE:-1024}"

"$root/sluice" --version >/dev/null # builds the CLI jar if needed
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
for _ in $(seq 1 200); do
  port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/sink.out")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the sink did not start: $(cat "$work/sink.out")" >&2; exit 1; }

run() { # $1 = on|off; prints "cpu_s msgs_per_s"
  local extra=()
  [ "$1" = on ] && extra=(--metrics-simple)
  local line
  line="$(java -jar "$root/cli/target/sluice.jar" blast --host 127.0.0.1 --port "$port" --tls none \
    --messages "$MESSAGES" --warmup "$WARMUP" --connections "$CONNECTIONS" --size "$SIZE" "${extra[@]}" 2>/dev/null | tail -1)"
  echo "$1 $line" >&2
  local cpu rate
  cpu="$(sed -n 's/.*cpu_s=\([0-9.]*\).*/\1/p' <<<"$line")"
  rate="$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
  echo "$cpu $rate"
}

ratios=()
echo "| pair | order | off cpu_s | on cpu_s | off msgs/s | on msgs/s | CPU/msg on/off |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) -eq 1 ]; then order="off,on"; off="$(run off)"; on="$(run on)"
  else order="on,off"; on="$(run on)"; off="$(run off)"; fi
  read -r off_cpu off_rate <<<"$off"
  read -r on_cpu on_rate <<<"$on"
  ratio="$(echo "scale=3; $on_cpu / $off_cpu" | bc)"
  ratios+=("$ratio")
  echo "| $i | $order | $off_cpu | $on_cpu | $off_rate | $on_rate | $ratio |"
done
median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
echo
echo "median CPU per message, binder on / off: $median (messages per run: $MESSAGES timed after $WARMUP, $CONNECTIONS connections, $SIZE bytes)"
