#!/usr/bin/env bash
# Two coordinator jars side by side in one run, as redirect-vs-nginx.sh drives one: the same
# world (origin tree, GeoIP2 City database of NETWORKS networks, an nginx mirror farm, nginx
# `return 302` as the anchor) and the same database of MIRRORS mirrors, enrolled, approved and
# reported once through the API (mirror-fleet.py, with jar A), started on once by each jar, and
# that jar's copy copied afresh for every start of it.
# Each round starts each jar in turn on its copy as the unit starts it (its ExecStartPre, i.e. the
# class-data archive's check, kept per jar, and its JVM flags; A first in odd rounds, B
# first in even ones, so that neither always starts on the machine the other just warmed or
# loaded): cold start to the first 302 to a mirror, until 90 % of the mirrors are candidates, a
# wrk warm-up, one measured wrk round of it and one of nginx, then its CPU with no client load
# (the fleet reporting every REPORT_INTERVAL s throughout); then it stops. On a shared machine the
# rate follows the neighbours, CPU per request much less: compare the medians of the same run.
# STARTS_ONLY=1: only the starts (cold start, 90 % eligible), no wrk, no quiet period.
#
# Usage: config/scripts/bench/redirect-ab.sh A.jar B.jar   (root or the tools installed)
# Environment: MIRRORS NETWORKS DURATION WARMUP ROUNDS REPORT_INTERVAL QUIET (s of no client load
# measured after the rounds) PORT, STARTS_ONLY, UNIT_A UNIT_B (the unit each jar starts as, e.g. a
# before jar's own; default config/systemd/distri-coordinator.service), JAVA_FLAGS (instead of the
# unit's, for both), JAVA_FLAGS_B (B's instead, if set: two flag sets on one jar), JFR_DIR (a
# flight recording of every start there: <A|B>-<round>.jfr), KEEP_LOG (a file to keep the
# coordinators' log in), ORIGIN_SMALL (small packages per release: 7100 for an origin tree of
# about 100,000 files), DIAG_DIR (there, per jar and round, taken during a wrk run after the
# measured one: jcmd GC.class_histogram, which collects first, so it is the live set, GC.heap_info,
# and VM.native_memory summary when the flags have -XX:NativeMemoryTracking=summary), WORLD (a
# work directory kept after the run and reused by the next one with the same MIRRORS, ORIGIN_SMALL
# and PORT: the origin tree, GeoIP database and seeded database are built once; a 10,000-mirror
# enrollment takes many minutes), ELIGIBLE_TIMEOUT (s, 300).
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ $# -eq 2 ] || { sed -n '2,32p' "$0" >&2; exit 2; }
JAR_A=$(realpath "$1") JAR_B=$(realpath "$2")
MIRRORS=${MIRRORS:-1000}
NETWORKS=${NETWORKS:-100000}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-15s}
ROUNDS=${ROUNDS:-3}
REPORT_INTERVAL=${REPORT_INTERVAL:-60}
QUIET=${QUIET:-20}
STARTS_ONLY=${STARTS_ONLY:-}
ELIGIBLE_TIMEOUT=${ELIGIBLE_TIMEOUT:-300}
PORT=${PORT:-18520}
ADMIN_PORT=$((PORT + 1)) NGINX_PORT=$((PORT + 2)) FARM_PORT=$((PORT + 3))
NODE_JAR=node/target/distri-node.jar
UNIT_A=$(realpath "${UNIT_A:-config/systemd/distri-coordinator.service}")
UNIT_B=$(realpath "${UNIT_B:-config/systemd/distri-coordinator.service}")
config/scripts/ensure-tools.sh wrk nginx curl python3
[ -f "$NODE_JAR" ] || mvn -B -ntp -q -DskipTests package
if [ -n "${WORLD:-}" ]; then
  mkdir -p "$WORLD"; work=$(realpath "$WORLD")
else
  work=$(mktemp -d /tmp/redirect-ab.XXXXXX)
fi
chmod 755 "$work"
coordinator_pid="" reporter_pid=""
cleanup() {
  for pid in $coordinator_pid $reporter_pid; do kill "$pid" 2>/dev/null || true; done
  for f in farm nginx; do [ -f "$work/$f.pid" ] && kill "$(cat "$work/$f.pid")" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "${KEEP_LOG:-}" ] || cp "$work/coordinator.log" "$KEEP_LOG" || true
  [ -n "${WORLD:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
log() { echo "ab: $*" >&2; }
load() { cut -d' ' -f1 /proc/loadavg; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "origin tree, GeoIP database of $NETWORKS networks, mirror farm (work directory $work)"
source config/scripts/bench/redirect-world.sh
redirect_world "$JAR_A"
# nginx forks its workers after writing its pid: on a reused world nothing runs between the two
for _ in $(seq 100); do nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid" 2>/dev/null)" | tr '\n' ' ') && break; sleep 0.1; done
[ -n "$nginx_workers" ] || { log "nginx's workers did not start"; exit 1; }

jar_of() { if [ "$1" = A ]; then echo "$JAR_A"; else echo "$JAR_B"; fi; }
unit_of() { if [ "$1" = A ]; then echo "$UNIT_A"; else echo "$UNIT_B"; fi; }
flags_of() {
  if [ "$1" = B ] && [ -n "${JAVA_FLAGS_B:-}" ]; then echo "$JAVA_FLAGS_B"; return; fi
  echo "${JAVA_FLAGS:-$(unit_java_flags "$(unit_of "$1")" "$work/$1.jsa")}"
}
start_coordinator() { # A|B [jfr file]: as the unit starts it (ExecStartPre, then ExecStart)
  local extra="" jar; jar=$(jar_of "$1")
  [ -n "${2:-}" ] && extra="-XX:StartFlightRecording=filename=$2,settings=profile"
  unit_start_pre "$(unit_of "$1")" "$work/$1.jsa" "$jar" config/coordinator.yml >> "$work/coordinator.log" 2>&1
  # shellcheck disable=SC2046,SC2086
  java $(flags_of "$1") $extra -jar "$jar" server config/coordinator.yml >> "$work/coordinator.log" 2>&1 &
  coordinator_pid=$!
}
stop_coordinator() {
  kill "$coordinator_pid"; wait "$coordinator_pid" 2>/dev/null || true; coordinator_pid=""
}

if [ -d "$work/seeded" ]; then
  sync_start=$(cat "$work/farm/_mirror/last-sync-from/repo-rsync.distr1.org")
  log "reusing the seeded database of $work ($(tail -1 "$work/seed.out"))"
  python3 config/scripts/bench/mirror-fleet.py report "http://127.0.0.1:$PORT" "$work/fleet.json" \
    "$sync_start" "$REPORT_INTERVAL" 2>> "$work/reports.out" &
  reporter_pid=$!
else
  # the database as the maintainer token left it, again for a seeding that failed half way
  if [ -d "$work/fresh" ]; then rm -rf "$work/data"; cp -a "$work/fresh" "$work/data"; else cp -a "$work/data" "$work/fresh"; fi
  java $(flags_of A | sed 's/-XX:SharedArchiveFile=[^ ]*//') -jar "$JAR_A" server config/coordinator.yml >> "$work/coordinator.log" 2>&1 &
  coordinator_pid=$!
  await 120 "the coordinator" api_up
  sleep 3
  sync_start=$(date +%s)
  echo "$sync_start" > "$work/farm/_mirror/last-sync-from/repo-rsync.distr1.org"
  log "enrolling $MIRRORS mirrors through the API (jar A)"
  python3 config/scripts/bench/mirror-fleet.py seed "http://127.0.0.1:$PORT" "$maintainer" \
    "http://127.0.0.1:$FARM_PORT" "$MIRRORS" "$work/fleet.json" "$sync_start" 2> "$work/seed.out"
  log "$(tail -1 "$work/seed.out")"
  python3 config/scripts/bench/mirror-fleet.py report "http://127.0.0.1:$PORT" "$work/fleet.json" \
    "$sync_start" "$REPORT_INTERVAL" 2> "$work/reports.out" &
  reporter_pid=$!
  await "$ELIGIBLE_TIMEOUT" "90 % of the mirrors eligible" probed_mirrors
  stop_coordinator
  cp -a "$work/data" "$work/seeded.tmp" && mv "$work/seeded.tmp" "$work/seeded"
fi
# a restart is of the database this jar ran on last (a jar may keep state of its own, e.g. its
# schema stamp): each jar starts once on a copy of the seeded database, which its rounds then copy
# (and makes its class-data archive, if its unit does: the training start of an upgrade)
for which in A B; do
  rm -rf "$work/data"; cp -a "$work/seeded" "$work/data"
  from=$(date +%s%N)
  start_coordinator "$which"
  await "$ELIGIBLE_TIMEOUT" "jar $which's first redirect" redirected
  log "jar $which's first start on the seeded database: $(( ($(date +%s%N) - from) / 1000000 )) ms to the first 302 (archive: $(ls -s "$work/$which.jsa" 2>/dev/null || echo none))"
  stop_coordinator
  cp -a "$work/data" "$work/seeded-$which"
done

cat > "$work/xff.lua" <<LUA
local clients = {}
for line in io.lines("$work/clients.txt") do clients[#clients + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "$path", { ["X-Forwarded-For"] = clients[(n % #clients) + 1] })
end
LUA
ticks=$(getconf CLK_TCK)
hwm_mib() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# under wrk load (the fleet reporting): the live set after a full collection, the heap, native memory
diagnose() { # name round
  local out=$DIAG_DIR/$1-$2
  wrk -t2 -c64 -d20s -s "$work/xff.lua" "http://127.0.0.1:$PORT" > /dev/null &
  local wrk_pid=$!
  sleep 5
  jcmd "$coordinator_pid" GC.class_histogram > "$out.histogram" 2>&1 || true
  jcmd "$coordinator_pid" GC.heap_info > "$out.heap" 2>&1 || true
  jcmd "$coordinator_pid" VM.native_memory summary > "$out.nmt" 2>&1 || true
  grep -E '^(Vm|Rss|Threads)' "/proc/$coordinator_pid/status" > "$out.status"
  wait "$wrk_pid" || true
}
# one line per measurement in rounds: jar round rps p50 p99 us_per_request rss load
measure() { # name round port pids...
  local name=$1 round=$2 port=$3; shift 3
  local before used rss=- hwm=-
  before=$(cpu_ticks "$@")
  wrk -t2 -c64 -d"$DURATION" --latency -s "$work/xff.lua" "http://127.0.0.1:$port" > "$work/wrk.out"
  used=$(( $(cpu_ticks "$@") - before ))
  [ "$name" != nginx ] && rss=$(rss_mib "$coordinator_pid") && hwm=$(hwm_mib "$coordinator_pid")
  awk -v name="$name" -v round="$round" -v used="$used" -v hz="$ticks" -v rss="$rss" -v hwm="$hwm" -v load="$(load)" '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /Requests\/sec/ {rps=$2} / 50% / {p50=ms($2)} / 99% / {p99=ms($2)} / requests in / {n=$1}
      END {printf "%s %d %.0f %.2f %.2f %.1f %s %s %s\n", name, round, rps, p50, p99, used * 1e6 / hz / n, rss, load, hwm}' \
    "$work/wrk.out" | tee -a "$work/rounds" | sed 's/^/ab: /' >&2
}
: > "$work/rounds"
: > "$work/starts"
for round in $(seq "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for which in $order; do
    rm -rf "$work/data"; cp -a "$work/seeded-$which" "$work/data"
    jfr=""; [ -n "${JFR_DIR:-}" ] && jfr="$JFR_DIR/$which-$round.jfr"
    from=$(date +%s%N)
    start_coordinator "$which" "$jfr"
    await "$ELIGIBLE_TIMEOUT" "jar $which's first redirect" redirected
    cold_ms=$(( ($(date +%s%N) - from) / 1000000 ))
    # CPU the process used until then (all its threads): what the start costs whatever the load
    cold_cpu_ms=$(( $(cpu_ticks "$coordinator_pid") * 1000 / ticks ))
    await "$ELIGIBLE_TIMEOUT" "90 % of the mirrors eligible" probed_mirrors
    eligible_ms=$(( ($(date +%s%N) - from) / 1000000 ))
    if [ -n "$STARTS_ONLY" ]; then
      echo "$which $round $cold_ms $eligible_ms - $(load) $cold_cpu_ms" | tee -a "$work/starts" | sed 's/^/ab: start /' >&2
      stop_coordinator
      continue
    fi
    wrk -t2 -c64 -d"$WARMUP" -s "$work/xff.lua" "http://127.0.0.1:$PORT" > /dev/null
    measure "$which" "$round" "$PORT" "$coordinator_pid"
    [ -n "${DIAG_DIR:-}" ] && diagnose "$which" "$round"
    # shellcheck disable=SC2086
    measure nginx "$round" "$NGINX_PORT" $nginx_workers
    # after the rounds: the code is compiled by then, and the fleet has reported to this process
    before=$(cpu_ticks "$coordinator_pid"); sleep "$QUIET"
    background=$(awk -v t=$(( $(cpu_ticks "$coordinator_pid") - before )) -v hz="$ticks" -v s="$QUIET" 'BEGIN {printf "%.0f", t * 1000 / hz / s}')
    echo "$which $round $cold_ms $eligible_ms $background $(load) $cold_cpu_ms" | tee -a "$work/starts" | sed 's/^/ab: start /' >&2
    stop_coordinator
  done
done
col() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$3" | median; }
rounds_table() {
  [ -z "$STARTS_ONLY" ] || return 0
  echo '| jar | round | req/s | p50 ms | p99 ms | CPU µs/request | RSS MiB | peak RSS MiB | load |'
  echo '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
  awk '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $9, $8}' "$work/rounds"
  echo
}
medians_table() {
  if [ -n "$STARTS_ONLY" ]; then
    echo '| medians | cold start ms | its CPU ms | to 90 % eligible ms |'
    echo '|---|---:|---:|---:|'
    echo "| A | $(col A 3 "$work/starts") | $(col A 7 "$work/starts") | $(col A 4 "$work/starts") |"
    echo "| B | $(col B 3 "$work/starts") | $(col B 7 "$work/starts") | $(col B 4 "$work/starts") |"
    return 0
  fi
  echo '| medians | req/s | CPU µs/request | RSS MiB | peak RSS MiB | cold start ms | its CPU ms | background ms/s |'
  echo '|---|---:|---:|---:|---:|---:|---:|---:|'
  echo "| A | $(col A 3 "$work/rounds") | $(col A 6 "$work/rounds") | $(col A 7 "$work/rounds") | $(col A 9 "$work/rounds") | $(col A 3 "$work/starts") | $(col A 7 "$work/starts") | $(col A 5 "$work/starts") |"
  echo "| B | $(col B 3 "$work/rounds") | $(col B 6 "$work/rounds") | $(col B 7 "$work/rounds") | $(col B 9 "$work/rounds") | $(col B 3 "$work/starts") | $(col B 7 "$work/starts") | $(col B 5 "$work/starts") |"
  echo "| nginx | $(col nginx 3 "$work/rounds") | $(col nginx 6 "$work/rounds") | | | | | |"
}
cat <<TABLE

Side by side, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end
A: $JAR_A
B: $JAR_B
A: java $(flags_of A) -jar <jar> server config/coordinator.yml (unit $UNIT_A)
B: java $(flags_of B) -jar <jar> server config/coordinator.yml (unit $UNIT_B)
origin tree: $(find -L "$work/origin" -type f | wc -l) paths ($(find "$work/origin" -type f | wc -l) files); $MIRRORS mirrors ($(tail -1 "$work/seed.out")), each reporting every ${REPORT_INTERVAL} s; GeoIP2 City $NETWORKS networks; 10,000 clients via X-Forwarded-For
each round (A first in odd rounds, B in even ones): each jar started on a fresh copy of its database, wrk -t2 -c64 -d$DURATION --latency after a $WARMUP warm-up, then nginx; GET $path

$(rounds_table)
| jar | round | cold start to the first 302 ms | its CPU ms | to 90 % eligible ms | background CPU ms/s | load |
|---|---:|---:|---:|---:|---:|---:|
$(awk '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $7, $4, $5, $6}' "$work/starts")

$(medians_table)
TABLE
