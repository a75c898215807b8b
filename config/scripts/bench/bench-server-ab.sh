#!/usr/bin/env bash
# Two commits' routing side by side in one run, on the test-only redirector (RedirectBenchServer:
# MIRRORS mirrors, a GeoIP2 City database of NETWORKS networks, 10,000 client addresses rotated via
# X-Forwarded-For) and the route-decision microbenchmark (RouteDecisionBenchmark): for a change
# inside routing, where the real jars of the two commits may not start on one configuration (the
# real-jar comparison is redirect-ab.sh). Each commit is exported with `git archive` and built in
# the work directory. Both redirectors run at once; each of ROUNDS rounds runs wrk -t2 -c64
# -dDURATION against A, B and nginx `return 302` (the anchor), the order of A and B alternating per
# round, with each server's CPU time per request; then PAIRS pairs of the JMH benchmark at 1,000
# mirrors, the order alternating too. Compare the medians and the paired differences.
#
# Usage: config/scripts/bench/bench-server-ab.sh REV_A REV_B
# Environment: MIRRORS (1000) NETWORKS (100000) ROUNDS (6) DURATION (15s) PAIRS (6, 0: none)
#              BENCH_PATH (the redirected path; default a package of the bench server's tree)
#              PORT (18630: A, +10 B, +20 nginx)
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ $# -eq 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
MIRRORS=${MIRRORS:-1000} NETWORKS=${NETWORKS:-100000} ROUNDS=${ROUNDS:-6} DURATION=${DURATION:-15s}
PAIRS=${PAIRS:-6} PORT=${PORT:-18630}
BENCH_PATH=${BENCH_PATH:-/distri/jackherer/pkg/bash-amd64-5.1-4.squashfs}
config/scripts/ensure-tools.sh wrk nginx curl
work=$(mktemp -d /tmp/bench-server-ab.XXXXXX)
pids=""
cleanup() {
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
log() { echo "ab: $*" >&2; }
# cpu_ticks and median, as the real-jar benchmarks measure
source config/scripts/bench/redirect-world.sh
declare -A rev=([A]=$1 [B]=$2) port=([A]=$PORT [B]=$((PORT + 10)) [nginx]=$((PORT + 20))) pid
for s in A B; do
  log "building $s = ${rev[$s]} ($(git rev-parse --short "${rev[$s]}"))"
  mkdir -p "$work/$s/src" "$work/$s/run"
  git archive "${rev[$s]}" | tar -x -C "$work/$s/src"
  (cd "$work/$s/src" && mvn -B -ntp -q -pl coordinator -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
done
classpath() { local c=$work/$1/src/coordinator/target; echo "$c/test-classes:$c/classes:$(cat "$c/bench.classpath")"; }
for s in A B; do
  java -Xmx1g -cp "$(classpath $s)" org.distr1.mirrors.coordinator.routing.bench.RedirectBenchServer \
    "$work/$s/run" "$MIRRORS" "$NETWORKS" "${port[$s]}" > "$work/$s.out" 2> "$work/$s.err" &
  pid[$s]=$!; pids="$pids $!"
done
for s in A B; do
  deadline=$((SECONDS + 300))
  until grep -q '^PORT ' "$work/$s.out" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] && kill -0 "${pid[$s]}" 2>/dev/null || { log "$s did not start"; tail -20 "$work/$s.err" >&2; exit 1; }
    sleep 0.2
  done
  cat > "$work/$s.lua" <<LUA
local clients = {}
for line in io.lines("$work/$s/run/clients.txt") do clients[#clients + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "$BENCH_PATH", { ["X-Forwarded-For"] = clients[(n % #clients) + 1] })
end
LUA
done
cp "$work/A.lua" "$work/nginx.lua"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:${port[nginx]}; location / { return 302 https://m1.example\$request_uri; } } }
CONF
nginx -c "$work/nginx.conf"
for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
for s in A B; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $(head -1 "$work/$s/run/clients.txt")" \
    "http://127.0.0.1:${port[$s]}$BENCH_PATH")
  [ "$code" = 302 ] || { log "$s answers $code for $BENCH_PATH (set BENCH_PATH)"; exit 1; }
  wrk -t2 -c64 -d15s -s "$work/$s.lua" "http://127.0.0.1:${port[$s]}" > /dev/null
done
ticks=$(getconf CLK_TCK)
nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')
echo "# A = ${rev[A]}, B = ${rev[B]}; $MIRRORS mirrors, $NETWORKS networks; load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%H:%MZ)"
for round in $(seq "$ROUNDS"); do
  order="A B nginx"; [ $((round % 2)) = 0 ] && order="B A nginx"
  for s in $order; do
    # shellcheck disable=SC2086
    if [ "$s" = nginx ]; then ps=$nginx_workers; else ps=${pid[$s]}; fi
    # shellcheck disable=SC2086
    before=$(cpu_ticks $ps)
    wrk -t2 -c64 -d"$DURATION" --latency -s "$work/$s.lua" "http://127.0.0.1:${port[$s]}" > "$work/wrk.out"
    # shellcheck disable=SC2086
    used=$(( $(cpu_ticks $ps) - before ))
    awk -v s="$s" -v round="$round" -v used="$used" -v ticks="$ticks" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /Requests\/sec/ {rps=$2} / 50% / {p50=$2} / 99% / {p99=$2} / requests in / {n=$1}
        END {printf "redirect %s round %s: %d req/s, p50 %s, p99 %s, CPU %.1f us/request, load %s\n",
             s, round, rps, p50, p99, used * 1e6 / ticks / n, load}' "$work/wrk.out"
  done
done | tee "$work/rounds.txt"
for s in A B nginx; do
  rps=$(awk -v s="$s" '$2 == s {print $5}' "$work/rounds.txt" | median)
  cpu=$(awk -v s="$s" '$2 == s {for (i = 1; i <= NF; i++) if ($i == "CPU") print $(i + 1)}' "$work/rounds.txt" | median)
  echo "redirect $s median: $rps req/s, CPU $cpu us/request"
done
for pair in $(seq "$PAIRS"); do
  order="A B"; [ $((pair % 2)) = 0 ] && order="B A"
  for s in $order; do
    java -cp "$(classpath $s)" org.openjdk.jmh.Main RouteDecisionBenchmark -p mirrors=1000 -f 1 -wi 3 -i 5 -r 2s \
      > "$work/jmh.out" 2>&1
    awk -v s="$s" -v pair="$pair" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /route:p0.50 / {p50=$(NF-1)} /route:p0.90 / {p90=$(NF-1)} /route:p0.99 / {p99=$(NF-1)}
        END {printf "route %s pair %s: p50 %s, p90 %s, p99 %s us, load %s\n", s, pair, p50, p90, p99, load}' "$work/jmh.out"
  done
done | tee "$work/pairs.txt"
for s in A B; do
  [ -s "$work/pairs.txt" ] || break
  echo "route $s median p50: $(awk -v s="$s" '$2 == s {sub(",", "", $6); print $6}' "$work/pairs.txt" | median) us"
done
echo "# load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
