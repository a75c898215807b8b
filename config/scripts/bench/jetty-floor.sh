#!/usr/bin/env bash
# What a redirect costs below the coordinator's own work: Jetty alone (JettyFloorServer: the
# coordinator's Jetty, connector and thread pool as Dropwizard makes them, the unit's JVM flags,
# one fixed 302 pre-encoded once) beside nginx `return 302`, each with a bare 302 (Location only)
# and with the header fields of one of the coordinator's redirects (Location, Cache-Control,
# X-Distri-Mirror, Link with 5 duplicates and describedby, Repr-Digest, Digest; about 1.2 KB).
# The same wrk load as redirect-vs-nginx.sh (-t2 -c64, an X-Forwarded-For header), ROUNDS rounds
# alternating; CPU time per request (user + system of all threads or workers) and req/s.
# Reads: if Jetty's floor with the coordinator's headers is above 2x nginx's CPU, issue 19's
# target cannot be met by any redirect logic on Jetty.
#
# Usage: config/scripts/bench/jetty-floor.sh   Environment: ROUNDS (3) DURATION (15s) PORT (18700)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-15s} PORT=${PORT:-18700}
UNIT=config/systemd/distri-coordinator.service
config/scripts/ensure-tools.sh wrk nginx
work=$(mktemp -d /tmp/jetty-floor.XXXXXX)
pids=()
source config/scripts/bench/redirect-world.sh
cleanup() { bench_stop_all; rm -rf "$work"; }
bench_exit_traps cleanup
log() { echo "floor: $*" >&2; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "building the test classpath"
mvn -B -ntp -q -pl coordinator -am test-compile dependency:build-classpath >&2 \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
c=coordinator/target
classpath="$c/test-classes:$c/classes:$(cat $c/bench.classpath)"

file=jackherer/pkg/bash-amd64-1.0.1-2.squashfs
sha256='Mi7gfT1xCCiV2VCDl0z9/vKlN4rLtvP5a4gHqhN+uNs='
sha512='Y5EudUDQnKQsIRTqffgIKQbnzmW5mhmbLgw7/lKe43goflL8qpIaD8L83iFZFj72+sdX5W8EemdbUsDCeT8JuA=='
links=""
for m in 1 2 3 4 5; do
  links+="<http://mirror$m.example.org/distri/$file>; rel=duplicate; pri=$m; geo=de, "
done
links+="<https://repo.distr1.org/distri/$file.meta4>; rel=describedby; type=\"application/metalink4+xml\""
echo "Location: http://mirror1.example.org/distri/$file" > "$work/bare.headers"
{
  cat "$work/bare.headers"
  echo "Cache-Control: private, no-store"
  echo "X-Distri-Mirror: mirror1.example.org"
  echo "Link: $links"
  echo "Repr-Digest: sha-256=:$sha256:, sha-512=:$sha512:"
  echo "Digest: SHA-256=$sha256,SHA-512=$sha512"
  echo "Content-Length: 0"
} > "$work/full.headers"

nginx_headers() { # header file -> add_header lines (Location is return's own)
  grep -v '^Location:\|^Content-Length:' "$1" | while IFS= read -r line; do
    printf "      add_header %s '%s' always;\n" "${line%%:*}" "${line#*: }"
  done
}
cat > "$work/nginx.conf" <<CONF
$(nginx_conf_head nginx auto)
http {
  access_log off;
  server {
    listen 127.0.0.1:$((PORT + 2));
    location / { return 302 http://mirror1.example.org/distri/$file; }
  }
  server {
    listen 127.0.0.1:$((PORT + 3));
    location / {
$(nginx_headers "$work/full.headers")
      return 302 http://mirror1.example.org/distri/$file;
    }
  }
}
CONF
nginx -c "$work/nginx.conf"

read -r -a flags <<< "$(unit_java_flags "$UNIT" /dev/null | sed 's|-XX:SharedArchiveFile=[^ ]*||')"
floor_pid=""
start_floor() { # port headers -> sets floor_pid (not in a $(...) subshell: pids must grow here)
  java "${flags[@]}" -cp "$classpath" org.distr1.mirrors.coordinator.routing.bench.JettyFloorServer \
    "$1" "$2" > "$work/floor-$1.log" 2>&1 &
  floor_pid=$!
  pids+=("$floor_pid")
  local deadline=$((SECONDS + 60))
  until grep -q '^PORT ' "$work/floor-$1.log"; do
    [ $SECONDS -lt $deadline ] && kill -0 "$floor_pid" 2>/dev/null || { cat "$work/floor-$1.log" >&2; exit 1; }
    sleep 0.2
  done
}
start_floor "$PORT" "$work/bare.headers"
bare_pid=$floor_pid
start_floor "$((PORT + 1))" "$work/full.headers"
full_pid=$floor_pid
nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')
curl -s -D - -o /dev/null "http://127.0.0.1:$((PORT + 1))/distri/$file" > "$work/full.answer"
curl -s -D - -o /dev/null "http://127.0.0.1:$((PORT + 3))/distri/$file" > "$work/nginx-full.answer"
log "answer sizes: Jetty $(wc -c < "$work/full.answer") B, nginx $(wc -c < "$work/nginx-full.answer") B of header"

hz=$(getconf CLK_TCK)
measure() { # name port pids...
  local name=$1 port=$2; shift 2
  local before used
  before=$(cpu_ticks "$@")
  wrk -t2 -c64 -d"$DURATION" --latency -H "X-Forwarded-For: 203.0.113.7" \
    "http://127.0.0.1:$port/distri/$file" > "$work/wrk.out"
  used=$(($(cpu_ticks "$@") - before))
  awk -v name="$name" -v used="$used" -v hz="$hz" '
    /Requests\/sec/ {rps=$2} / requests in / {n=$1}
    END {printf "%s %.0f %.1f\n", name, rps, used * 1e6 / hz / n}' "$work/wrk.out" |
    tee -a "$work/rounds" | sed 's/^/floor: round /' >&2
}
for name in bare full; do # warm-up
  port=$PORT; [ $name = full ] && port=$((PORT + 1))
  wrk -t2 -c64 -d10s "http://127.0.0.1:$port/distri/$file" > /dev/null
done
: > "$work/rounds"
for round in $(seq "$ROUNDS"); do
  # shellcheck disable=SC2086
  {
    measure jetty-bare "$PORT" "$bare_pid"
    measure nginx-bare "$((PORT + 2))" $nginx_workers
    measure jetty-full "$((PORT + 1))" "$full_pid"
    measure nginx-full "$((PORT + 3))" $nginx_workers
  }
done
col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$work/rounds" | median; }
echo
echo "Jetty floor, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "wrk -t2 -c64 -d$DURATION, $ROUNDS rounds alternating; Jetty: java ${flags[*]} (the unit's, without its archive)"
echo
echo "| server | answer | req/s | CPU µs/request |"
echo "|---|---|---:|---:|"
for s in jetty nginx; do
  for a in bare full; do
    echo "| $s | $a | $(col "$s-$a" 2) | $(col "$s-$a" 3) |"
  done
done
