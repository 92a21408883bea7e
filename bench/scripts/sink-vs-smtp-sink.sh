#!/usr/bin/env bash
# Sluice's sink against Postfix's smtp-sink, side by side, driven by Postfix's smtp-source.
#
#   bench/scripts/sink-vs-smtp-sink.sh            # 3 interleaved runs each, median, table
#   RUNS=5 MESSAGES=200000 bench/scripts/sink-vs-smtp-sink.sh
#   SINK_OPTS="--io-threads 1" bench/scripts/sink-vs-smtp-sink.sh   # one event loop
#
# Both servers run for the whole benchmark and are measured in turn (smtp-sink, sluice, smtp-sink,
# sluice, ...), so that drift in the machine's load hits both alike. Each run is
#   smtp-source -s SESSIONS -d -m MESSAGES -l SIZE 127.0.0.1:PORT
# timed from start to exit; msgs/s = MESSAGES / elapsed. The table shows every run, the median,
# and the CPU time each server itself used per 1000 messages (from /proc, user + system), which
# is less sensitive to other load on the machine than throughput.
#
# Before the timed runs, one untimed warm-up run of WARMUP messages goes to each server: Sluice's
# sink is a long-running JVM process and is measured after its JIT has compiled the hot path.
#
# Needs: Linux, Postfix's smtp-sink and smtp-source (/usr/sbin; Debian package postfix), Java 17,
# Maven (./sluice builds the CLI jar on first use), bc. As root, smtp-sink runs with -u nobody.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-3}"
MESSAGES="${MESSAGES:-100000}"
SESSIONS="${SESSIONS:-50}"
SIZE="${SIZE:-1024}"
WARMUP="${WARMUP:-50000}"
POSTFIX_PORT="${POSTFIX_PORT:-25251}"
SLUICE_PORT="${SLUICE_PORT:-25252}"
SMTP_SINK="${SMTP_SINK:-/usr/sbin/smtp-sink}"
SMTP_SOURCE="${SMTP_SOURCE:-/usr/sbin/smtp-source}"
# SINK_OPTS: more options for `sluice sink`, e.g. SINK_OPTS="--io-threads 1"
read -r -a sink_opts <<<"${SINK_OPTS:-}"

for tool in "$SMTP_SINK" "$SMTP_SOURCE"; do
  [ -x "$tool" ] || { echo "missing $tool (install Postfix: apt-get install postfix)" >&2; exit 2; }
done
command -v bc >/dev/null || { echo "missing bc" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/sink-bench.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- start both servers --------------------------------------------------------------------
"$root/sluice" --version >/dev/null # build the CLI jar now, not while a server waits
user_opt=()
[ "$(id -u)" = 0 ] && user_opt=(-u nobody)
"$SMTP_SINK" "${user_opt[@]}" "127.0.0.1:$POSTFIX_PORT" 1024 &
postfix_pid=$!
pids+=("$postfix_pid")
"$root/sluice" sink --bind 127.0.0.1 --port "$SLUICE_PORT" --tls none --count-only "${sink_opts[@]}" \
  >"$work/sluice.out" 2>"$work/sluice.err" &
sluice_pid=$!
pids+=("$sluice_pid")
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$work/sluice.out" 2>/dev/null && break
  kill -0 "$sluice_pid" 2>/dev/null || { cat "$work/sluice.err" >&2; exit 1; }
  sleep 0.1
done
grep -q '^listening on ' "$work/sluice.out" || { echo "sluice sink did not start" >&2; exit 1; }

# --- measurement ---------------------------------------------------------------------------
cpu_ticks() { # user + system clock ticks of a process
  awk '{print $14 + $15}' "/proc/$1/stat"
}
hz="$(getconf CLK_TCK)"

# run NAME PORT PID COUNT -> prints "msgs_per_s cpu_ms_per_1000_msgs"
run() {
  local port="$2" pid="$3" count="$4"
  local c0 c1 t0 t1
  c0="$(cpu_ticks "$pid")"
  t0="$(date +%s.%N)"
  if ! "$SMTP_SOURCE" -s "$SESSIONS" -d -m "$count" -l "$SIZE" "127.0.0.1:$port" >"$work/source.out" 2>&1; then
    echo "smtp-source failed against $1:" >&2
    cat "$work/source.out" >&2
    exit 1
  fi
  t1="$(date +%s.%N)"
  c1="$(cpu_ticks "$pid")"
  echo "$(echo "$count / ($t1 - $t0)" | bc -l) $(echo "($c1 - $c0) * 1000 / $hz * 1000 / $count" | bc -l)"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up: $WARMUP messages to each server (untimed)" >&2
run smtp-sink "$POSTFIX_PORT" "$postfix_pid" "$WARMUP" >/dev/null
run sluice "$SLUICE_PORT" "$sluice_pid" "$WARMUP" >/dev/null

: >"$work/postfix.runs"
: >"$work/sluice.runs"
for i in $(seq 1 "$RUNS"); do
  echo "run $i/$RUNS: smtp-sink" >&2
  run smtp-sink "$POSTFIX_PORT" "$postfix_pid" "$MESSAGES" >>"$work/postfix.runs"
  echo "run $i/$RUNS: sluice sink" >&2
  run sluice "$SLUICE_PORT" "$sluice_pid" "$MESSAGES" >>"$work/sluice.runs"
done

# --- check and report ----------------------------------------------------------------------
kill -TERM "$sluice_pid"
wait "$sluice_pid" 2>/dev/null || true
expected=$(( WARMUP + RUNS * MESSAGES ))
counters="$(grep '^connections=' "$work/sluice.out" || true)"
accepted="$(sed -n 's/.* messages=\([0-9]*\) .*/\1/p' <<<"$counters")"
if [ "$accepted" != "$expected" ]; then
  echo "sluice sink accepted ${accepted:-?} messages, expected $expected: $counters" >&2
  exit 1
fi

fmt() { printf "%'.0f" "$1"; }
row() { # NAME FILE
  local runs med cpu
  runs="$(awk '{printf "%s%\047.0f", (NR > 1 ? " / " : ""), $1}' "$2")"
  med="$(awk '{print $1}' "$2" | median)"
  cpu="$(awk '{print $2}' "$2" | median)"
  printf "| %-12s | %s | %s | %.1f |\n" "$1" "$runs" "$(fmt "$med")" "$cpu"
}
postfix_median="$(awk '{print $1}' "$work/postfix.runs" | median)"
sluice_median="$(awk '{print $1}' "$work/sluice.runs" | median)"
# Each pair ran back to back, so its ratio is the least disturbed by load that comes and goes.
paste -d' ' "$work/sluice.runs" "$work/postfix.runs" | awk '{printf "%.2f\n", $1 / $3}' >"$work/ratios"

echo
echo "smtp-source -s $SESSIONS -d -m $MESSAGES -l $SIZE; $RUNS interleaved runs after a $WARMUP-message warm-up"
echo "sluice sink options: --tls none --count-only ${SINK_OPTS:-}"
echo "machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| server       | msgs/s per run | median msgs/s | server CPU ms / 1000 msgs (median) |"
echo "|--------------|----------------|---------------|------------------------------------|"
row "smtp-sink" "$work/postfix.runs"
row "sluice sink" "$work/sluice.runs"
echo
printf "sluice sink / smtp-sink: %.2fx (ratio of the medians); per run pair: %s (median %.2fx)\n" \
  "$(echo "$sluice_median / $postfix_median" | bc -l)" "$(paste -sd' ' "$work/ratios")" \
  "$(median <"$work/ratios")"
echo "sluice sink counters: $counters"
