#!/usr/bin/env bash
# Sluice's bulk sender against the fastest other clients, on Postfix's smtp-sink: `sluice blast`,
# HubSpot's NioSmtpClient 1.1.0 (bench-peers' NioSmtpBlast, the same measurement in a main class)
# and Postfix's own smtp-source, side by side, interleaved, medians of RUNS. Prints the Markdown
# table of bench/README.md ("Comparison with other clients") with the ratios and issue 5's targets.
#
#   bench/scripts/compare.sh                       # defaults below, about 15 minutes
#   RUNS=5 CONNECTIONS="10" bench/scripts/compare.sh
#   SERVER=sluice CLIENTS="sluice nio" BIG_CONNECTIONS= bench/scripts/compare.sh   # against `sluice sink`
#
# SERVER=sluice serves every run from one `sluice sink --tls none --count-only` instead (PIPELINING
# and CHUNKING, so Sluice pipelines BDAT transactions); CLIENTS picks the clients; an empty
# BIG_CONNECTIONS skips the 100 KiB workload. SLUICE_OPTS adds options to every `sluice blast`.
#
# One `smtp-sink -a` (no fake AUTH) serves every run, so every client meets the same server, and
# each round runs every client once per workload (in an order that rotates from round to round) so
# that drift in the machine's load hits all alike. Workloads: 1 KiB messages at each of
# CONNECTIONS, and 100 KiB at 10 connections.
#   sluice blast --host 127.0.0.1 --port P --tls none --connections C --messages N --warmup W --size S
#   java -cp bench-peers/target/peers-benchmarks.jar dev.sluice.bench.peers.NioSmtpBlast (same options)
#   smtp-source -s C -d -m N -l S 127.0.0.1:P
# The JVM clients first send W untimed messages over the same connections (the JIT needs a few
# hundred thousand before the hot path is compiled), then N timed ones; they print msgs/s and the
# process's CPU time during the timed part (cpu_s). smtp-source is timed from start to exit and its
# CPU is its user + system time (getrusage of the child, through the shell's `times`).
#
# Needs: Linux, Postfix's smtp-sink and smtp-source (/usr/sbin), Java 17, Maven, bc, awk.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-3}"
CONNECTIONS="${CONNECTIONS:-1 10 50}"
MESSAGES="${MESSAGES:-300000}"
WARMUP="${WARMUP:-300000}"
ONE_MESSAGES="${ONE_MESSAGES:-100000}" # at 1 connection the peers do 4-8k msgs/s: fewer, to keep runs short
ONE_WARMUP="${ONE_WARMUP:-200000}"
BIG_SIZE="${BIG_SIZE:-102400}"
BIG_CONNECTIONS="${BIG_CONNECTIONS-10}"
BIG_MESSAGES="${BIG_MESSAGES:-40000}"
BIG_WARMUP="${BIG_WARMUP:-40000}"
PORT="${PORT:-25281}"
SERVER="${SERVER:-smtp-sink}"
read -r -a clients <<<"${CLIENTS:-sluice nio source}"
read -r -a sluice_opts <<<"${SLUICE_OPTS:-}"
SMTP_SINK="${SMTP_SINK:-/usr/sbin/smtp-sink}"
SMTP_SOURCE="${SMTP_SOURCE:-/usr/sbin/smtp-source}"
peers_jar="$root/bench-peers/target/peers-benchmarks.jar"
# SLUICE_JAR: a copy of cli/target/sluice.jar to measure (e.g. a baseline while the tree changes)
sluice_jar="${SLUICE_JAR:-$root/cli/target/sluice.jar}"

for tool in "$SMTP_SINK" "$SMTP_SOURCE"; do
  [ -x "$tool" ] || { echo "missing $tool (install Postfix: apt-get install postfix)" >&2; exit 2; }
done
command -v bc >/dev/null || { echo "missing bc" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

[ -n "${SLUICE_JAR:-}" ] || "$root/sluice" --version >/dev/null # builds the CLI jar if needed
if [ ! -f "$peers_jar" ] || [ -n "$(find "$root/bench-peers/src/main" "$root/bench-peers/pom.xml" -newer "$peers_jar" -print -quit)" ]; then
  echo "building bench-peers..." >&2
  (cd "$root" && mvn -B -q -pl bench-peers package -DskipTests) >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX")"
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

user_opt=()
[ "$(id -u)" = 0 ] && user_opt=(-u nobody)
if [ "$SERVER" = sluice ]; then
  java -jar "$sluice_jar" sink --tls none --count-only --port "$PORT" >"$work/sink" 2>&1 &
  sink_pid=$!
  for _ in $(seq 1 100); do grep -q listening "$work/sink" && break; sleep 0.2; done
else
  "$SMTP_SINK" "${user_opt[@]}" -a "127.0.0.1:$PORT" 1024 &
  sink_pid=$!
  sleep 0.3
fi
kill -0 "$sink_pid" 2>/dev/null || { echo "$SERVER did not start on port $PORT" >&2; exit 1; }
sink_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$sink_pid/stat"; } # utime + stime, in s (USER_HZ 100)

fmt() { printf "%.0f" "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# A JVM client's summary line -> "msgs_per_s cpu_s_per_10k"
from_summary() {
  awk -v n="$1" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}}
    END {if (v["delivered"] != n) exit 1; printf "%.1f %.4f\n", v["msgs_per_s"], v["cpu_s"] * 10000 / n}'
}

# run CLIENT CONNECTIONS SIZE MESSAGES WARMUP -> appends "msgs_per_s cpu_s_per_10k" to its file
run() {
  local client="$1" c="$2" size="$3" n="$4" warm="$5" out line
  out="$work/$client-$c-$size"
  local srv0; srv0="$(sink_cpu)"
  case "$client" in
    sluice)
      line="$(java -jar "$sluice_jar" blast --host 127.0.0.1 --port "$PORT" --tls none --connections "$c" \
        --messages "$n" --warmup "$warm" --size "$size" "${sluice_opts[@]}" 2>"$work/err")" || { cat "$work/err" >&2; exit 1; }
      from_summary "$n" <<<"$line" >>"$out" ;;
    nio)
      line="$(java -cp "$peers_jar" dev.sluice.bench.peers.NioSmtpBlast --port "$PORT" --connections "$c" \
        --messages "$n" --warmup "$warm" --size "$size" 2>"$work/err")" || { cat "$work/err" >&2; exit 1; }
      from_summary "$n" <<<"$line" >>"$out" ;;
    source)
      local t0 t1 cpu
      t0="$(date +%s.%N)"
      cpu="$( ( "$SMTP_SOURCE" -s "$c" -d -m "$n" -l "$size" "127.0.0.1:$PORT" >"$work/err" 2>&1 || exit 1; times ) \
        | awk 'NR == 2 {split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2]}')" \
        || { cat "$work/err" >&2; exit 1; }
      t1="$(date +%s.%N)"
      echo "$(echo "$n / ($t1 - $t0)" | bc -l) $(echo "$cpu * 10000 / $n" | bc -l)" >>"$out" ;;
  esac
  # the server's CPU over the whole run (warmup included), per 10k messages sent
  echo "($(sink_cpu) - $srv0) * 10000 / ($n + $warm)" | bc -l >>"$out.srv"
  rate="$(tail -n 1 "$out" | awk '{print $1}')"; cpu="$(tail -n 1 "$out" | awk '{print $2}')"
  printf "  %-6s c=%-3s size=%-6s %s msgs/s, %.3f CPU s per 10k msgs\n" "$client" "$c" "$size" "$(fmt "$rate")" "$cpu" >&2
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$RUNS"); do
  echo "round $round/$RUNS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  k=$(( (round - 1) % ${#clients[@]} ))
  order=("${clients[@]:$k}" "${clients[@]:0:$k}")
  for c in $CONNECTIONS; do
    n="$MESSAGES"; warm="$WARMUP"
    [ "$c" = 1 ] && n="$ONE_MESSAGES" && warm="$ONE_WARMUP"
    for client in "${order[@]}"; do run "$client" "$c" 1024 "$n" "$warm"; done
  done
  if [ -n "$BIG_CONNECTIONS" ]; then
    for client in "${order[@]}"; do run "$client" "$BIG_CONNECTIONS" "$BIG_SIZE" "$BIG_MESSAGES" "$BIG_WARMUP"; done
  fi
done

# --- report ----------------------------------------------------------------------------------
runs() { [ -s "$1" ] || { printf "not run"; return; }; local first=1 v; while read -r v _; do [ $first = 1 ] || printf " / "; first=0; fmt "$v"; done <"$1"; }
ratio() { echo "$1 / $2" | bc -l | xargs printf "%.2f"; }
verdict() { # RATIO TARGET
  [ "$1" = - ] && { echo "not measured"; return; }
  if [ "$(echo "$1 >= $2" | bc -l)" = 1 ]; then echo "≥ $2× met"; else echo "≥ $2× **missed**"; fi
}

echo
if [ "$SERVER" = sluice ]; then
  echo "sluice sink --tls none --count-only on 127.0.0.1 (PIPELINING, CHUNKING), $RUNS interleaved runs per client, median msgs/s;"
else
  echo "Postfix smtp-sink -a on 127.0.0.1, $RUNS interleaved runs per client, median msgs/s;"
fi
echo "1 KiB: $MESSAGES timed messages after $WARMUP untimed ($ONE_MESSAGES after $ONE_WARMUP at 1 connection); ${BIG_SIZE} B: $BIG_MESSAGES after $BIG_WARMUP."
echo "clients: ${clients[*]}; sluice blast extra options: ${SLUICE_OPTS:-none}"
echo "machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
col() { if [ -s "$1" ]; then awk -v c="$2" '{print $c}' "$1" | median; else echo 0; fi; }
ratio() { if [ "$(echo "$2 > 0" | bc -l)" = 1 ]; then echo "$1 / $2" | bc -l | xargs printf "%.2f"; else echo "-"; fi; }
echo "| connections | size | sluice blast (runs) | NioSmtpClient (runs) | smtp-source (runs) | sluice / Nio | sluice / smtp-source | client CPU s per 10k msgs: sluice / Nio / smtp-source | CPU per msg sluice / Nio | server CPU s per 10k msgs, with sluice / with Nio (medians) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
srv() { if [ -s "$work/$1-$c-$size.srv" ]; then median <"$work/$1-$c-$size.srv" | xargs printf "%.3f"; else echo "-"; fi; }
workloads=()
for c in $CONNECTIONS; do workloads+=("$c 1024"); done
[ -n "$BIG_CONNECTIONS" ] && workloads+=("$BIG_CONNECTIONS $BIG_SIZE")
targets=""
for w in "${workloads[@]}"; do
  read -r c size <<<"$w"
  s="$work/sluice-$c-$size"; n="$work/nio-$c-$size"; p="$work/source-$c-$size"
  sm="$(col "$s" 1)"; nm="$(col "$n" 1)"; pm="$(col "$p" 1)"
  rn="$(ratio "$sm" "$nm")"; rp="$(ratio "$sm" "$pm")"
  printf "| %s | %s | **%s** (%s) | %s (%s) | %s (%s) | %s× | %s× | %.3f / %.3f / %.3f | %s× | %s |\n" "$c" "$size" \
    "$(fmt "$sm")" "$(runs "$s")" "$(fmt "$nm")" "$(runs "$n")" "$(fmt "$pm")" \
    "$(runs "$p")" "$rn" "$rp" "$(col "$s" 2)" "$(col "$n" 2)" "$(col "$p" 2)" \
    "$(ratio "$(col "$s" 2)" "$(col "$n" 2)")" "$(srv sluice) / $(srv nio)"
  if [ "$size" = 1024 ] && [ "$c" = 1 ]; then
    targets+="- 1 connection: sluice / NioSmtpClient $rn× ($(verdict "$rn" 1.5))"$'\n'
  elif [ "$size" = 1024 ]; then
    cpu="$(col "$s" 2)"
    cpu_ok="$( [ "$(echo "$cpu <= 0.15" | bc -l)" = 1 ] && echo "≤ 0.15 met" || echo "≤ 0.15 **missed**")"
    targets+="- $c connections: sluice / NioSmtpClient $rn× ($(verdict "$rn" 1.3); issue 19: ≥ 1.5×), sluice / smtp-source $rp× ($(verdict "$rp" 1.3)), client CPU $(printf "%.3f" "$cpu") s per 10k messages ($cpu_ok), $(ratio "$cpu" "$(col "$n" 2)")× Nio's (issue 19: ≤ 0.5×)"$'\n'
  else
    targets+="- $c connections, $size B: sluice / smtp-source $rp× ($(verdict "$rp" 1.0))"$'\n'
  fi
done
echo
echo "Issue 5's targets:"
printf "%s" "$targets"
