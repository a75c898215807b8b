#!/usr/bin/env bash
# Registry scale of the coordinator users run: how long MIRRORS (10,000) enrollments take through
# the HTTP APIs, and what the database file and RSS do while every mirror then reports at the
# node's interval for SOAK seconds.
#
# The coordinator is started as redirect-vs-nginx.sh starts it (the systemd unit's JVM flags,
# config/coordinator.yml, its H2 file in the work directory). mirror-fleet.py enrolls, approves and
# first-reports each mirror (4 clients in parallel, each operator from its own address) and prints
# the running time every 250 mirrors: if each change cost time in proportion to the mirrors already
# registered, the later 250s would take longer than the first. Then every mirror reports once per
# REPORT_INTERVAL (60 s) for SOAK (600) seconds; the H2 file's size, RSS and coordinator
# CPU are sampled every SAMPLE (60) seconds. Last, the coordinator is stopped with
# SIGTERM and the file measured again (H2 compacts it at close).
#
# Usage: config/scripts/bench/registry-scale.sh   (root or the tools installed)
# Environment: MIRRORS SOAK SAMPLE REPORT_INTERVAL NETWORKS (1,000: the GeoIP database does not
# matter here) PORT (18600; admin PORT+1, nginx PORT+2, mirror farm PORT+3), JAVA_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIRRORS=${MIRRORS:-10000}
SOAK=${SOAK:-600}
SAMPLE=${SAMPLE:-60}
REPORT_INTERVAL=${REPORT_INTERVAL:-60}
NETWORKS=${NETWORKS:-1000}
PORT=${PORT:-18600}
ADMIN_PORT=$((PORT + 1)) NGINX_PORT=$((PORT + 2)) FARM_PORT=$((PORT + 3))
JAR=coordinator/target/distri-coordinator.jar
NODE_JAR=node/target/distri-node.jar
UNIT=config/systemd/distri-coordinator.service

config/scripts/ensure-tools.sh nginx curl python3
[ -f "$JAR" ] && [ -f "$NODE_JAR" ] || mvn -B -ntp -q -DskipTests package
work=$(mktemp -d /tmp/registry-scale.XXXXXX)
chmod 755 "$work"
pids=()
source config/scripts/bench/redirect-world.sh
cleanup() { bench_stop_all; rm -rf "$work"; }
bench_exit_traps cleanup
log() { echo "bench: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

redirect_world "$JAR"
JAVA_FLAGS=${JAVA_FLAGS:-$(unit_java_flags "$UNIT" "$work/coordinator.jsa")}
unit_start_pre "$UNIT" "$work/coordinator.jsa" "$JAR" config/coordinator.yml >> "$work/coordinator.log" 2>&1
# shellcheck disable=SC2086
java $JAVA_FLAGS -jar "$JAR" server config/coordinator.yml >> "$work/coordinator.log" 2>&1 &
coordinator_pid=$!
pids+=("$coordinator_pid")
await 120 "the coordinator" api_up
db_mib() { du -m --apparent-size "$work/data/coordinator.mv.db" | cut -f1; }
ticks=$(getconf CLK_TCK)

sleep 3
sync_start=$(date +%s)
echo "$sync_start" > "$work/farm/_mirror/last-sync-from/repo-rsync.distr1.org"
log "enrolling $MIRRORS mirrors through the API"
cpu_before=$(cpu_ticks "$coordinator_pid")
python3 config/scripts/bench/mirror-fleet.py seed "http://127.0.0.1:$PORT" "$maintainer" \
  "http://127.0.0.1:$FARM_PORT" "$MIRRORS" "$work/fleet.json" "$sync_start" 2> "$work/seed.out" &
seeder=$!
pids+=("$seeder")
tail -f "$work/seed.out" --pid "$seeder" | sed -u "s/^/bench: /" >&2 &
wait "$seeder"
seed_cpu_s=$(( ($(cpu_ticks "$coordinator_pid") - cpu_before) / ticks ))
seeding=$(tail -1 "$work/seed.out")
# seconds per 250 mirrors: the first and the last quarter of the enrollment
per250=$(awk '/ enrolled, approved, reported / {gsub(/[()]/, "", $6); t[++n] = $6}
  END {q = int(n / 4); if (q < 1) q = 1
       printf "%.1f s per 250 over the first %d, %.1f s per 250 over the last %d",
         t[q] / q, q * 250, (t[n] - t[n - q]) / q, q * 250}' "$work/seed.out")
log "$seeding; $per250"

python3 config/scripts/bench/mirror-fleet.py report "http://127.0.0.1:$PORT" "$work/fleet.json" \
  "$sync_start" "$REPORT_INTERVAL" 2> "$work/reports.out" &
pids+=("$!")
: > "$work/samples"
for t in $(seq 0 "$SAMPLE" "$SOAK"); do
  [ "$t" -eq 0 ] || sleep "$SAMPLE"
  echo "$t $(db_mib) $(rss_mib "$coordinator_pid") $(cpu_ticks "$coordinator_pid")" >> "$work/samples"
  log "soak ${t} s: H2 file $(db_mib) MiB, RSS $(rss_mib "$coordinator_pid") MiB"
done
# a graceful stop: H2 compacts the file at close (MAX_COMPACT_TIME in config/coordinator.yml)
stop_from=$(date +%s%N)
kill "$coordinator_pid"; wait "$coordinator_pid" 2>/dev/null || true
stop_ms=$(( ($(date +%s%N) - stop_from) / 1000000 ))

cat <<TABLE

Registry scale, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $load_start at the start, $(load) at the end
coordinator: java $JAVA_FLAGS -jar $JAR server config/coordinator.yml (H2 file, WRITE_DELAY=0)
enrollment: $seeding; $per250; coordinator CPU ${seed_cpu_s} s in all
soak: every mirror reports every ${REPORT_INTERVAL} s ($(( MIRRORS / REPORT_INTERVAL )) reports/s)

| time s | H2 file MiB | RSS MiB | coordinator CPU ms/s since the last sample |
|---:|---:|---:|---:|
$(awk -v hz="$ticks" -v s="$SAMPLE" '{cpu = NR > 1 ? sprintf("%.0f", ($4 - prev) * 1000 / hz / s) : "-"; prev = $4; printf "| %s | %s | %s | %s |\n", $1, $2, $3, cpu}' "$work/samples")

after a graceful stop (SIGTERM, ${stop_ms} ms): H2 file $(db_mib) MiB
TABLE
