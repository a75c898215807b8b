#!/usr/bin/env bash
# A whole distri mirror network on this machine's loopback, through the real APIs:
#   - an upstream rsync daemon serving a generated sample repository (the master tree), which
#     admits only the rsync sources of approved mirrors (the coordinator writes its allowlist),
#   - the coordinator (embedded H2, a GeoIP2 database built from config/demo/networks.txt,
#     127.0.0.1 as trusted proxy, so X-Forwarded-For picks the client's continent),
#   - three nodes (Frankfurt, New York, Tokyo) that enroll, are approved by a maintainer token,
#     sync, report and are verified and probed.
# With DEMO_DATABASE=postgres the coordinator (the primary, Europe) runs on a PostgreSQL server
# instead, and a regional coordinator (Asia) runs on a streaming replica of it (pg_basebackup -R):
# it answers redirects from the replicated origin index and sends writes to the primary.
# Then it prints what to try and waits; Ctrl-C (or SIGTERM) stops everything it started.
#
# Environment: DEMO_DIR        work directory, emptied at every start (default /tmp/distri-demo)
#              DEMO_PORT_BASE  first of the loopback ports (default 18600): coordinator +0,
#                              its admin +1, rsync daemon +2, nodes +10/+20/+30 (admin port +1)
#              DEMO_NO_BUILD   set: never run Maven, fail if a jar is missing
#              DEMO_DATABASE   h2 (default) or postgres: PostgreSQL primary on +3, its streaming
#                              replica on +4, the regional coordinator on +5 (admin +6)
set -euo pipefail
# Started in the background of a non-interactive shell, SIGINT arrives ignored, and bash cannot
# trap a signal ignored on entry: start again with its default action, so SIGINT stops the demo.
if [ -n "$(trap -p INT)" ] && [ -z "${DEMO_SIGINT_RESET:-}" ] && env --default-signal=INT true 2>/dev/null; then
  DEMO_SIGINT_RESET=1 exec env --default-signal=INT bash "$0" "$@"
fi
cd "$(dirname "$0")/../.."
repo=$(pwd)
config/scripts/ensure-tools.sh rsync curl
database=${DEMO_DATABASE:-h2}
case "$database" in
  h2) ;;
  postgres) config/scripts/ensure-tools.sh '/usr/lib/postgresql/*/bin/postgres:postgresql' runuser:util-linux ;;
  *) echo "demo: DEMO_DATABASE must be h2 or postgres, got '$database'" >&2; exit 1 ;;
esac

node_jar=$repo/node/target/distri-node.jar
coordinator_jar=$repo/coordinator/target/distri-coordinator.jar
if [ ! -f "$node_jar" ] || [ ! -f "$coordinator_jar" ] || { [ -z "${DEMO_NO_BUILD:-}" ] && [ -n "$(find pom.xml shared node coordinator \
    -newer "$coordinator_jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]; }; then
  [ -z "${DEMO_NO_BUILD:-}" ] || { echo "demo: $node_jar or $coordinator_jar is missing (DEMO_NO_BUILD is set)" >&2; exit 1; }
  echo "building the jars (mvn -q -DskipTests package)..."
  mvn -B -ntp -q -DskipTests package
fi

# --- ports: fixed, so the printed commands stay the same between runs; refuse busy ones --------
base=${DEMO_PORT_BASE:-18600}
[[ "$base" =~ ^[0-9]+$ ]] && [ "$base" -ge 1024 ] && [ "$base" -le 65500 ] \
  || { echo "demo: DEMO_PORT_BASE must be a number from 1024 to 65500, got '$base'" >&2; exit 1; }
coordinator_port=$base
rsync_port=$((base + 2))
names=(fra nyc tyo)
declare -A port=([fra]=$((base + 10)) [nyc]=$((base + 20)) [tyo]=$((base + 30)))
declare -A title=([fra]="Frankfurt demo mirror" [nyc]="New York demo mirror" [tyo]="Tokyo demo mirror")
# enrollment carries the location: country continent latitude longitude
declare -A place=([fra]="DE EU 50.11 8.68" [nyc]="US NA 40.71 -74.01" [tyo]="JP AS 35.68 139.69")
# each node's rsync connects from its own loopback address, declared as its rsync source
declare -A source=([fra]=127.0.0.2 [nyc]=127.0.0.3 [tyo]=127.0.0.4)
# a client address per continent, from config/demo/networks.txt
declare -A client=([fra]=198.51.100.7 [nyc]=192.0.2.5 [tyo]=203.0.113.9)
declare -A region=([fra]="Europe (Berlin)" [nyc]="North America (Boston)" [tyo]="Asia (Osaka)")

busy=()
check_port() { # port what
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then busy+=("  127.0.0.1:$1 ($2)"); fi
}
check_port "$coordinator_port" coordinator
check_port $((base + 1)) "coordinator admin"
check_port "$rsync_port" "upstream rsync daemon"
for n in "${names[@]}"; do
  check_port "${port[$n]}" "node $n"
  check_port $((port[$n] + 1)) "node $n admin"
done
primary_db_port=$((base + 3))
replica_db_port=$((base + 4))
regional_port=$((base + 5))
if [ "$database" = postgres ]; then
  check_port "$primary_db_port" "PostgreSQL primary"
  check_port "$replica_db_port" "PostgreSQL replica"
  check_port "$regional_port" "regional coordinator"
  check_port $((regional_port + 1)) "regional coordinator admin"
fi
if [ ${#busy[@]} -gt 0 ]; then
  printf 'demo: these ports are in use:\n%s\n' "$(printf '%s\n' "${busy[@]}")" >&2
  echo "Is another demo still running? Stop it, or pick other ports: DEMO_PORT_BASE=$((base + 1000)) $0" >&2
  exit 1
fi

# --- work directory: emptied at every start (only if it is the demo's own) ---------------------
work=${DEMO_DIR:-${TMPDIR:-/tmp}/distri-demo}
if [ -d "$work" ] && [ -n "$(ls -A "$work")" ] && [ ! -f "$work/.distri-demo" ]; then
  echo "demo: $work is not empty and was not made by the demo; set DEMO_DIR to another directory" >&2
  exit 1
fi
rm -rf "$work"
mkdir -p "$work/logs" "$work/geoip" "$work/coordinator"
work=$(cd "$work" && pwd)
touch "$work/.distri-demo"

# --- processes: each in its own session, so Ctrl-C reaches only this script, which stops them --
source config/scripts/processes.sh
helpers=() # short-lived commands run in parallel
stop() {
  trap - INT TERM EXIT
  [ ${#helpers[@]} -eq 0 ] || kill "${helpers[@]}" 2>/dev/null || true
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "stopping ${labels[*]}..."
    stop_started 30
    wait 2>/dev/null || true
    echo "stopped."
  fi
  [ -z "${pg_dir:-}" ] || rm -rf "$pg_dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "demo: $*" >&2
  exit 1
}
cli() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$@"; }

echo "demo: work directory $work"
export DEMO_WORK=$work DEMO_COORDINATOR_PORT=$coordinator_port DEMO_COORDINATOR_ADMIN_PORT=$((base + 1))
coordinator=http://127.0.0.1:$coordinator_port

# --- PostgreSQL (DEMO_DATABASE=postgres): Debian's server in the work directory, on loopback ---
if [ "$database" = postgres ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  # initdb refuses to run as root: the servers run as Debian's postgres account then
  pg_as=()
  if [ "$(id -u)" -eq 0 ]; then
    pg_as=(runuser -u postgres --)
    # the postgres account may not reach into DEMO_DIR: its data lives in a directory of its own,
    # linked from the work directory and removed when the demo stops
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/distri-demo-postgres.XXXXXX")
    chown postgres "$pg_dir"
    ln -s "$pg_dir" "$work/postgres"
    pg_data=$pg_dir
  else
    mkdir -p "$work/postgres"
    pg_data=$work/postgres
  fi
  as_pg() { "${pg_as[@]}" "$@"; }
  pg_server() { # label port datadir
    start "$1" "$work/logs/$1.out" "${pg_as[@]}" "$pg_bin/postgres" -D "$3" -p "$2" \
      -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c hot_standby=on
  }
  echo "starting PostgreSQL (primary on 127.0.0.1:$primary_db_port) ..."
  as_pg "$pg_bin/initdb" -D "$pg_data/primary" -U distri --auth=trust --encoding=UTF8 \
    --no-locale >"$work/logs/initdb.out" 2>&1 || fail "initdb failed: $(cat "$work/logs/initdb.out")"
  pg_server postgres-primary "$primary_db_port" "$pg_data/primary"
  await 60 "PostgreSQL primary" as_pg "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$primary_db_port"
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$primary_db_port" -U distri distri_mirrors \
    || fail "createdb failed"
  export DEMO_DATABASE_DRIVER=org.postgresql.Driver DEMO_DATABASE_USER=distri \
    DEMO_DATABASE_URL=jdbc:postgresql://127.0.0.1:$primary_db_port/distri_mirrors
fi
# three independent JVM starts at once (each takes seconds on a busy machine)
echo "generating the sample repository (the master tree), the GeoIP database and a maintainer token..."
cli "$node_jar" sample-repo "$work/upstream" >"$work/logs/sample-repo.out" 2>&1 &
sample=$!
cli "$coordinator_jar" geoip-build config/demo/networks.txt "$work/geoip/city.mmdb" \
  --asn-output "$work/geoip/asn.mmdb" >"$work/logs/geoip-build.out" 2>&1 &
geoip=$!
cli "$coordinator_jar" maintainer-token create demo config/demo/coordinator.yml >"$work/logs/maintainer-token.out" 2>&1 &
maintainer=$!
helpers=("$sample" "$geoip" "$maintainer")
wait $sample || fail "sample-repo failed: $(cat "$work/logs/sample-repo.out")"
wait $geoip || fail "geoip-build failed: $(cat "$work/logs/geoip-build.out")"
wait $maintainer || fail "maintainer-token failed: $(cat "$work/logs/maintainer-token.out")"
grep -o '^dmm_[^ ]*' "$work/logs/maintainer-token.out" >"$work/maintainer.token" || fail "no token in $work/logs/maintainer-token.out"
chmod 600 "$work/maintainer.token"
token=$(cat "$work/maintainer.token")
helpers=()

# The module admits only what the coordinator's allowlist fragment lists (docs/allowlist.md).
cat >"$work/rsyncd.conf" <<CONF
use chroot = no
reverse lookup = no
pid file = $work/rsyncd.pid
log file = $work/logs/rsyncd.log
$([ "$(id -u)" -eq 0 ] && printf 'uid = root\ngid = root')
[distri]
    path = $work/upstream
    read only = yes
    hosts deny = *
    &merge $work/upstream-allowlist.inc
CONF
start "rsync-daemon" "$work/logs/rsyncd.out" rsync --daemon --no-detach --address=127.0.0.1 \
  --port="$rsync_port" --config="$work/rsyncd.conf"

echo "starting the coordinator on $coordinator ..."
start "coordinator" "$work/logs/coordinator.out" java -Xmx512m -jar "$coordinator_jar" server config/demo/coordinator.yml
await 120 "coordinator" curl -sf -o /dev/null "$coordinator/api/v1/mirrors"

regional=http://127.0.0.1:$regional_port
if [ "$database" = postgres ]; then
  # the replica copies the primary after the coordinator migrated its schema
  echo "starting a streaming replica (pg_basebackup -R) on 127.0.0.1:$replica_db_port and the regional coordinator on $regional ..."
  as_pg "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_db_port" -U distri \
    -D "$pg_data/replica" -R -X stream -C -S demo_regional >"$work/logs/pg_basebackup.out" 2>&1 \
    || fail "pg_basebackup failed: $(cat "$work/logs/pg_basebackup.out")"
  pg_server postgres-replica "$replica_db_port" "$pg_data/replica"
  await 60 "PostgreSQL replica" as_pg "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$replica_db_port"
  DEMO_REGIONAL_PORT=$regional_port DEMO_REGIONAL_ADMIN_PORT=$((regional_port + 1)) \
    DEMO_REPLICA_URL=jdbc:postgresql://127.0.0.1:$replica_db_port/distri_mirrors \
    DEMO_PRIMARY_URL=$coordinator/ \
    start "regional-coordinator" "$work/logs/coordinator-regional.out" java -Xmx384m -jar "$coordinator_jar" server config/demo/coordinator-regional.yml
  await 120 "regional coordinator" curl -sf -o /dev/null "$regional/api/v1/mirrors"
fi

declare -A id enrolling
echo "enrolling three mirrors through POST /api/v1/mirrors (the node's enroll command)..."
for n in "${names[@]}"; do
  mkdir -p "$work/$n"
  read -r country continent latitude longitude <<<"${place[$n]}"
  cli "$node_jar" enroll --coordinator "$coordinator" --name "${title[$n]}" \
    --base-url "http://127.0.0.1:${port[$n]}" --contact "ops-$n@example.org" --bandwidth-mbps 10000 \
    --rsync-source "${source[$n]}" --country "$country" --continent "$continent" \
    --latitude="$latitude" --longitude="$longitude" --token-file "$work/$n/token" >"$work/logs/enroll-$n.out" 2>&1 &
  enrolling[$n]=$!
  helpers+=($!)
done
for n in "${names[@]}"; do
  wait "${enrolling[$n]}" || fail "enrolling $n failed: $(cat "$work/logs/enroll-$n.out")"
  id[$n]=$(sed -n 's/^enrolled as mirror \([0-9]*\) .*/\1/p' "$work/logs/enroll-$n.out")
  [ -n "${id[$n]}" ] || fail "no mirror id in $work/logs/enroll-$n.out"
done
helpers=()

admin() { # method path: the admin API with the maintainer token
  curl -sf -X "$1" -H "Authorization: Bearer $token" "$coordinator/api/v1/admin$2"
}
echo "approving them with the maintainer token (POST /api/v1/admin/mirrors/{id}/approve)..."
for n in "${names[@]}"; do
  admin POST "/mirrors/${id[$n]}/approve" >/dev/null || fail "approving mirror ${id[$n]} ($n) failed"
done

echo "starting the nodes; they sync from rsync://127.0.0.1:$rsync_port/distri/ and report..."
for n in "${names[@]}"; do
  DEMO_NODE_DIR=$work/$n DEMO_NODE_PORT=${port[$n]} DEMO_NODE_ADMIN_PORT=$((port[$n] + 1)) \
    DEMO_RSYNC_SOURCE=${source[$n]} DEMO_UPSTREAM=rsync://127.0.0.1:$rsync_port/distri/ \
    DEMO_COORDINATOR_URL=$coordinator \
    start "node-$n" "$work/logs/node-$n.out" java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$node_jar" server config/demo/node.yml
done

reported() { [[ "$(admin GET "/mirrors/${id[$1]}")" == *'"lastSuccessfulSync":{'* ]]; }
for n in "${names[@]}"; do
  await 120 "report from node $n" reported "$n"
  # verify now that the node holds the tree (the check at enrollment found nothing running yet)
  admin POST "/mirrors/${id[$n]}/verify" >/dev/null || fail "verify of mirror ${id[$n]} failed"
done

# the mirror page's own check file (through the supersilverhaze -> <commit> link)
pkg=distri/supersilverhaze/pkg/i3status-amd64-2.13-10.squashfs
routed() { # node [coordinator]: the example client of its continent is redirected to it
  local answer
  answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "X-Forwarded-For: ${client[$1]}" "${2:-$coordinator}/$pkg")
  [ "$answer" = "302 http://127.0.0.1:${port[$1]}/$pkg" ]
}
echo "waiting until the prober has seen every node up..."
for n in "${names[@]}"; do await 120 "redirect of ${client[$n]} to node $n" routed "$n"; done
if [ "$database" = postgres ]; then
  await 60 "redirect of ${client[tyo]} to node tyo by the regional coordinator" routed tyo "$regional"
fi

cat <<INFO

The demo network is ready after $SECONDS s: one coordinator, three mirrors, one upstream (logs: $work/logs/).

  status page:          $coordinator/
  public mirror list:   curl -s $coordinator/api/v1/mirrors

  A client in each continent (127.0.0.1 is a trusted proxy, so X-Forwarded-For is the client):
INFO
for n in "${names[@]}"; do
  printf '    %-24s curl -sI -H "X-Forwarded-For: %s" %s/%s\n' "${region[$n]}" "${client[$n]}" "$coordinator" "$pkg"
done
cat <<INFO
    Oceania (Sydney)         curl -sI -H "X-Forwarded-For: 203.0.113.200" $coordinator/$pkg
    IPv6, Europe             curl -sI -H "X-Forwarded-For: 2001:db8:e::7" $coordinator/$pkg
                             (200 from the coordinator itself: the demo mirrors have IPv4 base URLs;
                              ?mirrorlist names the reason, address_family)
    not in the GeoIP db      curl -sI -H "X-Forwarded-For: 100.64.0.1" $coordinator/$pkg
  Why that mirror (candidates, distances, exclusions):
    curl -s -H 'Accept: application/json' -H "X-Forwarded-For: ${client[fra]}" "$coordinator/$pkg?mirrorlist"
    or open $coordinator/$pkg?mirrorlist in a browser
  Publish a new build upstream (a new commit directory, master moved to it atomically); the
  nodes pick it up at their next sync, and until then /distri/master/... is served by the origin:
    java -jar $node_jar sample-repo --publish $work/upstream
  Follow the redirect and download:
    curl -sL -H 'Accept-Encoding: zstd, gzip' -H "X-Forwarded-For: ${client[tyo]}" -o /dev/null -w '%{url_effective} %{size_download} bytes\\n' $coordinator/$pkg

  Maintainer (token in $work/maintainer.token):
    export DISTRI_MAINTAINER_TOKEN=\$(cat $work/maintainer.token)
    curl -s -H "Authorization: Bearer \$DISTRI_MAINTAINER_TOKEN" $coordinator/api/v1/admin/mirrors
    curl -s -H "Authorization: Bearer \$DISTRI_MAINTAINER_TOKEN" -H 'Content-Type: application/json' \\
         -d '{"reason": "demo"}' $coordinator/api/v1/admin/mirrors/${id[tyo]}/disable   (then ask from Osaka again)
    curl -s -H "Authorization: Bearer \$DISTRI_MAINTAINER_TOKEN" $coordinator/api/v1/admin/audit
  The upstream allowlist the coordinator keeps for rsyncd: cat $work/upstream-allowlist.inc
    rsync --address=${source[fra]} rsync://127.0.0.1:$rsync_port/distri/   (an approved mirror's source: listed)
    rsync rsync://127.0.0.1:$rsync_port/distri/                       (127.0.0.1 is not on the list: refused)
  Nodes: ${names[*]} on http://127.0.0.1:{${port[fra]},${port[nyc]},${port[tyo]}}/ (status: /_mirror/status)

INFO
if [ "$database" = postgres ]; then
  cat <<INFO
  PostgreSQL: the primary on 127.0.0.1:$primary_db_port (the coordinator above, Europe), its
  streaming replica on 127.0.0.1:$replica_db_port (psql -h 127.0.0.1 -p PORT -U distri distri_mirrors).
  The regional coordinator (Asia) on $regional answers from the replica; in production GeoDNS
  or anycast sends each region's clients to its own coordinator under one name:
    curl -sI -H "X-Forwarded-For: ${client[tyo]}" $regional/$pkg          (302 to the Tokyo node)
    curl -sI $regional/distri/supersilverhaze/pkg/no-such-amd64-1.squashfs   (302 to the primary: nothing to route)
    curl -si -X POST $regional/api/v1/mirrors                    (307 to the primary: writes go there)
    curl -s $regional/api/v1/mirrors                              (reads are answered from the replica)

INFO
fi
echo "Ctrl-C stops everything."

# Stay until interrupted; a process that dies on its own ends the demo.
set +e
wait -n "${pids[@]}"
for i in "${!pids[@]}"; do
  kill -0 "${pids[i]}" 2>/dev/null || echo "demo: ${labels[i]} exited; see $work/logs/" >&2
done
exit 1
