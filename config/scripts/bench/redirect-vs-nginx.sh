#!/usr/bin/env bash
# Redirect throughput: the coordinator's redirector (1,000 mirrors, GeoIP2 City database of
# 100,000 networks, clients rotated over 10,000 addresses via X-Forwarded-For from the trusted
# loopback peer) against nginx `return 302`, same wrk settings, in one run; 3 rounds each,
# alternating; also the server's CPU time per request. Results: docs/benchmarks.md, "Redirect vs
# nginx".
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-5s}
# the redirector listens on PORT, nginx on PORT+1 (fixed, so engineers sharing a machine can
# keep to their own range)
PORT=${PORT:-18500}
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

mvn -B -ntp -q -pl coordinator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp -r coordinator/target/classes "$work/classes" && cp -r coordinator/target/test-classes "$work/test-classes"
java -Xmx1g -cp "$work/test-classes:$work/classes:$(cat coordinator/target/bench.classpath)" \
  org.distr1.mirrors.coordinator.routing.bench.RedirectBenchServer "$work" 1000 100000 "$PORT" \
  > "$work/server.out" 2> "$work/server.err" & echo $! > "$work/server.pid"
for _ in $(seq 600); do grep -q '^PORT ' "$work/server.out" 2>/dev/null && break; sleep 0.2; done
port=$(awk '/^PORT /{print $2}' "$work/server.out")

nginx_port=$((port + 1))
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { return 302 https://m1.example\$request_uri; }
  }
}
CONF
nginx -c "$work/nginx.conf"

cat > "$work/xff.lua" <<LUA
local clients = {}
for line in io.lines("$work/clients.txt") do clients[#clients + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/distri/jackherer/pkg/bash-amd64-5.1-4.squashfs",
    { ["X-Forwarded-For"] = clients[(n % #clients) + 1] })
end
LUA

path=/distri/jackherer/pkg/bash-amd64-5.1-4.squashfs
curl -s -o /dev/null -w 'coordinator warm-up: %{http_code} %{redirect_url}\n' \
  -H 'X-Forwarded-For: 8.8.8.8' "http://127.0.0.1:$port$path"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$work/xff.lua" "http://127.0.0.1:$port" > /dev/null
# CPU time the server spent (user + system, all threads and workers) per request: on a shared,
# loaded machine req/s follow the neighbours, CPU per request much less so.
ticks=$(getconf CLK_TCK)
cpu_ticks() {
  local total=0 f
  for pid in "$@"; do read -r -a f < "/proc/$pid/stat"; total=$((total + f[13] + f[14])); done
  echo "$total"
}
nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')
for round in 1 2 3; do
  for target in coordinator:$port nginx:$nginx_port; do
    name=${target%%:*}; p=${target##*:}
    # shellcheck disable=SC2086
    if [ "$name" = coordinator ]; then pids=$(cat "$work/server.pid"); else pids=$nginx_workers; fi
    before=$(cpu_ticks $pids)
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/xff.lua" "http://127.0.0.1:$p" \
      > "$work/wrk.out"
    used=$(( $(cpu_ticks $pids) - before ))
    awk -v name="$name" -v round="$round" -v used="$used" -v ticks="$ticks" '
        /Requests\/sec/ {rps=$2} / 50% / {p50=$2} / 99% / {p99=$2} / requests in / {n=$1}
        END {printf "%s round %s: %s req/s, p50 %s, p99 %s, CPU %.1f us/request\n",
             name, round, rps, p50, p99, used * 1e6 / ticks / n}' "$work/wrk.out"
  done
done
