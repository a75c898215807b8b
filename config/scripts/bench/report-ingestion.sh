#!/usr/bin/env bash
# Report ingestion benchmark: node reports per second the coordinator acknowledges (each one
# committed to the database before its 200), with 10,000 registered mirrors, median of 3 wrk
# runs, on H2 and then on PostgreSQL (Debian's server in a temporary directory, default
# settings, fsync on); nginx answering the same requests with a constant body is the anchor
# (load generator ceiling), measured beside each database in the same run. Beside each rate: the
# coordinator's CPU per report, and on PostgreSQL the server's (all its processes), and the load.
# Usage: config/scripts/bench/report-ingestion.sh   (needs java, wrk, nginx, python3, and for
# PostgreSQL the postgresql package and root or the postgres user; builds the jar if missing)
# BENCH_DATABASES: which databases, in order (default "h2 postgresql").
# On PostgreSQL the run then measures redirects of a second coordinator A on the same database
# (20 mirrors enrolled through its API, served by one nginx "mirror farm", probed as real ones),
# rounds alternating between A alone and A while wrk sends node reports as fast as they are
# acknowledged to the first coordinator (every stored report a change A hears of): the redirect
# rate and A's CPU per redirect with and without another coordinator writing, same run.
# BENCH_SHARED=0 skips that part, BENCH_SHARED=only runs only that part. BENCH_PIN=1 pins A and
# the wrk asking it for redirects to CPU 0, B, PostgreSQL and the wrk sending reports to CPU 1,
# so that B's writing cannot take A's CPU: what remains between the two kinds of round is A's own
# work on hearing B's reports. BENCH_JAR: another coordinator jar (e.g. an older build).
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIRRORS=${BENCH_MIRRORS:-10000}
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-18480}
NGINX_PORT=${BENCH_NGINX_PORT:-18481}
PG_PORT=${BENCH_PG_PORT:-18482}
A_PORT=$((PORT + 10)) FARM_PORT=$((PORT + 11))
SHARED=${BENCH_SHARED:-1}
PIN_A=() PIN_B=()
if [ -n "${BENCH_PIN:-}" ]; then PIN_A=(taskset -c 0) PIN_B=(taskset -c 1); fi
DATABASES=${BENCH_DATABASES:-h2 postgresql}
JAR=${BENCH_JAR:-coordinator/target/distri-coordinator.jar}
[ -f "$JAR" ] || mvn -B -ntp -q package -DskipTests
H2_JAR=$(find ~/.m2/repository/com/h2database/h2 -name 'h2-2.4.240.jar' | head -1)
WORK=$(mktemp -d /tmp/report-bench.XXXXXX)
COORDINATOR_PID=""
A_PID=""
NGINX_PID=""
FARM_PID=""
PG_BIN=""
cleanup() {
  [ -n "$COORDINATOR_PID" ] && kill "$COORDINATOR_PID" 2>/dev/null || true
  [ -n "$A_PID" ] && kill "$A_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  [ -n "$FARM_PID" ] && kill "$FARM_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "$PG_BIN" ] && as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# initdb refuses root: the server runs as Debian's postgres user then
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

seed_sql() { # database -> SQL that registers $MIRRORS approved mirrors
  python3 - "$MIRRORS" "$1" <<'PY'
import hashlib, sys
n, database = int(sys.argv[1]), sys.argv[2]
now = "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'"
print("SET AUTOCOMMIT FALSE;" if database == "h2" else "BEGIN;")
for i in range(1, n + 1):
    h = hashlib.sha256(f"bench{i}".encode()).hexdigest()
    print(f"INSERT INTO mirrors (id, name, base_url, contact_email, bandwidth_mbps, state, token_hash, created_at, updated_at) "
          f"VALUES ({i}, 'bench {i}', 'http://127.0.0.1:9/m{i}', 'ops@example.org', 10000, 'approved', '{h}', {now}, {now});")
    print(f"INSERT INTO mirror_networks (mirror_id, kind, cidr) VALUES ({i}, 'rsync_source', '127.0.0.{i % 250 + 1}/32');")
    print(f"INSERT INTO mirror_reports (mirror_id) VALUES ({i});")
print("COMMIT;")
print(f"ALTER TABLE mirrors ALTER COLUMN id RESTART WITH {n + 1};")
PY
}

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$WORK/pg"
  if [ "$(id -u)" -eq 0 ]; then
    chmod o+x "$WORK" # mktemp's directory is root's alone; the server needs to pass through
    chown postgres "$WORK/pg"
  fi
  as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U distri --auth=trust --encoding=UTF8 --no-locale > "$WORK/initdb.log"
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start > /dev/null
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U distri -d postgres -c "CREATE DATABASE distri_mirrors"
}

stored_reports() { # database -> mirrors with a stored report
  local sql="SELECT COUNT(*) FROM mirror_reports WHERE received_at IS NOT NULL"
  if [ "$1" = h2 ]; then
    java -cp "$H2_JAR" org.h2.tools.Shell -url "$DB_URL" -user sa -sql "$sql" | sed -n 2p
  else
    "$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PG_PORT" -U distri -d distri_mirrors -c "$sql"
  fi
}

LUA=config/scripts/bench/report-ingestion.lua
LAST_REQUESTS=0
run() { # url -> requests/s of 2xx answers; fails on any non-2xx
  local out
  out=$(BENCH_MIRRORS=$MIRRORS wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$LUA" "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "non-2xx answers" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
  awk '/requests in/ {print $1}' <<<"$out" > "$WORK/requests"
}
# the coordinator's CPU time (user + system, clock ticks): on a shared machine the rate depends
# on what else runs, CPU per report much less
cpu_ticks() { awk '{print $14 + $15}' "/proc/$COORDINATOR_PID/stat"; }
TICKS=$(getconf CLK_TCK)
# the PostgreSQL server's CPU time: the postmaster, its processes (backends, WAL writer,
# checkpointer) and those that ended meanwhile; 0 on H2, which runs inside the coordinator
pg_ticks() {
  [ "$DATABASE" = postgresql ] || { echo 0; return; }
  local pm t=0 p
  pm=$(head -1 "$WORK/pg/data/postmaster.pid")
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for p in $(ps -o pid= --ppid "$pm"); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

# Redirects of coordinator A on the PostgreSQL database the running coordinator writes to
shared_redirects() {
  echo "== postgresql: coordinators A and B on a fresh database, 20 mirrors through A's API"
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U distri -d postgres -c "CREATE DATABASE distri_shared"
  # the tree both coordinators see (the one holding the jobs probes against it); the mirrors'
  # sync began after it appeared
  mkdir -p "$WORK/origin/jackherer/pkg" "$WORK/farm/_mirror/last-sync-from" "$WORK/farm-tmp"
  head -c 65536 /dev/zero > "$WORK/origin/jackherer/pkg/hello-amd64-1.squashfs"
  echo "index one" > "$WORK/origin/jackherer/pkg/meta.binaryproto"
  chmod o+x "$WORK"
  chmod -R o+rX "$WORK/origin" "$WORK/farm"
  ln -s "$WORK/origin" "$WORK/farm/distri"
  cat > "$WORK/farm.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/farm.pid;
error_log $WORK/farm-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/farm-tmp;
  server {
    listen 127.0.0.1:$FARM_PORT;
    location ~ ^/m[0-9]+/(.*)\$ { alias $WORK/farm/\$1; }
  }
}
NGINX
  nginx -c "$WORK/farm.conf" &
  FARM_PID=$!
  local who port
  for who in a b; do
    port=$A_PORT
    [ "$who" = b ] && port=$PORT
    sed -e "s/port: $PORT/port: $port/" -e "s|/distri_mirrors\"|/distri_shared\"|" \
      -e "s|^registry:|routing: {trustedProxies: [127.0.0.1/32]}\nprober: {interval: 5s, successesToUp: 1}\nregistry:\n  enrollmentBurst: 100000|" \
      "$WORK/coordinator.yml" > "$WORK/$who.yml"
  done
  java -jar "$JAR" db migrate "$WORK/a.yml" > "$WORK/migrate-shared.log" 2>&1
  java -jar "$JAR" maintainer-token create bench "$WORK/a.yml" > "$WORK/maintainer.out" 2>&1
  local maintainer
  maintainer=$(grep -o "^dmm_[^ ]*" "$WORK/maintainer.out")
  if [ -n "${BENCH_PIN:-}" ]; then # the server and every backend it forks
    for p in $(pgrep -u postgres -f "$WORK/pg/data" ; pgrep -P "$(head -1 "$WORK/pg/data/postmaster.pid")"); do
      taskset -a -p -c 1 "$p" > /dev/null
    done
  fi
  "${PIN_B[@]}" java -jar "$JAR" server "$WORK/b.yml" > "$WORK/b.log" 2>&1 &
  COORDINATOR_PID=$!
  "${PIN_A[@]}" java -jar "$JAR" server "$WORK/a.yml" > "$WORK/a.log" 2>&1 &
  A_PID=$!
  for port in "$A_PORT" "$PORT"; do
    for _ in $(seq 1 240); do
      curl -fs "http://127.0.0.1:$port/api/v1/mirrors" -o /dev/null && break
      sleep 0.5
    done
  done
  sleep 6 # both coordinators' origin scans (every 5 s) have seen the tree before the sync
  local sync_start
  sync_start=$(date +%s)
  echo "$sync_start" > "$WORK/farm/_mirror/last-sync-from/repo-rsync.distr1.org"
  python3 config/scripts/bench/mirror-fleet.py seed "http://127.0.0.1:$A_PORT" "$maintainer" \
    "http://127.0.0.1:$FARM_PORT" 20 "$WORK/fleet.json" "$sync_start" 2> "$WORK/seed.out"
  local path=/distri/jackherer/pkg/hello-amd64-1.squashfs
  local routed=""
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null -D - "http://127.0.0.1:$A_PORT$path" | grep -qi '^x-distri-mirror:'; then
      routed=1; break
    fi
    sleep 1
  done
  [ -n "$routed" ] || { echo "coordinator A never redirected to a mirror:" >&2; curl -s "http://127.0.0.1:$A_PORT$path?mirrorlist" -H 'Accept: application/json' | head -c 2000 >&2; exit 1; }
  # B's load: the fleet's reports, as fast as B acknowledges them, each from a node whose clock
  # agrees (an echo of an answer a second ago), with the same sync and digests: every one stored
  # and announced to A, none changing where A sends clients
  python3 config/scripts/bench/mirror-fleet.py lua "$WORK/fleet.json" "$sync_start" > "$WORK/writer.lua"
  cat > "$WORK/redirect.lua" <<LUA
request = function() return wrk.format("GET", "$path") end
LUA
  a_ticks() { awk '{print $14 + $15}' "/proc/$A_PID/stat"; }
  redirects() { # -> "req/s µs-CPU-of-A-per-request"; fails on an error answer
    local before out rps n
    before=$(a_ticks)
    out=$("${PIN_A[@]}" wrk -t1 -c32 -d"$DURATION" -s "$WORK/redirect.lua" "http://127.0.0.1:$A_PORT")
    # wrk counts answers above 399 there; a 302 is a success
    if grep -q "Non-2xx" <<<"$out"; then echo "$out" >&2; echo "redirects: error answers" >&2; exit 1; fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $(python3 -c "print(round(($(a_ticks) - $before) * 1e6 / $TICKS / $n))")"
  }
  where() { curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "http://127.0.0.1:$A_PORT$path"; }
  echo "A answers $(where)"
  "${PIN_A[@]}" wrk -t1 -c32 -d"$DURATION" -s "$WORK/redirect.lua" "http://127.0.0.1:$A_PORT" > /dev/null # warm-up
  "${PIN_B[@]}" wrk -t1 -c32 -d"$DURATION" -s "$WORK/writer.lua" "http://127.0.0.1:$PORT" > "$WORK/writer.out"
  if grep -q "Non-2xx" "$WORK/writer.out"; then cat "$WORK/writer.out" >&2; echo "writer: error answers" >&2; exit 1; fi
  local alone=() alone_cpu=() busy=() busy_cpu=() reports=() r cpu writer
  for i in 1 2 3; do
    read -r r cpu <<<"$(redirects)"; alone+=("$r"); alone_cpu+=("$cpu")
    "${PIN_B[@]}" wrk -t1 -c32 -d"$DURATION" -s "$WORK/writer.lua" "http://127.0.0.1:$PORT" > "$WORK/writer.out" &
    writer=$!
    read -r r cpu <<<"$(redirects)"; busy+=("$r"); busy_cpu+=("$cpu")
    wait "$writer"
    if grep -q "Non-2xx" "$WORK/writer.out"; then cat "$WORK/writer.out" >&2; echo "writer: error answers" >&2; exit 1; fi
    reports+=("$(awk '/Requests\/sec/ {print $2}' "$WORK/writer.out")")
    echo "shared run $i: A alone ${alone[-1]} redirects/s (${alone_cpu[-1]} µs CPU each); A while B acknowledges ${reports[-1]} reports/s: ${busy[-1]} redirects/s (${busy_cpu[-1]} µs CPU each); A answers $(where)"
  done
  echo "shared median: A alone $(median "${alone[@]}") redirects/s ($(median "${alone_cpu[@]}") µs CPU each); A while B writes ($(median "${reports[@]}") reports/s acknowledged) $(median "${busy[@]}") redirects/s ($(median "${busy_cpu[@]}") µs CPU each)"
  kill "$A_PID" "$COORDINATOR_PID"; wait "$A_PID" "$COORDINATOR_PID" 2>/dev/null || true
  A_PID=""; COORDINATOR_PID=""
}

mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { return 200 '{"syncNow":false}'; }
  }
}
NGINX
nginx -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
mkdir -p "$WORK/origin"

for DATABASE in $DATABASES; do
  if [ "$DATABASE" = h2 ]; then
    DB_URL="jdbc:h2:file:$WORK/db/coordinator;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=10000"
    DB_YAML="{driverClass: org.h2.Driver, url: \"$DB_URL\", user: sa, password: \"\", maxSize: 64}"
  else
    start_postgres
    DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/distri_mirrors"
    DB_YAML="{driverClass: org.postgresql.Driver, url: \"$DB_URL\", user: distri, password: \"\", maxSize: 64}"
  fi
  cat > "$WORK/coordinator.yml" <<YAML
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $PORT}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]
  requestLog: {appenders: []}
logging: {level: WARN}
database: $DB_YAML
registry:
  allowNonPublicAddresses: true
  verification: {enabled: false}
origin: {root: $WORK/origin}
allowlist: {allowNonPublicAddresses: true}
YAML

  if [ "$SHARED" = only ]; then
    [ "$DATABASE" = postgresql ] && shared_redirects
    continue
  fi
  echo "== $DATABASE: schema and $MIRRORS mirrors (token dmo_<id>.bench<id>)"
  java -jar "$JAR" db migrate "$WORK/coordinator.yml" > "$WORK/migrate.log" 2>&1
  seed_sql "$DATABASE" > "$WORK/seed.sql"
  if [ "$DATABASE" = h2 ]; then
    java -cp "$H2_JAR" org.h2.tools.RunScript -url "$DB_URL" -user sa -script "$WORK/seed.sql"
  else
    "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U distri -d distri_mirrors -f "$WORK/seed.sql" > /dev/null
  fi

  # BENCH_JAVA_OPTS: e.g. a flight recording (-XX:StartFlightRecording=...) to profile a run
  java ${BENCH_JAVA_OPTS:-} -jar "$JAR" server "$WORK/coordinator.yml" > "$WORK/coordinator.log" 2>&1 &
  COORDINATOR_PID=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$PORT/api/v1/mirrors" -o /dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$PORT/api/v1/mirrors" -o /dev/null

  echo "== $DATABASE: warm-up"
  run "http://127.0.0.1:$PORT" > /dev/null
  C=(); N=(); U=(); S=()
  for i in 1 2 3; do
    before=$(cpu_ticks) server_before=$(pg_ticks)
    C+=("$(run "http://127.0.0.1:$PORT")")
    U+=("$(python3 -c "print(round(($(cpu_ticks) - $before) * 1e6 / $TICKS / $(cat "$WORK/requests")))")")
    S+=("$(python3 -c "print(round(($(pg_ticks) - $server_before) * 1e6 / $TICKS / $(cat "$WORK/requests")))")")
    N+=("$(run "http://127.0.0.1:$NGINX_PORT")")
    echo "$DATABASE run $i: coordinator ${C[-1]} reports/s (${U[-1]} µs CPU each; database server ${S[-1]} µs each), nginx ${N[-1]} req/s, load $(cut -d' ' -f1 /proc/loadavg)"
  done
  MC=$(median "${C[@]}"); MN=$(median "${N[@]}"); MU=$(median "${U[@]}"); MS=$(median "${S[@]}")
  echo "$DATABASE median: coordinator $MC reports/s, nginx $MN req/s, ratio $(python3 -c "print(round($MC/$MN, 3))"), coordinator CPU $MU µs per report, database server CPU $MS µs per report"
  # an H2 file is the coordinator's alone while it runs: stop it, then count what it stored
  kill "$COORDINATOR_PID"; wait "$COORDINATOR_PID" 2>/dev/null || true; COORDINATOR_PID=""
  echo "$DATABASE: mirrors with a stored report: $(stored_reports "$DATABASE") of $MIRRORS"
  if [ "$DATABASE" = postgresql ] && [ "$SHARED" != 0 ]; then shared_redirects; fi
done
