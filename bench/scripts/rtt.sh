#!/usr/bin/env bash
# Messages per round trip per connection through a delay proxy (bench's DelayProxy: half the RTT
# each way), against `sluice sink --tls none` (PIPELINING and CHUNKING offered), one client at a
# time: sluice blast (pipelined BDAT), NioSmtpClient (bench-peers' NioSmtpBlast), Postfix's
# smtp-source, and with CLIENTS="... angus vertx" Angus Mail (bench's AngusBlast: one thread and one
# Transport per connection) and vertx-mail-client (bench-peers' VertxBlast: pipelining on).
# messages per round trip per connection = msgs/s × RTT / connections.
#
#   bench/scripts/rtt.sh                       # RTTS="1 5 20 50" CONNECTIONS="1 10"
#   RTTS=20 CONNECTIONS=1 CLIENTS="sluice" bench/scripts/rtt.sh
#
# Prints a Markdown table. Each run sends about ROUND_TRIPS round trips' worth of messages at one
# message per round trip per connection (more for a client that pipelines deeper), after a warmup.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RTTS="${RTTS:-1 5 20 50}"
CONNECTIONS="${CONNECTIONS:-1 10}"
CLIENTS="${CLIENTS:-sluice nio source}"
ROUND_TRIPS="${ROUND_TRIPS:-150}"
SINK_PORT="${SINK_PORT:-25291}"
PROXY_PORT="${PROXY_PORT:-25292}"
SMTP_SOURCE="${SMTP_SOURCE:-/usr/sbin/smtp-source}"
bench_jar="$root/bench/target/benchmarks.jar"
peers_jar="$root/bench-peers/target/peers-benchmarks.jar"

"$root/sluice" --version >/dev/null
[ -f "$bench_jar" ] || (cd "$root" && mvn -B -q -pl bench -am package -DskipTests) >&2
[ -f "$peers_jar" ] || (cd "$root" && mvn -B -q -pl bench-peers package -DskipTests) >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/rtt.XXXXXX")"
sink_pid=
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # FILE TEXT
  for _ in $(seq 1 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}

java -jar "$root/cli/target/sluice.jar" sink --tls none --count-only --port "$SINK_PORT" >"$work/sink" 2>&1 &
sink_pid=$!
wait_for "$work/sink" listening

echo "machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| RTT ms | connections | client | msgs/s | messages per round trip per connection |"
echo "|---:|---:|---|---:|---:|"
for rtt in $RTTS; do
  java -cp "$bench_jar" dev.sluice.bench.rtt.DelayProxy "$PROXY_PORT" "$SINK_PORT" "$(echo "$rtt / 2" | bc -l)" \
    >"$work/proxy" 2>&1 &
  proxy_pid=$!
  wait_for "$work/proxy" "delay proxy"
  for c in $CONNECTIONS; do
    for client in $CLIENTS; do
      depth=1
      [ "$client" = sluice ] && depth=8
      n=$(( ROUND_TRIPS * c * depth ))
      warm=$(( n / 5 ))
      t0="$(date +%s.%N)"
      case "$client" in
        sluice)
          rate="$("$root/sluice" blast --host 127.0.0.1 --port "$PROXY_PORT" --tls none --connections "$c" \
            --messages "$n" --warmup "$warm" --json 2>"$work/err" | sed 's/.*"msgs_per_s":\([0-9.]*\).*/\1/')" \
            || { cat "$work/err" >&2; exit 1; } ;;
        nio)
          rate="$(java -cp "$peers_jar" dev.sluice.bench.peers.NioSmtpBlast --port "$PROXY_PORT" --connections "$c" \
            --messages "$n" --warmup "$warm" --size 1024 2>"$work/err" \
            | sed 's/.*msgs_per_s=\([0-9.]*\).*/\1/')" || { cat "$work/err" >&2; exit 1; } ;;
        angus)
          rate="$(java -cp "$bench_jar" dev.sluice.bench.rtt.AngusBlast --port "$PROXY_PORT" --connections "$c" \
            --messages "$n" --warmup "$warm" --size 1024 2>"$work/err" \
            | sed 's/.*msgs_per_s=\([0-9.]*\).*/\1/')" || { cat "$work/err" >&2; exit 1; } ;;
        vertx)
          rate="$(java -cp "$peers_jar" dev.sluice.bench.peers.VertxBlast --port "$PROXY_PORT" --connections "$c" \
            --messages "$n" --warmup "$warm" --size 1024 2>"$work/err" \
            | sed 's/.*msgs_per_s=\([0-9.]*\).*/\1/')" || { cat "$work/err" >&2; exit 1; } ;;
        source)
          "$SMTP_SOURCE" -s "$c" -d -m "$n" -l 1024 "127.0.0.1:$PROXY_PORT" >"$work/err" 2>&1 \
            || { cat "$work/err" >&2; exit 1; }
          rate="$(echo "$n / ($(date +%s.%N) - $t0)" | bc -l)" ;;
      esac
      per="$(echo "$rate * $rtt / 1000 / $c" | bc -l)"
      printf "| %s | %s | %s | %.0f | %.2f |\n" "$rtt" "$c" "$client" "$rate" "$per"
    done
  done
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=
done
