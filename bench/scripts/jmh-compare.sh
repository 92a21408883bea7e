#!/usr/bin/env bash
# The JMH comparison of bench/README.md: Sluice (ThroughputBenchmark), Angus Mail, vertx-mail-client
# and NioSmtpClient, all against ONE Sluice sink process, in interleaved rounds.
#
#   bench/scripts/jmh-compare.sh                    # 3 rounds, connections 1/10/50, 1 KiB, about 30 minutes
#   ROUNDS=1 CONNECTIONS=10 JMH_OPTS="-wi 1 -w 5 -i 2 -r 3 -f 1" bench/scripts/jmh-compare.sh
#
# How "the same sink in the same run" is achieved: vertx-mail-client and NioSmtpClient need Netty 4.1,
# so they live in bench-peers (peers-benchmarks.jar) and cannot load Sluice's in-process sink. This
# script starts one `sluice sink --count-only --tls starttls` (STARTTLS offered, not required; a
# certificate made with openssl) and passes its address and certificate to every benchmark JVM
# (-Dsluice.bench.sink=127.0.0.1:PORT -Dsluice.bench.sink.cert=PEM, see SinkTarget and PeerSink). Each
# round runs every client's benchmarks once, in an order that rotates from round to round, so that
# load drifting on the machine hits all alike; the table shows the median over the rounds. With the
# sink in its own process, -prof gc's allocation per message is the client's alone.
#
# Each round: plaintext at CONNECTIONS x SIZES for the four clients; STARTTLS at TLS_CONNECTIONS
# (Sluice with the JDK's TLS and with OpenSSL, the others with the JDK's, the only one they have).
# Needs: Java 17, Maven, openssl.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-1,10,50}"
SIZES="${SIZES:-1024}"
TLS_CONNECTIONS="${TLS_CONNECTIONS:-10}"
JMH_OPTS="${JMH_OPTS:--wi 2 -w 10 -i 3 -r 5 -f 1}"
PORT="${PORT:-25290}"
bench_jar="$root/bench/target/benchmarks.jar"
peers_jar="$root/bench-peers/target/peers-benchmarks.jar"

command -v openssl >/dev/null || { echo "missing openssl" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(cd "$root" && mvn -B -q -pl bench,bench-peers -am package -DskipTests) >&2
"$root/sluice" --version >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/jmh-compare.XXXXXX")"
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
"$root/sluice" sink --port "$PORT" --tls starttls --cert "$work/cert.pem" --key "$work/key.pem" --count-only \
  >"$work/sink.out" 2>"$work/sink.err" &
sink_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$work/sink.out" 2>/dev/null && break
  kill -0 "$sink_pid" 2>/dev/null || { cat "$work/sink.err" >&2; exit 1; }
  sleep 0.1
done
sink=(-Dsluice.bench.sink="127.0.0.1:$PORT" -Dsluice.bench.sink.cert="$work/cert.pem")

# jmh NAME JAR REGEX PARAMS... -> $work/rROUND-NAME.csv
jmh() {
  local name="$1" jar="$2" regex="$3"
  shift 3
  echo "  $name" >&2
  # shellcheck disable=SC2086
  java "${sink[@]}" -jar "$jar" "$regex" "$@" $JMH_OPTS -prof gc -rf csv -rff "$work/r$round-$name.csv" \
    >"$work/r$round-$name.log" 2>&1 || { tail -n 40 "$work/r$round-$name.log" >&2; exit 1; }
}

groups=(sluice angus peers tls)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  shift_by=$(( (round - 1) % ${#groups[@]} ))
  for g in "${groups[@]:$shift_by}" "${groups[@]:0:$shift_by}"; do
    case "$g" in
      sluice) jmh sluice "$bench_jar" 'throughput\.ThroughputBenchmark' -p connections="$CONNECTIONS" -p size="$SIZES" -p tls=none ;;
      angus) jmh angus "$bench_jar" 'throughput\.AngusThroughputBenchmark' -p connections="$CONNECTIONS" -p size="$SIZES" -p tls=none ;;
      peers) jmh peers "$peers_jar" 'peers\..*ThroughputBenchmark' -p connections="$CONNECTIONS" -p size="$SIZES" -p tls=none ;;
      tls)
        jmh sluice-tls "$bench_jar" 'throughput\.ThroughputBenchmark' -p connections="$TLS_CONNECTIONS" -p size=1024 \
          -p tls=starttls-jdk,starttls-openssl
        jmh angus-tls "$bench_jar" 'throughput\.AngusThroughputBenchmark' -p connections="$TLS_CONNECTIONS" -p size=1024 -p tls=starttls-jdk
        jmh peers-tls "$peers_jar" 'peers\..*ThroughputBenchmark' -p connections="$TLS_CONNECTIONS" -p size=1024 -p tls=starttls-jdk ;;
    esac
  done
done

kill -TERM "$sink_pid"
wait "$sink_pid" 2>/dev/null || true
sink_pid=
echo
echo "One Sluice sink process (count-only, STARTTLS offered) for every client; $ROUNDS interleaved rounds;"
echo "JMH $JMH_OPTS -prof gc, one producer thread; msgs/s, median of the rounds."
echo "machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sink: $(grep '^connections=' "$work/sink.out" || true)"
echo
java -cp "$bench_jar" dev.sluice.bench.throughput.ComparisonTable "$work"/r*.csv
