#!/usr/bin/env bash
# The queue path against the direct path, on one machine: `sluice enqueue` -> RabbitMQ (one private
# node) -> one `sluice worker` -> `sluice sink`, versus `sluice blast` -> the same sink, 1 KiB
# mails, interleaved RUNS times. Prints msgs/s and CPU per 1,000 messages of each process.
#
#   bench/scripts/amqp-vs-blast.sh          # MESSAGES=20000 RUNS=3
#
# Queue path: the worker and `outcomes --expect N` already run (as in production), so enqueueing,
# sending and reading outcomes overlap. msgs_per_s is the pipeline's: N over the span from the first
# mail's publish to the last outcome (the records' enqueuedAt and finishedAt), which leaves the JVM
# starts out as blast's own figure does; "wall" adds enqueue's JVM start and the last outcome's
# trip to the reader (timed from launching `enqueue` until `outcomes` exits). CPU is each
# process's utime+stime from /proc/PID/stat over the same span: the broker (the Erlang VM), the
# worker, the sink; enqueue and outcomes are reported apart (they are the application's side).
# Blast: its own msgs/s and cpu_s line, no warm-up (the worker gets none either), plus the sink's CPU.
#
# Needs: Linux, root (the node runs as user rabbitmq), Debian's rabbitmq-server, Java 17, Maven, awk.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MESSAGES="${MESSAGES:-20000}"
RUNS="${RUNS:-3}"
PREFETCH="${PREFETCH:-1000}"
AMQP_PORT="${AMQP_PORT:-25481}"
DIST_PORT="${DIST_PORT:-35481}"
SINK_PORT="${SINK_PORT:-25482}"
jar="${JAR:-$root/cli/target/sluice.jar}"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -pl cli -am package -DskipTests)

work="$(mktemp -d /tmp/sluice-amqp-bench.XXXXXX)"
node="sluice-bench-$$@localhost"
base="$work/node"
mkdir -p "$base"
echo "[]." > "$base/plugins"
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$AMQP_PORT" > "$base/rabbitmq.conf"
chown -R rabbitmq:rabbitmq "$work"
cleanup() {
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null || true
  [ -n "${outcomes_pid:-}" ] && kill "$outcomes_pid" 2>/dev/null || true
  [ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null || true
  rabbitmqctl -n "$node" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd /var/lib/rabbitmq && RABBITMQ_NODENAME="$node" RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" \
  RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" RABBITMQ_PID_FILE="$base/pid" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$base/plugins" RABBITMQ_CONFIG_FILE="$base/rabbitmq" \
  setsid nohup rabbitmq-server > "$base/stdout.log" 2>&1 < /dev/null &)
sleep 5
until rabbitmqctl -n "$node" await_startup --timeout 60 >/dev/null 2>&1; do sleep 1; done
broker_pid="$(cat "$base/pid")"

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }            # clock ticks
tck="$(getconf CLK_TCK)"
per_k() { awk -v a="$1" -v b="$2" -v n="$MESSAGES" -v t="$tck" 'BEGIN{printf "%.3f", (b-a)/t/n*1000}'; }

java -jar "$jar" sink --port "$SINK_PORT" --tls none --count-only > "$work/sink.out" 2>&1 &
sink_pid=$!
sleep 3
export SLUICE_BENCH_PW=guest
amqp=(--amqp "amqp://guest@127.0.0.1:$AMQP_PORT/" --amqp-password-env SLUICE_BENCH_PW)

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%FT%TZ), messages per run: $MESSAGES, 1 KiB"
printf '%-6s %-4s %10s %12s %12s %12s %12s\n' path run msgs_per_s broker_cpu worker_cpu sink_cpu "(s per 1k)"
for run in $(seq 1 "$RUNS"); do
  q="bench$run"
  java -jar "$jar" worker "${amqp[@]}" --queue "$q" --prefetch "$PREFETCH" --host 127.0.0.1 --port "$SINK_PORT" \
    --tls none --connections 8 > "$work/worker$run.out" 2> "$work/worker$run.err" &
  worker_pid=$!
  sleep 4
  # the application's outcomes consumer is already listening, as in production
  java -jar "$jar" outcomes "${amqp[@]}" --queue "$q" --expect "$MESSAGES" --timeout-s 600 --ndjson \
    > "$work/out$run.nd" &
  outcomes_pid=$!
  sleep 3
  b0=$(cpu "$broker_pid"); w0=$(cpu "$worker_pid"); s0=$(cpu "$sink_pid")
  t0=$(date +%s.%N)
  java -jar "$jar" enqueue "${amqp[@]}" --queue "$q" --messages "$MESSAGES" --from a@bench.test --to b@sink.test \
    > "$work/enq$run.out"
  wait "$outcomes_pid"
  t1=$(date +%s.%N)
  b1=$(cpu "$broker_pid"); w1=$(cpu "$worker_pid"); s1=$(cpu "$sink_pid")
  kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=
  # wall: from launching `enqueue` (its JVM start included) to the last outcome read.
  # pipeline: from the first mail's publish (enqueuedAt) to the last outcome known (finishedAt), read
  # from the outcome records; like blast's own msgs/s, it leaves the JVM start out.
  rate=$(awk -v a="$t0" -v b="$t1" -v n="$MESSAGES" 'BEGIN{printf "%.0f", n/(b-a)}')
  pipe=$(grep -o '"enqueuedAt":[0-9]*\|"finishedAt":[0-9]*' "$work/out$run.nd" | awk -F: -v n="$MESSAGES" '
    $1 ~ /enqueued/ {if (!s || $2 < s) s = $2} $1 ~ /finished/ {if ($2 > f) f = $2} END {printf "%.0f", n / ((f - s) / 1000)}')
  printf '%-6s %-4s %10s %12s %12s %12s   wall %s msgs/s | %s | %s\n' queue "$run" "$pipe" "$(per_k "$b0" "$b1")" \
    "$(per_k "$w0" "$w1")" "$(per_k "$s0" "$s1")" "$rate" "$(cat "$work/enq$run.out")" "$(tail -1 "$work/out$run.nd")"

  s0=$(cpu "$sink_pid")
  line=$(java -jar "$jar" blast --host 127.0.0.1 --port "$SINK_PORT" --tls none --connections 8 \
    --messages "$MESSAGES" --warmup 0 2>/dev/null | tail -1)
  s1=$(cpu "$sink_pid")
  rate=$(echo "$line" | sed -E 's/.*msgs_per_s=([0-9.]+).*/\1/')
  cpu_s=$(echo "$line" | sed -E 's/.*cpu_s=([0-9.]+).*/\1/')
  printf '%-6s %-4s %10s %12s %12s %12s   %s\n' blast "$run" "$rate" "-" \
    "$(awk -v c="$cpu_s" -v n="$MESSAGES" 'BEGIN{printf "%.3f", c/n*1000}')" "$(per_k "$s0" "$s1")" "$line"
done
