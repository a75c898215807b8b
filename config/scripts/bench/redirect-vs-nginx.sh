#!/usr/bin/env bash
# Redirect benchmark of the coordinator users run, beside nginx `return 302`, in one script run.
#
# The coordinator is `java <flags of config/systemd/distri-coordinator.service> -jar
# coordinator/target/distri-coordinator.jar server config/coordinator.yml` (the shipped
# configuration, its ${VAR} set as the unit's Environment= lines set them), with
#   - MIRRORS (1,000) mirrors enrolled, approved and reporting through the HTTP APIs
#     (mirror-fleet.py), every mirror sending a node report each REPORT_INTERVAL (60 s, the node's
#     reporting.interval) during the whole run, each served by one nginx "mirror farm" that the
#     coordinator's prober and verifier probe as they would real mirrors;
#   - a GeoIP2 City database of NETWORKS (100,000) networks built by `geoip-build`, and 10,000
#     client addresses (inside those networks) sent by wrk as X-Forwarded-For from the trusted
#     loopback proxy;
#   - the origin tree: the sample repository in distri's module layout (`sample-repo`).
# Rounds of `wrk -t2 -c64 -d15s` alternate between the coordinator and nginx; each round reports
# req/s, p50/p99, the server's CPU time per request (user + system of all its threads/workers from
# /proc/<pid>/stat: on a shared machine the rate follows the neighbours, CPU per request much less)
# and the coordinator's RSS. Then: p99 at half the coordinator's median rate (wrk with a Lua
# delay() per connection: a fixed rate per connection, see below), a distri-like burst (one client,
# 200 parallel requests on 10 kept-alive connections, curl), cold start to the first 302 with the
# fleet in the database, and the load average before and after. Prints the whole table.
#
# Usage: config/scripts/bench/redirect-vs-nginx.sh        (root or the tools installed; ~6 minutes)
# Environment: MIRRORS NETWORKS DURATION CONNECTIONS ROUNDS WARMUP REPORT_INTERVAL PORT (the
# coordinator; admin PORT+1, nginx PORT+2, mirror farm PORT+3), JAVA_FLAGS (instead of the unit's),
# BENCH_JAVA_OPTS (added, e.g. -XX:StartFlightRecording=filename=/tmp/r.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIRRORS=${MIRRORS:-1000}
NETWORKS=${NETWORKS:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20s}
REPORT_INTERVAL=${REPORT_INTERVAL:-60}
PORT=${PORT:-18500}
ADMIN_PORT=$((PORT + 1)) NGINX_PORT=$((PORT + 2)) FARM_PORT=$((PORT + 3))
JAR=coordinator/target/distri-coordinator.jar
NODE_JAR=node/target/distri-node.jar
UNIT=config/systemd/distri-coordinator.service

config/scripts/ensure-tools.sh wrk nginx curl python3
[ -f "$JAR" ] && [ -f "$NODE_JAR" ] || mvn -B -ntp -q -DskipTests package
unit_flags=${JAVA_FLAGS:-}
work=$(mktemp -d /tmp/redirect-bench.XXXXXX)
chmod 755 "$work" # nginx's workers (www-data when run as root) read the trees below it
pids=()
source config/scripts/bench/redirect-world.sh
cleanup() { bench_stop_all; rm -rf "$work"; }
bench_exit_traps cleanup
log() { echo "bench: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

log "origin tree, GeoIP database of $NETWORKS networks, mirror farm (work directory $work)"
redirect_world "$JAR"
# the JVM flags the systemd unit starts the coordinator with (its class-data archive in $work,
# made by the unit's ExecStartPre before each start unless JAVA_FLAGS replaces them)
JAVA_FLAGS=${JAVA_FLAGS:-$(unit_java_flags "$UNIT" "$work/coordinator.jsa")}

coordinator_pid=""
start_coordinator() { # -> sets coordinator_pid; waits for the API to answer
  [ -n "$unit_flags" ] || unit_start_pre "$UNIT" "$work/coordinator.jsa" "$JAR" config/coordinator.yml >> "$work/coordinator.log" 2>&1
  # shellcheck disable=SC2086
  java $JAVA_FLAGS ${BENCH_JAVA_OPTS:-} -jar "$JAR" server config/coordinator.yml \
    >> "$work/coordinator.log" 2>&1 &
  coordinator_pid=$!
  pids+=("$coordinator_pid")
}
start_coordinator
await 120 "the coordinator" api_up

# the mirrors' last sync began after the coordinator first saw the tree (routing's rule)
sleep 3
sync_start=$(date +%s)
echo "$sync_start" > "$work/farm/_mirror/last-sync-from/repo-rsync.distr1.org"
log "enrolling $MIRRORS mirrors through the API"
python3 config/scripts/bench/mirror-fleet.py seed "http://127.0.0.1:$PORT" "$maintainer" \
  "http://127.0.0.1:$FARM_PORT" "$MIRRORS" "$work/fleet.json" "$sync_start" 2> "$work/seed.out"
seeding=$(tail -1 "$work/seed.out")
log "$seeding"
python3 config/scripts/bench/mirror-fleet.py report "http://127.0.0.1:$PORT" "$work/fleet.json" \
  "$sync_start" "$REPORT_INTERVAL" 2> "$work/reports.out" &
reporter_pid=$!
pids+=("$reporter_pid")
log "waiting for the prober to confirm the mirrors"
await 300 "the first redirect to a mirror" redirected
await 300 "90 % of the mirrors eligible" probed_mirrors
eligible=$(candidates)

cat > "$work/xff.lua" <<LUA
local clients = {}
for line in io.lines("$work/clients.txt") do clients[#clients + 1] = line end
local n = 0
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
request = function()
  n = n + 1
  return wrk.format("GET", "$path", { ["X-Forwarded-For"] = clients[(n % #clients) + 1] })
end
-- a fixed rate per connection (BENCH_DELAY_MS between a connection's answer and its next
-- request) for the latency at a given rate; 0 = as fast as the server answers
if pause > 0 then delay = function() return pause end end
LUA

ticks=$(getconf CLK_TCK)
nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')

wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$work/xff.lua" "http://127.0.0.1:$PORT" > /dev/null
: > "$work/rounds"
measure() { # name port pids... -> one line in rounds: name rps p50 p99 us_per_request rss non2xx3xx
  local name=$1 port=$2; shift 2
  local before used
  before=$(cpu_ticks "$@")
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/xff.lua" "http://127.0.0.1:$port" > "$work/wrk.out"
  used=$(( $(cpu_ticks "$@") - before ))
  local rss=-
  [[ $name == coordinator* ]] && rss=$(rss_mib "$coordinator_pid")
  awk -v name="$name" -v used="$used" -v hz="$ticks" -v rss="$rss" '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /Requests\/sec/ {rps=$2} / 50% / {p50=ms($2)} / 99% / {p99=ms($2)} / requests in / {n=$1}
      /Non-2xx or 3xx/ {bad=$5}
      END {printf "%s %.0f %.2f %.2f %.1f %s %d\n", name, rps, p50, p99, used * 1e6 / hz / n, rss, bad}' \
    "$work/wrk.out" | tee -a "$work/rounds" | sed 's/^/bench: round /' >&2
}
for round in $(seq "$ROUNDS"); do
  # shellcheck disable=SC2086
  measure coordinator "$PORT" "$coordinator_pid"
  # shellcheck disable=SC2086
  measure nginx "$NGINX_PORT" $nginx_workers
done
col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$work/rounds" | median; }

# the coordinator's own background work (prober, reports, allowlist upkeep) without client load,
# after the rounds: right after start-up the JIT was still compiling (C2 89 of 169 ms/s, measured)
before=$(cpu_ticks "$coordinator_pid"); sleep 10
background_ms=$(awk -v t=$(( $(cpu_ticks "$coordinator_pid") - before )) -v hz="$ticks" 'BEGIN {printf "%.0f", t * 1000 / hz / 10}')

# p99 at half the coordinator's median rate: each connection waits CONNECTIONS/(rate/2) between
# requests (wrk's delay()); wrk measures latency from sending to the answer
half=$(( $(col coordinator 2 | cut -d. -f1) / 2 ))
delay_ms=$(awk -v c="$CONNECTIONS" -v r="$half" 'BEGIN {printf "%d", c * 1000 / r}')
BENCH_DELAY_MS=$delay_ms measure coordinator-half "$PORT" "$coordinator_pid"

# a distri-like burst: one client, 200 parallel requests on 10 kept-alive connections
client=$(sed -n 2p "$work/clients.txt")
(cd "$work/origin" && find -L jackherer supersilverhaze -type f ! -name '*.gz' ! -name '*.zst' | sort) > "$work/files"
: > "$work/burst"
for burst in 1 2 3 4 5; do
  for i in $(seq 200); do
    echo "url = \"http://127.0.0.1:$PORT/distri/$(sed -n "$(( (i + burst * 37) % $(wc -l < "$work/files") + 1 ))p" "$work/files")\""
    echo "output = /dev/null"
  done > "$work/burst.curl"
  curl -s --no-progress-meter -Z --parallel-max 10 -H "X-Forwarded-For: $client" -H 'Accept-Encoding: zstd, gzip' \
    -K "$work/burst.curl" -w '%{http_code} %{time_total}\n' >> "$work/burst" || true
done
burst_total=$(wc -l < "$work/burst")
burst_errors=$(awk '$1 != 302 && $1 != 200' "$work/burst" | wc -l)
burst_p50=$(awk '{print $2 * 1000}' "$work/burst" | sort -n | awk '{v[NR] = $1} END {print v[int(NR * 0.5)]}')
burst_p99=$(awk '{print $2 * 1000}' "$work/burst" | sort -n | awk '{v[NR] = $1} END {print v[int(NR * 0.99)]}')
burst_codes=$(awk '{print $1}' "$work/burst" | sort | uniq -c | awk '{printf "%s%s × %s", sep, $1, $2; sep = ", "}')
rss_end=$(rss_mib "$coordinator_pid")

# cold start: the same coordinator (database with the fleet) restarted, until its first 302
# to a mirror (probe state restored from the database)
kill "$coordinator_pid"; wait "$coordinator_pid" 2>/dev/null || true
cold_from=$(date +%s%N)
start_coordinator
await 120 "the restarted coordinator's first redirect" redirected
cold_ms=$(( ($(date +%s%N) - cold_from) / 1000000 ))
load_end=$(load)

c_rps=$(col coordinator 2); n_rps=$(col nginx 2)
c_cpu=$(col coordinator 5); n_cpu=$(col nginx 5)
cat <<TABLE

Redirect benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $load_start at the start, $load_end at the end
coordinator: java $JAVA_FLAGS ${BENCH_JAVA_OPTS:+$BENCH_JAVA_OPTS }-jar $JAR server config/coordinator.yml
$MIRRORS mirrors ($seeding; $eligible candidates for the path once probed), each reporting every ${REPORT_INTERVAL} s; GeoIP2 City $NETWORKS networks; 10,000 clients via X-Forwarded-For
wrk -t2 -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds alternating, after a $WARMUP warm-up; GET $path

| round | server | req/s | p50 ms | p99 ms | CPU µs/request | RSS MiB | non-2xx/3xx |
|---|---|---:|---:|---:|---:|---:|---:|
$(awk '$1 != "coordinator-half" {r[$1]++; printf "| %d | %s | %s | %s | %s | %s | %s | %s |\n", r[$1], $1, $2, $3, $4, $5, $6, $7}' "$work/rounds")
| median | coordinator | $c_rps | $(col coordinator 3) | $(col coordinator 4) | $c_cpu | $(col coordinator 6) | |
| median | nginx \`return 302\` | $n_rps | $(col nginx 3) | $(col nginx 4) | $n_cpu | | |

ratio req/s coordinator/nginx: $(awk -v a="$c_rps" -v b="$n_rps" 'BEGIN {printf "%.2f", a / b}') (target ≥ 0.5)
ratio CPU per request coordinator/nginx: $(awk -v a="$c_cpu" -v b="$n_cpu" 'BEGIN {printf "%.2f", a / b}') (target ≤ 2)
at half the median rate ($half req/s offered, delay ${delay_ms} ms per connection): $(awk '$1 == "coordinator-half" {printf "%s req/s, p50 %s ms, p99 %s ms, %s µs CPU/request, RSS %s MiB", $2, $3, $4, $5, $6}' "$work/rounds") (target p99 ≤ 5 ms)
coordinator background CPU without client load: $background_ms ms per second (prober, verification, reports, allowlist upkeep)
burst (one client, 200 parallel requests on 10 kept-alive connections, 5 bursts): $burst_total answers ($burst_codes), errors $burst_errors, p50 ${burst_p50} ms, p99 ${burst_p99} ms
coordinator RSS at the end: $rss_end MiB; cold start with $MIRRORS mirrors to the first 302 to a mirror: $cold_ms ms
TABLE
