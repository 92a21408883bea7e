#!/usr/bin/env bash
# Routing overhead and DNS lookup rate (issue 13), all on loopback:
#  1. Knot serves blast.test (d0..d999.blast.test, MX -> mx.blast.test = 127.0.0.2) and
#     lookup.test (d0..d(N-1).lookup.test, MX -> mx.lookup.test), on a free high port;
#  2. one `sluice sink --count-only --tls none` on 127.0.0.2;
#  3. ROUNDS interleaved pairs: `blast --host 127.0.0.2` vs `blast --mx --domains 1000`, same messages;
#  4. DnsLookups: N distinct MX lookups, <= 64 in flight, cold then cached, heap per cached domain.
# Usage: bench/scripts/route-bench.sh [MESSAGES=50000] [ROUNDS=3] [LOOKUPS=100000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
messages="${1:-50000}"; rounds="${2:-3}"; lookups="${3:-100000}"
jar="$root/cli/target/sluice.jar"; bench="$root/bench/target/benchmarks.jar"
work="$(mktemp -d /tmp/sluice-route-bench.XXXXXX)"
dns_port=$((40000 + RANDOM % 10000)); smtp_port=$((30000 + RANDOM % 5000))
mkdir -p "$work/zones" "$work/db"
zone() { # name, then record lines on stdin
  { printf '$ORIGIN %s.\n$TTL 3600\n@ SOA ns.%s. h.%s. 1 3600 600 86400 3600\n@ NS ns.%s.\nns A 127.0.0.1\n' "$1" "$1" "$1" "$1"; cat; } \
    > "$work/zones/$1.zone"
}
{ echo "mx A 127.0.0.2"; for i in $(seq 0 999); do echo "d$i MX 10 mx.blast.test."; done; } | zone blast.test
{ echo "mx A 127.0.0.2"; for i in $(seq 0 $((lookups - 1))); do echo "d$i MX 10 mx.lookup.test."; done; } | zone lookup.test
cat > "$work/knot.conf" <<CONF
server:
    rundir: "$work"
    listen: 127.0.0.1@$dns_port
    user: root
database:
    storage: "$work/db"
zone:
  - domain: blast.test
    storage: "$work/zones"
    file: "blast.test.zone"
  - domain: lookup.test
    storage: "$work/zones"
    file: "lookup.test.zone"
CONF
knotd -c "$work/knot.conf" -d
trap 'knotc -c "$work/knot.conf" stop >/dev/null 2>&1 || true; kill $sink_pid 2>/dev/null || true' EXIT
until knotc -c "$work/knot.conf" zone-status 2>/dev/null | grep -q 'lookup.test.*serial: 1'; do sleep 0.2; done
java -jar "$jar" sink --bind 127.0.0.2 --port "$smtp_port" --tls none --count-only >"$work/sink.log" 2>&1 &
sink_pid=$!
until grep -q listening "$work/sink.log"; do sleep 0.2; done
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), messages=$messages"
for r in $(seq 1 "$rounds"); do
  echo "host  $(java -jar "$jar" blast --host 127.0.0.2 --port "$smtp_port" --tls none --helo bench.test \
    --messages "$messages" --connections 8)"
  echo "mx    $(java -jar "$jar" blast --mx --domains 1000 --domain-suffix blast.test --dns-server 127.0.0.1:$dns_port \
    --mx-port "$smtp_port" --allow-private-mx --mx-tls none --helo bench.test --messages "$messages" --connections 8)"
done
java -Xmx1g -cp "$bench" dev.sluice.bench.route.DnsLookups "127.0.0.1:$dns_port" "$lookups" lookup.test
