#!/usr/bin/env bash
# Benchmark (needs root): a small Internet on this machine, and what distri clients in six
# regions see of the mirror network. Hosts live in network namespaces this script creates
# (names unique to the run), joined by a switch namespace whose switch (world-switch.py) holds
# every frame for the one-way delay between the two regions (published inter-region round trips,
# docs/benchmarks.md "World"); every host has one link, rate limited by tc tbf at both ends.
# Addresses are taken from 198.51.100.0/24 (RFC 5737 documentation space, a /27 per region) and
# exist only inside those namespaces; no namespace has a route or an interface out, which the
# script checks first.
#
#   Europe: the upstream rsync daemon and the coordinator beside the origin tree ("origin"),
#   mirrors (real nodes, enrolled and approved through the APIs) in Europe, North America, Asia
#   and Oceania, and a client in each of the six regions, placed there by a GeoIP2 database
#   built for this world (the coordinator sees the clients' own addresses).
#
# Per region, medians of WORLD_RUNS runs, for origin only (no mirror approved yet: the
# coordinator serves everything), the network (coordinator -> mirror) and an oracle (the client
# asks the lowest-round-trip mirror directly):
#   - TTFB of the first answer and of the file after the redirect, one region at a time on an
#     idle world (fresh connection each, as an outside monitor measures);
#   - download time of a 64 MiB squashfs and a distri-update-like burst (200 parallel meta-file
#     GETs, then their squashfs), every region's client at the same moment, as on a release day:
#     the origin's one uplink is shared by all regions, each mirror's by the regions it serves.
# While the network is measured the upstream publishes a new commit and moves master; every
# answer is checked against the origin's version at the time of the request.
#
# Output: the table (Markdown) and a PNG plot (gnuplot), written into docs/ (the "World"
# section of docs/benchmarks.md and docs/benchmarks-world.png) unless WORLD_QUICK is set. The
# table records the load average and how long the delay switch waited for a CPU.
#
# Environment: WORLD_QUICK    set: the trimmed world (Europe and Oceania, one run, 4 MiB file,
#                             no oracle)
#              WORLD_RUNS     runs per measurement (default 3; 1 when quick)
#              WORLD_DIR      work directory (default: a new one under $TMPDIR, removed at exit
#                             unless WORLD_KEEP is set or the run failed)
#              WORLD_RATE     rate of every host's link (default 100mbit)
#              WORLD_NO_BUILD set: never run Maven, fail if a jar is missing
#              WORLD_REGIONS, WORLD_MIRROR_REGIONS
#                             instead of the set's regions and mirrors, e.g. "eu as oc" and
#                             "as oc" (Europe always holds the origin)
#              WORLD_REGIONAL 1: the Europe coordinator on a PostgreSQL primary and a regional
#                             coordinator on a streaming replica of it in every other region,
#                             measured as a fourth set-up (default 1, 0 when quick; 0: H2)
set -euo pipefail
if [ -n "$(trap -p INT)" ] && [ -z "${WORLD_SIGINT_RESET:-}" ] && env --default-signal=INT true 2>/dev/null; then
  WORLD_SIGINT_RESET=1 exec env --default-signal=INT bash "$0" "$@"
fi
cd "$(dirname "$0")/../../.."
repo=$(pwd)
[ "$(id -u)" -eq 0 ] || { echo "world: needs root (network namespaces, tc)" >&2; exit 1; }
quick=${WORLD_QUICK:-}
regional=${WORLD_REGIONAL:-$([ -n "$quick" ] && echo 0 || echo 1)}
[ "$regional" = 1 ] || regional=
tools=(rsync curl ip:iproute2 tc:iproute2 python3)
[ -n "$quick" ] || tools+=(gnuplot:gnuplot-nox)
[ -z "$regional" ] || tools+=('/usr/lib/postgresql/*/bin/postgres:postgresql' runuser:util-linux)
config/scripts/ensure-tools.sh "${tools[@]}"

node_jar=$repo/node/target/distri-node.jar
coordinator_jar=$repo/coordinator/target/distri-coordinator.jar
if [ ! -f "$node_jar" ] || [ ! -f "$coordinator_jar" ]; then
  [ -z "${WORLD_NO_BUILD:-}" ] || { echo "world: $node_jar or $coordinator_jar is missing (WORLD_NO_BUILD is set)" >&2; exit 1; }
  mvn -B -ntp -q -DskipTests package
fi

# --- the world: regions, round trips, hosts -------------------------------------------------
# Round trips in ms between the regions' reference cities (docs/benchmarks.md names the source).
declare -A rtt=(
  [eu:na]=88.6 [eu:sa]=194.9 [eu:as]=236.5 [eu:oc]=323.5 [eu:af]=155
  [na:sa]=119.5 [na:as]=145.3 [na:oc]=230.0 [na:af]=225
  [sa:as]=256.8 [sa:oc]=322.5 [sa:af]=340
  [as:oc]=103.9 [as:af]=355
  [oc:af]=410
)
same_region_rtt=10
declare -A region_number=([eu]=1 [na]=2 [sa]=3 [as]=4 [oc]=5 [af]=6)
declare -A region_title=([eu]="Europe" [na]="North America" [sa]="South America" [as]="Asia" [oc]="Oceania" [af]="Africa")
# GeoIP and enrollment place: country continent latitude longitude (the reference city)
declare -A region_place=([eu]="DE EU 50.11 8.68" [na]="US NA 38.95 -77.45" [sa]="BR SA -23.55 -46.63"
  [as]="JP AS 35.68 139.69" [oc]="AU OC -33.87 151.21" [af]="ZA AF -33.92 18.42")
if [ -n "$quick" ]; then
  regions=(eu oc)
  mirror_regions=(oc)
  runs=${WORLD_RUNS:-1}
  warmups=0
  big_mib=4
  burst_size=50
else
  regions=(eu na sa as oc af)
  mirror_regions=(eu na as oc)
  runs=${WORLD_RUNS:-3}
  warmups=1
  big_mib=64
  burst_size=200
fi
[ -z "${WORLD_REGIONS:-}" ] || read -ra regions <<<"$WORLD_REGIONS"
[ -z "${WORLD_MIRROR_REGIONS:-}" ] || read -ra mirror_regions <<<"$WORLD_MIRROR_REGIONS"
rate=${WORLD_RATE:-100mbit}
round_trip() { # a b
  [ "$1" = "$2" ] && { echo $same_region_rtt; return; }
  echo "${rtt[$1:$2]:-${rtt[$2:$1]}}"
}
# host name -> region and address: region N holds 198.51.100.32*(N-1)/27, in which the origin is
# host 1, the node host 2, the client host 10
world_net=198.51.100.0/24
address() { echo "198.51.100.$((32 * (region_number[$1] - 1) + $2))"; } # region host
declare -A host_region host_ip
hosts=(origin)
host_region[origin]=eu
host_ip[origin]=$(address eu 1)
for r in "${mirror_regions[@]}"; do
  hosts+=("node-$r"); host_region[node-$r]=$r; host_ip[node-$r]=$(address "$r" 2)
done
for r in "${regions[@]}"; do
  hosts+=("client-$r"); host_region[client-$r]=$r; host_ip[client-$r]=$(address "$r" 10)
done
# regional coordinators (host 3 of every region but Europe), each beside a replica of its own
regional_regions=()
if [ -n "$regional" ]; then
  for r in "${regions[@]}"; do
    [ "$r" = eu ] && continue
    regional_regions+=("$r")
    hosts+=("regional-$r"); host_region[regional-$r]=$r; host_ip[regional-$r]=$(address "$r" 3)
  done
fi
origin_ip=${host_ip[origin]}
coordinator=http://$origin_ip:8080

# --- work directory and clean-up -------------------------------------------------------------
work=${WORLD_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/distri-world.XXXXXX")}
mkdir -p "$work/logs" "$work/geoip" "$work/coordinator" "$work/results"
work=$(cd "$work" && pwd)
# namespace names: unique to this run, so that a concurrent run (or a test) cannot collide
tag=dw$$$(printf '%04x' $((RANDOM % 65536)))
ns() { echo "$tag-$1"; }
made_namespaces=()
source config/scripts/processes.sh
finished=
any_alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  local pid n i
  # The upstream daemon serves a read-only module and holds nothing, and a connection child of it
  # sat out SIGTERM in poll() for the whole 20 s once its peer was gone: it goes at once.
  for i in "${!labels[@]}"; do
    if [ "${labels[i]}" = rsync-daemon ]; then
      kill -KILL -- "-${pids[i]}" 2>/dev/null || true
      wait "${pids[i]}" 2>/dev/null || true
    fi
  done
  stop_started 20
  # the background jobs of this shell (JVM commands, watchers) and what they run, awaited
  local jobs_left=()
  for pid in $(jobs -p); do jobs_left+=("$pid" $(pgrep -P "$pid" || true)); done
  if [ ${#jobs_left[@]} -gt 0 ]; then
    kill -TERM "${jobs_left[@]}" 2>/dev/null || true
    local until=$((SECONDS + 20))
    while [ $SECONDS -lt $until ] && any_alive "${jobs_left[@]}"; do sleep 0.2; done
    kill -KILL "${jobs_left[@]}" 2>/dev/null || true
  fi
  # anything still inside one of this run's namespaces was started by this run
  for n in "${made_namespaces[@]}"; do
    for pid in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  wait 2>/dev/null || true
  for n in "${made_namespaces[@]}"; do ip netns delete "$n" 2>/dev/null || true; done
  if [ -z "$finished" ] || [ -n "${WORLD_KEEP:-}" ] || [ -n "${WORLD_DIR:-}" ]; then
    echo "world: work directory kept: $work" >&2
  else
    rm -rf "$work"
  fi
  if [ -n "${pg_dir:-}" ]; then
    rm -rf "$pg_dir"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() { echo "world: $*" >&2; exit 1; }
at() { local h=$1; shift; ip netns exec "$(ns "$h")" "$@"; }
cli() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$@"; }
now_ms() { date +%s%3N; }

load_at_start=$(cut -d' ' -f1 /proc/loadavg)
echo "world: $(date -u +%FT%TZ), ${#regions[@]} regions, work directory $work, namespaces $tag-*"

# --- the origin tree, the GeoIP database, a maintainer token (JVMs side by side) ---------------
# They run in the background while the namespaces are made; clean-up stops them on Ctrl-C.
networks=$work/geoip/networks.txt
for r in "${regions[@]}"; do
  read -r country continent latitude longitude <<<"${region_place[$r]}"
  printf '%s/27 %s %s %s %s\n' "$(address "$r" 0)" "$country" "$continent" "$latitude" "$longitude"
done >"$networks"
cli "$node_jar" sample-repo "$work/upstream" >"$work/logs/sample-repo.out" 2>&1 &
sample=$!
cli "$coordinator_jar" geoip-build "$networks" "$work/geoip/city.mmdb" >"$work/logs/geoip-build.out" 2>&1 &
geoip=$!
# distri's rsync module: commit directories, release and master links, served at /distri/
on_disk() { echo "$work/upstream/${1#distri/}"; } # a URL path's file
repo_base=distri/jackherer # what a distri client is configured with: a release
mutable=distri/master/pkg/meta.binaryproto # moves with every publication
# (on PostgreSQL the token waits for the server, which runs inside the Europe namespace)
if [ -z "$regional" ]; then
  WORLD_WORK=$work cli "$coordinator_jar" maintainer-token create world config/world/coordinator.yml \
    >"$work/logs/maintainer-token.out" 2>&1 &
  maintainer=$!
fi

# --- namespaces, links, the switch -----------------------------------------------------------
mac_of() { printf '02:77:00:00:%02x:%02x' "${region_number[${host_region[$1]}]}" "${host_ip[$1]##*.}"; }
ip netns add "$(ns switch)"
made_namespaces+=("$(ns switch)")
at switch ip link set lo up
at switch sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ports=()
port=0
for h in "${hosts[@]}"; do
  n=$(ns "$h")
  ip netns add "$n"
  made_namespaces+=("$n")
  at "$h" ip link set lo up
  at "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  port=$((port + 1))
  # made inside the switch namespace, the peer moved straight into the host's: no interface of
  # this world ever exists in the machine's own namespace
  ip -n "$(ns switch)" link add "p$port" type veth peer name eth0 netns "$n"
  at "$h" ip link set eth0 address "$(mac_of "$h")"
  at "$h" ip addr add "${host_ip[$h]}/${world_net#*/}" dev eth0
  at "$h" ip link set eth0 up
  ip -n "$(ns switch)" link set "p$port" up
  # the link's rate, both ways: the host's uplink and the switch's port towards it
  tc -n "$n" qdisc add dev eth0 root tbf rate "$rate" burst 256kb latency 200ms
  tc -n "$(ns switch)" qdisc add dev "p$port" root tbf rate "$rate" burst 256kb latency 200ms
  ports+=("p$port,$(mac_of "$h"),${host_region[$h]}")
done
# every host knows every other's MAC (no ARP across the delay line)
for h in "${hosts[@]}"; do
  for o in "${hosts[@]}"; do
    [ "$h" = "$o" ] || at "$h" ip neigh add "${host_ip[$o]}" lladdr "$(mac_of "$o")" dev eth0 nud permanent
  done
done
# No way out: each host has lo and its one link, and routes only within the world's /24; the
# switch namespace has no address at all.
for h in "${hosts[@]}"; do
  links=$(at "$h" ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
  [ "$links" = "eth0 lo " ] || fail "namespace $(ns "$h") has unexpected interfaces: $links"
  routes=$(at "$h" ip -4 route show table all | grep -v -E '^(local|broadcast) ' || true)
  [ "$(echo $routes)" = "$world_net dev eth0 proto kernel scope link src ${host_ip[$h]}" ] \
    || fail "namespace $(ns "$h") has routes beyond the world: $routes"
done
[ -z "$(at switch ip -o addr show | awk '$2 != "lo"')" ] || fail "the switch namespace has an address"
delays=$work/delays.txt
for a in "${regions[@]}"; do
  for b in "${regions[@]}"; do
    echo "$a $b $(awk -v r="$(round_trip "$a" "$b")" 'BEGIN{print r / 2}')"
  done
done >"$delays"
start switch "$work/logs/switch.out" ip netns exec "$(ns switch)" python3 config/scripts/bench/world-switch.py "$delays" "${ports[@]}"
await 30 "switch" grep -q ready "$work/logs/switch.out"
switch_pid=$(ip netns pids "$(ns switch)")
echo "world: the switch is up (${#hosts[@]} hosts); waiting for the origin tree, the GeoIP database and the token"

wait $sample || fail "sample-repo failed: $(cat "$work/logs/sample-repo.out")"
[ -L "$work/upstream/master" ] || fail "sample-repo made no master link in $work/upstream"
# The measured files, beside the sample packages: a big squashfs and a burst's worth of small
# packages (noise, as squashfs images are; sizes spread like real ones, 8 KiB to 256 KiB), each
# with its versioned meta file and the unversioned link to it.
pkg_dir=$repo_base/pkg
big=$pkg_dir/world-big-amd64-1.0-1.squashfs
head -c $((big_mib * 1024 * 1024)) /dev/urandom >"$(on_disk "$big")"
python3 - "$(on_disk "$pkg_dir")" "$burst_size" <<'PY'
import os, random, sys
directory, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(16)
for i in range(count):
    name = f"world{i:03d}-amd64-1.{i}-1"
    with open(os.path.join(directory, name + ".squashfs"), "wb") as f:
        f.write(rng.randbytes(8192 * (1 + (i * 7) % 32)))
    with open(os.path.join(directory, name + ".meta.textproto"), "w") as f:
        f.write(f'source_pkg: "world{i:03d}"\nversion: "1.{i}-1"\nruntime_dep: "glibc-amd64-2.31-4"\n')
    os.symlink(name + ".meta.textproto", os.path.join(directory, f"world{i:03d}-amd64.meta.textproto"))
PY
# the burst: every unversioned meta file (as distri update reads them), then the squashfs they name
for i in $(seq 0 $((burst_size - 1))); do printf '%s/world%03d-amd64.meta.textproto\n' "$pkg_dir" "$i"; done >"$work/burst-meta.txt"
for i in $(seq 0 $((burst_size - 1))); do printf '%s/world%03d-amd64-1.%d-1.squashfs\n' "$pkg_dir" "$i" "$i"; done >"$work/burst-squashfs.txt"

wait $geoip || fail "geoip-build failed: $(cat "$work/logs/geoip-build.out")"
# --- PostgreSQL (WORLD_REGIONAL): Debian's server in Europe, a streaming replica per region ---
if [ -n "$regional" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  # initdb refuses to run as root: the servers run as Debian's postgres account, in a directory
  # of their own (removed at exit)
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/distri-world-postgres.XXXXXX")
  chown postgres "$pg_dir"
  as_pg() { runuser -u postgres -- "$@"; }
  pg_server() { # label host datadir
    start "$1" "$work/logs/$1.out" ip netns exec "$(ns "$2")" runuser -u postgres -- "$pg_bin/postgres" \
      -D "$3" -p 5432 -c listen_addresses="${host_ip[$2]}" -c unix_socket_directories= -c hot_standby=on
  }
  as_pg "$pg_bin/initdb" -D "$pg_dir/primary" -U distri --auth=trust --encoding=UTF8 --no-locale \
    >"$work/logs/initdb.out" 2>&1 || fail "initdb failed: $(cat "$work/logs/initdb.out")"
  # the world's hosts reach the primary over its link: the replicas and the coordinator's tools
  printf 'host all all %s trust\nhost replication all %s trust\n' "$world_net" "$world_net" >>"$pg_dir/primary/pg_hba.conf"
  pg_server postgres-primary origin "$pg_dir/primary"
  await 60 "PostgreSQL primary" at origin "$pg_bin/pg_isready" -q -h "$origin_ip" -p 5432
  at origin "$pg_bin/createdb" -h "$origin_ip" -p 5432 -U distri distri_mirrors || fail "createdb failed"
  export WORLD_DATABASE_DRIVER=org.postgresql.Driver WORLD_DATABASE_USER=distri \
    WORLD_DATABASE_URL=jdbc:postgresql://$origin_ip:5432/distri_mirrors
  WORLD_WORK=$work at origin java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$coordinator_jar" \
    maintainer-token create world config/world/coordinator.yml >"$work/logs/maintainer-token.out" 2>&1 \
    || fail "maintainer-token failed: $(cat "$work/logs/maintainer-token.out")"
else
  wait $maintainer || fail "maintainer-token failed: $(cat "$work/logs/maintainer-token.out")"
fi
token=$(grep -o '^dmm_[^ ]*' "$work/logs/maintainer-token.out") || fail "no token in $work/logs/maintainer-token.out"

# --- Europe: upstream rsync daemon and coordinator --------------------------------------------
cat >"$work/rsyncd.conf" <<CONF
use chroot = no
reverse lookup = no
pid file = $work/rsyncd.pid
log file = $work/logs/rsyncd.log
uid = root
gid = root
[distri]
    path = $work/upstream
    read only = yes
    hosts deny = *
    &merge $work/upstream-allowlist.inc
CONF
start rsync-daemon "$work/logs/rsyncd.out" ip netns exec "$(ns origin)" rsync --daemon --no-detach \
  --address="$origin_ip" --port=873 --config="$work/rsyncd.conf"
export WORLD_WORK=$work WORLD_COORDINATOR_HOST=$origin_ip
start coordinator "$work/logs/coordinator.out" ip netns exec "$(ns origin)" \
  java -Xmx512m -jar "$coordinator_jar" server config/world/coordinator.yml
await 180 "coordinator" at origin curl -sf -o /dev/null "$coordinator/api/v1/mirrors"

# --- the regional coordinators: each on a replica made once the schema exists ----------------
# Each replica streams through a replication slot of its own (-C -S): without one the primary
# recycles the WAL a replica has not received yet while the next base backup runs, the replica
# stops at its backup's end ("requested WAL segment ... has already been removed") and its
# coordinator, rightly, sends every request to Europe.
regional_coordinator() { echo "http://${host_ip[regional-$1]}:8090"; } # region
for r in "${regional_regions[@]}"; do
  at "regional-$r" runuser -u postgres -- "$pg_bin/pg_basebackup" -h "$origin_ip" -p 5432 -U distri \
    -D "$pg_dir/replica-$r" -R -X stream -C -S "world_$r" --checkpoint=fast >"$work/logs/pg_basebackup-$r.out" 2>&1 \
    || fail "pg_basebackup for $r failed: $(cat "$work/logs/pg_basebackup-$r.out")"
  pg_server "postgres-replica-$r" "regional-$r" "$pg_dir/replica-$r"
done
for r in "${regional_regions[@]}"; do
  await 60 "the PostgreSQL replica in $r" at "regional-$r" "$pg_bin/pg_isready" -q -h "${host_ip[regional-$r]}" -p 5432
  start "regional-$r" "$work/logs/regional-$r.out" env WORLD_REGION="$r" WORLD_REGIONAL_HOST="${host_ip[regional-$r]}" \
    WORLD_REPLICA_URL="jdbc:postgresql://${host_ip[regional-$r]}:5432/distri_mirrors" WORLD_PRIMARY_URL="$coordinator/" \
    ip netns exec "$(ns "regional-$r")" java -Xmx256m -XX:+UseSerialGC -jar "$coordinator_jar" \
    server config/world/coordinator-regional.yml
done
for r in "${regional_regions[@]}"; do
  await 180 "the regional coordinator in $r" at "regional-$r" curl -sf -o /dev/null "$(regional_coordinator "$r")/api/v1/mirrors"
done
admin() { at origin curl -sf -X "$1" -H "Authorization: Bearer $token" "$coordinator/api/v1/admin$2"; }

# --- the clients -----------------------------------------------------------------------------
# As distri's: Accept-Encoding: zstd, gzip, redirects followed; a fresh curl is a fresh connection.
client_curl() { local r=$1; shift; at "client-$r" curl -s -H 'Accept-Encoding: zstd, gzip' "$@"; }
# One TTFB run: "first-answer-TTFB file-TTFB first-answer-after-connect" in ms (the last: the
# first answer's TTFB less its TCP handshake, one request round trip). Only the heads are timed (--max-filesize
# stops each transfer once the head announces the body): the first answer's (the 302, or the
# 200 of the origin and the oracle) and, following the redirect, the file's.
ttfb() { # region url
  local first file
  first=$(client_curl "$1" --max-filesize 1 -o /dev/null -w '%{http_code} %{time_starttransfer} %{time_connect}' "$2" || true)
  file=$(client_curl "$1" -L --max-filesize 1 -o /dev/null -w '%{http_code} %{time_starttransfer}' "$2" || true)
  [ "${first%% *}" != 404 ] && [ "${file%% *}" = 200 ] || fail "client-$1: $2 answered ${first%% *} / ${file%% *}"
  local a c
  read -r _ a c <<<"$first"
  awk -v a="$a" -v c="$c" -v f="${file#* }" 'BEGIN{printf "%d %d %d\n", a * 1000, f * 1000, (a - c) * 1000}'
}
# One whole download, redirects followed: its time in ms.
download() { # region url
  local got
  got=$(client_curl "$1" -L -o /dev/null -w '%{http_code} %{time_total}' "$2") || fail "client-$1: $2 failed"
  [ "${got%% *}" = 200 ] || fail "client-$1: $2 answered ${got%% *}"
  awk -v t="${got#* }" 'BEGIN{printf "%d\n", t * 1000}'
}
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
# A burst as distri update sends it: every meta file at once over kept-alive connections, then
# every squashfs. Prints the wall time in ms; leaves the answers in DIR (DIR.<list>.codes: one
# "code file" line per answer) for answers() to check once no other burst is running.
burst() { # region base-url dir
  local r=$1 base=$2 dir=$3 list t0 t1 total=0
  for list in burst-meta burst-squashfs; do
    mkdir -p "$dir/$list"
    awk -v base="$base" -v dir="$dir/$list" '{printf "url = \"%s/%s\"\noutput = \"%s/%d\"\n", base, $0, dir, NR}' \
      "$work/$list.txt" >"$dir/$list.cfg"
    t0=$(now_ms)
    client_curl "$r" -L --compressed --no-progress-meter -Z --parallel-max "$burst_size" -w '%{http_code} %{filename_effective}\n' \
      -K "$dir/$list.cfg" >"$dir/$list.codes" || true
    t1=$(now_ms)
    echo "$t0 $t1" >"$dir/$list.time"
    total=$((total + t1 - t0))
  done
  echo "$total"
}
# A burst's answers: "code start-ms end-ms sha256 path" (start and end of the phase it belongs to).
answers() { # region dir
  local list t0 t1
  for list in burst-meta burst-squashfs; do
    read -r t0 t1 <"$2/$list.time"
    [ "$(wc -l <"$2/$list.codes")" -eq "$(wc -l <"$work/$list.txt")" ] || fail "client-$1: burst answered $(wc -l <"$2/$list.codes") of $(wc -l <"$work/$list.txt")"
    # a transfer that failed left no file: an empty one stands for it (its code is not 200)
    cut -d' ' -f2 "$2/$list.codes" | xargs -r touch -a
    # the n-th file of the list was written to DIR/LIST/n
    awk -v t0="$t0" -v t1="$t1" '
      FILENAME == ARGV[1] { path[FNR] = $0; next }
      FILENAME == ARGV[2] { code[FNR] = $1; n = $2; sub(/.*\//, "", n); number[FNR] = n; next }
      { print code[FNR], t0, t1, $1, path[number[FNR]] }' \
      "$work/$list.txt" "$2/$list.codes" <(cut -d' ' -f2 "$2/$list.codes" | xargs -r sha256sum)
  done
  rm -rf "$2"
}
# Origin versions: "from-ms until-ms sha256 path", each version of every checked path with the
# time it was the origin's (from the start of its publication to the end of its successor's).
versions=$work/results/versions.txt
digests() { # path...: "sha256 path"
  local p
  for p in "$@"; do echo "$(sha256sum <"$(on_disk "$p")" | cut -c1-64) $p"; done
}
checked=("$mutable" $(cat "$work/burst-meta.txt" "$work/burst-squashfs.txt"))
digests "${checked[@]}" >"$work/results/versions-before.txt"

# What the machine does meanwhile: per phase of measurement, its wall time, the load average
# (1 min) at its start and end, and the delay switch's CPU time and the time it waited for a
# CPU (run queue, /proc/PID/schedstat): a switch that waits delays frames beyond the model.
phases=$work/results/phases.txt
phase_begin() { phase_t0=$(now_ms); phase_load0=$(cut -d' ' -f1 /proc/loadavg); read -r phase_cpu0 phase_wait0 _ <"/proc/$switch_pid/schedstat"; }
phase_end() { # name
  local cpu wait
  read -r cpu wait _ <"/proc/$switch_pid/schedstat"
  echo "$1 $(($(now_ms) - phase_t0)) $phase_load0 $(cut -d' ' -f1 /proc/loadavg) $(((cpu - phase_cpu0) / 1000000)) $(((wait - phase_wait0) / 1000000))" >>"$phases"
}

# One set-up, measured. results/<setup>-<region>.ttfb holds "first file" per run,
# <setup>-<region>.download the download's ms per run, burst-<setup>-<region> the bursts' ms.
# TTFB: one region at a time on an idle world, after an uncounted warm-up run (JIT, page cache).
ttfb_runs() { # setup url-of-region-function
  local r i base
  phase_begin
  for r in "${regions[@]}"; do
    base=$($2 "$r")
    ttfb "$r" "$base/$big" >/dev/null
    for ((i = 1; i <= runs; i++)); do ttfb "$r" "$base/$big"; done >"$work/results/$1-$r.ttfb"
  done
  phase_end "$1-ttfb"
}
# The release: every region's client downloads the big file at the same moment, round after
# round (the first $warmups uncounted), then every region's client runs its burst at once.
release_runs() { # setup url-of-region-function
  local setup=$1 url_of=$2 round r p jobs
  phase_begin
  for ((round = 1; round <= warmups + runs; round++)); do
    jobs=()
    for r in "${regions[@]}"; do
      download "$r" "$($url_of "$r")/$big" >"$work/results/download-$setup-$r.$round" &
      jobs+=($!)
    done
    for p in "${jobs[@]}"; do wait "$p" || fail "a download of set-up $setup failed"; done
  done
  for r in "${regions[@]}"; do
    for ((round = warmups + 1; round <= warmups + runs; round++)); do cat "$work/results/download-$setup-$r.$round"; done >"$work/results/$setup-$r.download"
  done
  phase_end "$setup-downloads"
  phase_begin
  for ((round = 1; round <= runs; round++)); do
    jobs=()
    for r in "${regions[@]}"; do
      burst "$r" "$($url_of "$r")" "$work/results/burst-$setup-$r.$round.d" >"$work/results/burst-$setup-$r.$round" &
      jobs+=($!)
    done
    for p in "${jobs[@]}"; do wait "$p" || fail "a burst of set-up $setup failed"; done
    for r in "${regions[@]}"; do answers "$r" "$work/results/burst-$setup-$r.$round.d" >>"$work/results/answers-$setup.txt"; done
  done
  for r in "${regions[@]}"; do cat "$work/results/burst-$setup-$r".[0-9]* | median >"$work/results/burst-$setup-$r"; done
  phase_end "$setup-bursts"
}
report() { # setup
  local r
  for r in "${regions[@]}"; do
    printf '  %-8s %-14s first %5s ms  file %5s ms  %2s MiB %6s ms  burst %6s ms\n' "$1" "${region_title[$r]}" \
      "$(cut -d' ' -f1 "$work/results/$1-$r.ttfb" | median)" "$(cut -d' ' -f2 "$work/results/$1-$r.ttfb" | median)" \
      "$big_mib" "$(median <"$work/results/$1-$r.download")" "$(cat "$work/results/burst-$1-$r")"
  done
}
origin_url() { echo "$coordinator"; }
echo "measuring origin only (no mirror approved: the coordinator serves every file)..."
ttfb_runs origin origin_url
release_runs origin origin_url
report origin

# --- the mirrors: enrolled, approved, synced, verified ---------------------------------------
declare -A id
echo "enrolling ${#mirror_regions[@]} mirrors through the API, approving them with the maintainer token..."
# as the node's enroll command does (one HTTP request, the token stored with mode 0600), with
# curl from the node's host, which spares a JVM start per mirror
enroll() { # region: prints the mirror's id
  local r=$1 country continent latitude longitude
  read -r country continent latitude longitude <<<"${region_place[$r]}"
  at "node-$r" curl -sS --fail-with-body -H 'Content-Type: application/json' --data-binary @- "$coordinator/api/v1/mirrors" <<JSON >"$work/logs/enroll-$r.out" 2>&1 || fail "enrolling node-$r failed: $(cat "$work/logs/enroll-$r.out")"
{"name": "${region_title[$r]} world mirror", "baseUrl": "http://${host_ip[node-$r]}:8080",
 "contactEmail": "ops-$r@example.org", "bandwidthMbps": 1000, "rsyncSources": ["${host_ip[node-$r]}"],
 "location": {"country": "$country", "continent": "$continent", "latitude": $latitude, "longitude": $longitude}}
JSON
  python3 - "$work/logs/enroll-$r.out" "$work/node-$r/token" <<'PY2'
import json, os, sys
answer = json.load(open(sys.argv[1]))
with os.fdopen(os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as token:
    token.write(answer["token"] + "\n")
print(answer["id"])
PY2
}
for r in "${mirror_regions[@]}"; do
  mkdir -p "$work/node-$r"
  id[$r]=$(enroll "$r")
  [ -n "${id[$r]}" ] || fail "no mirror id in $work/logs/enroll-$r.out"
  admin POST "/mirrors/${id[$r]}/approve" >/dev/null || fail "approving mirror ${id[$r]} (node-$r) failed"
done
for r in "${mirror_regions[@]}"; do
  start "node-$r" "$work/logs/node-$r.out" env WORLD_NODE_DIR="$work/node-$r" WORLD_NODE_HOST="${host_ip[node-$r]}" \
    WORLD_UPSTREAM="rsync://$origin_ip/distri/" WORLD_COORDINATOR_URL="$coordinator" \
    ip netns exec "$(ns "node-$r")" java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$node_jar" \
    server config/world/node.yml
done
reported() { [[ "$(admin GET "/mirrors/${id[$1]}")" == *'"lastSuccessfulSync":{'* ]]; }
for r in "${mirror_regions[@]}"; do
  await 300 "a report of a finished sync from node-$r" reported "$r"
  admin POST "/mirrors/${id[$r]}/verify" >/dev/null || fail "verify of mirror ${id[$r]} failed"
done
# the mirror the coordinator picks for each region's client, and the oracle's choice
declare -A routed_to oracle_of
for r in "${regions[@]}"; do
  best=
  for m in "${mirror_regions[@]}"; do
    t=$(round_trip "$r" "$m")
    if [ -z "$best" ] || awk -v a="$t" -v b="$(round_trip "$r" "$best")" 'BEGIN{exit !(a < b)}'; then best=$m; fi
  done
  oracle_of[$r]=$best
done
sent_to() { client_curl "$1" -o /dev/null -w '%{http_code} %{redirect_url}' "$coordinator/$big"; } # region
# every mirror up, verified and probed: each mirror region's client is sent to its own node
own_node() { [[ "$(sent_to "$1")" == "302 http://${host_ip[node-$1]}:8080/"* ]]; }
for r in "${mirror_regions[@]}"; do await 180 "a redirect of client-$r to node-$r" own_node "$r"; done
for r in "${regions[@]}"; do
  answer=$(sent_to "$r")
  [[ "$answer" == "302 http://"* ]] || fail "client-$r is not redirected: $answer"
  routed_to[$r]=${answer#302 }
  for m in "${mirror_regions[@]}"; do
    [[ "${routed_to[$r]}" == "http://${host_ip[node-$m]}:8080/"* ]] && routed_to[$r]=node-$m
  done
  echo "  client-$r (${region_title[$r]}) is sent to ${routed_to[$r]}; lowest round trip: node-${oracle_of[$r]}"
done

# --- the network, while the upstream publishes a new version --------------------------------
# A watcher per region asks for the mutable file every half second from the start of the
# network's runs to their end (and until it has seen the published version). After the TTFB
# runs the upstream publishes a new commit and moves master; the release's downloads and
# bursts follow while the nodes sync it.
watch_mutable() { # region stop-file
  local r=$1 t0 t1 code
  while [ ! -e "$2" ]; do
    t0=$(now_ms)
    code=$(client_curl "$r" -L --compressed -o "$work/results/watch-$r.body" -w '%{http_code}' "$coordinator/$mutable" || echo 000)
    t1=$(now_ms)
    echo "$code $t0 $t1 $(sha256sum <"$work/results/watch-$r.body" | cut -c1-64) $mutable"
    sleep 0.5
  done >"$work/results/watch-$r.txt"
}
watching() { local r; for r in "${regions[@]}"; do [ -s "$work/results/watch-$r.txt" ] || return 1; done; }
published_seen() { local r; for r in "${regions[@]}"; do grep -q " $new_digest " "$work/results/watch-$r.txt" || return 1; done; }
mirror_url() { echo "$coordinator"; }
echo "measuring the network (coordinator -> mirror); the upstream publishes after the TTFB runs..."
watchers=()
stop_watching=$work/results/watch.stop
for w in "${regions[@]}"; do watch_mutable "$w" "$stop_watching" & watchers+=($!); done
await 60 "a first answer to every watcher" watching
ttfb_runs network mirror_url
# distri's autobuilder: a new commit directory, then master moved to it atomically
publishing=$(now_ms)
cli "$node_jar" sample-repo --publish "$work/upstream" >>"$work/logs/publish.out" 2>&1 || fail "publishing failed: $(cat "$work/logs/publish.out")"
published=$(now_ms)
new_digest=$(sha256sum <"$(on_disk "$mutable")" | cut -c1-64)
echo "  the upstream published at $(date -u +%T): $(tail -1 "$work/logs/publish.out")"
release_runs network mirror_url
await 60 "the published $mutable at every watcher" published_seen
touch "$stop_watching"
for w in "${watchers[@]}"; do wait "$w" || fail "a watcher failed"; done
cat "$work/results"/watch-*.txt >"$work/results/answers-watch.txt"
report network

setups=(origin network)
declare -A coordinator_of routed_regional
if [ -n "$regional" ]; then
  # GeoDNS in front: each client asks the coordinator with the lowest round trip
  for r in "${regions[@]}"; do
    best=eu
    for c in "${regional_regions[@]}"; do
      awk -v a="$(round_trip "$r" "$c")" -v b="$(round_trip "$r" "$best")" 'BEGIN{exit !(a < b)}' && best=$c
    done
    coordinator_of[$r]=$best
  done
  regional_url() { [ "${coordinator_of[$1]}" = eu ] && echo "$coordinator" || regional_coordinator "${coordinator_of[$1]}"; }
  # each regional coordinator sends its region's client to a mirror, not to Europe
  regional_sent_to() { client_curl "$1" -o /dev/null -w '%{http_code} %{redirect_url}' "$(regional_url "$1")/$big"; }
  to_a_mirror() { local a; a=$(regional_sent_to "$1"); [[ "$a" == "302 http://"* && "$a" != "302 $coordinator/"* ]]; }
  for r in "${regions[@]}"; do
    # measured either way: a coordinator that keeps sending its region to Europe shows in the
    # table as two redirects; what it decided and why goes to the log
    until=$((SECONDS + 60))
    until to_a_mirror "$r" || [ $SECONDS -ge $until ]; do sleep 0.5; done
    if ! to_a_mirror "$r"; then
      client_curl "$r" -H 'Accept: application/json' "$(regional_url "$r")/$big?mirrorlist" >"$work/logs/mirrorlist-regional-$r.json" || true
      echo "  world: client-$r's coordinator (${coordinator_of[$r]}) does not send it to a mirror: $(regional_sent_to "$r"); its ?mirrorlist in $work/logs/mirrorlist-regional-$r.json" >&2
    fi
    answer=$(regional_sent_to "$r")
    # why that mirror, kept for every region (a nearer mirror passed over shows its exclusion)
    client_curl "$r" -H 'Accept: application/json' "$(regional_url "$r")/$big?mirrorlist" >"$work/logs/mirrorlist-regional-$r.json" || true
    routed_regional[$r]=${answer#302 }
    for m in "${mirror_regions[@]}"; do
      [[ "${routed_regional[$r]}" == "http://${host_ip[node-$m]}:8080/"* ]] && routed_regional[$r]=node-$m
    done
    echo "  client-$r (${region_title[$r]}) asks the coordinator in ${region_title[${coordinator_of[$r]}]}, which sends it to ${routed_regional[$r]}"
  done
  echo "measuring regional coordinators (each client asks its nearest coordinator, which redirects)..."
  ttfb_runs regional regional_url
  release_runs regional regional_url
  report regional
fi
if [ -z "$quick" ]; then
  oracle_url() { echo "http://${host_ip[node-${oracle_of[$1]}]}:8080"; }
  echo "measuring the oracle (the client asks the lowest-round-trip mirror directly)..."
  ttfb_runs oracle oracle_url
  release_runs oracle oracle_url
  report oracle
  setups+=(oracle)
fi
[ -z "$regional" ] || setups+=(regional)

# --- correctness: 404s and answers older than the origin's version at request time -----------
{
  awk -v until="$published" '{print 0, until, $1, $2}' "$work/results/versions-before.txt"
  digests "${checked[@]}" | awk -v from="$publishing" '{print from, 9e15, $1, $2}'
} >"$versions"
check_answers() { # answers-file ("code start-ms end-ms sha256 path"): prints "answers 404s stale other new"
  awk -v versions="$versions" '
    BEGIN { while ((getline line < versions) > 0) { split(line, f, " "); k = ++n[f[4]]; from[f[4], k] = f[1]; until[f[4], k] = f[2]; sha[f[4], k] = f[3] } }
    {
      total++
      if ($1 == 404) { missing++; next }
      if ($1 != 200) { other++; next }
      ok = 0
      # acceptable: any version the origin held at some moment during the request
      for (i = 1; i <= n[$5]; i++) if (from[$5, i] <= $3 && until[$5, i] >= $2 && sha[$5, i] == $4) ok = 1
      if (!ok) stale++
      # an answer of a published version (for a path the publication changed)
      for (i = 2; i <= n[$5]; i++) if (sha[$5, i] == $4 && sha[$5, 1] != $4) fresh++
    }
    END { printf "%d %d %d %d %d\n", total, missing + 0, stale + 0, other + 0, fresh + 0 }' "$1"
}
read -r net_answers net_404 net_stale net_other net_new < <(cat "$work/results/answers-network.txt" "$work/results/answers-watch.txt" >"$work/results/answers-checked.txt"; check_answers "$work/results/answers-checked.txt")
echo "network answers checked: $net_answers, 404: $net_404, stale: $net_stale, other errors: $net_other, of a published version: $net_new"
reg_answers=0 reg_404=0 reg_stale=0 reg_other=0
if [ -n "$regional" ]; then
  read -r reg_answers reg_404 reg_stale reg_other _ < <(check_answers "$work/results/answers-regional.txt")
  echo "regional answers checked: $reg_answers, 404: $reg_404, stale: $reg_stale, other errors: $reg_other"
fi

# --- the table and the plot ------------------------------------------------------------------
table=$work/results/world.md
first_ms() { cut -d' ' -f1 "$work/results/$1.ttfb" | median; } # setup-region
file_ms() { cut -d' ' -f2 "$work/results/$1.ttfb" | median; }
answer_ms() { cut -d' ' -f3 "$work/results/$1.ttfb" | median; } # the first answer less the handshake
download_ms() { median <"$work/results/$1.download"; }
burst_ms() { cat "$work/results/burst-$1"; }
{
  echo "| region | set-up | first answer TTFB (ms) | file TTFB (ms) | ${big_mib} MiB download, all regions at once (ms) | burst of $burst_size, all regions at once (ms) |"
  echo "|---|---|---:|---:|---:|---:|"
  for r in "${regions[@]}"; do
    for s in "${setups[@]}"; do
      first=$(first_ms "$s-$r")
      [ $s = oracle ] && first="–"
      printf '| %s | %s | %s | %s | %s | %s |\n' "${region_title[$r]}" \
        "$(case $s in origin) echo "origin only";; network) echo "network (→ ${routed_to[$r]})";; oracle) echo "oracle (node-${oracle_of[$r]})";;
          regional) echo "regional (${coordinator_of[$r]} coordinator → ${routed_regional[$r]})";; esac)" \
        "$first" "$(file_ms "$s-$r")" "$(download_ms "$s-$r")" "$(burst_ms "$s-$r")"
    done
  done
  echo
  echo "Network vs origin only (origin ÷ network; above 1 is better):"
  echo
  echo "| region | download | burst | file TTFB |"
  echo "|---|---:|---:|---:|"
  for r in "${regions[@]}"; do
    awk -v t="${region_title[$r]}" -v od="$(download_ms "origin-$r")" -v nd="$(download_ms "network-$r")" \
      -v ob="$(burst_ms "origin-$r")" -v nb="$(burst_ms "network-$r")" \
      -v of="$(file_ms "origin-$r")" -v nf="$(file_ms "network-$r")" \
      'BEGIN{printf "| %s | %.2f× | %.2f× | %.2f× |\n", t, od / nd, ob / nb, of / nf}'
  done
  if [ -n "$regional" ]; then
    echo
    echo "Regional coordinator → mirror against the oracle (file TTFB, regional ÷ oracle; target ≤ 1.20) and the first answer against a same-region round trip of $same_region_rtt ms (target ≤ 1.20; a fresh connection's TTFB holds two round trips, the handshake and the request, so both are shown):"
    echo
    echo "| region | its coordinator | file TTFB ÷ oracle's | first answer TTFB ÷ round trip | first answer less the handshake ÷ round trip | origin only's download ÷ regional's |"
    echo "|---|---|---:|---:|---:|---:|"
    for r in "${regions[@]}"; do
      awk -v t="${region_title[$r]}" -v c="${region_title[${coordinator_of[$r]}]}" \
        -v rf="$(file_ms "regional-$r")" -v xf="$( [ -z "$quick" ] && file_ms "oracle-$r" || echo 0)" \
        -v ra="$(first_ms "regional-$r")" -v rq="$(answer_ms "regional-$r")" -v rtt="$same_region_rtt" \
        -v rd="$(download_ms "regional-$r")" -v od="$(download_ms "origin-$r")" \
        'BEGIN{printf "| %s | %s | %s | %.2f | %.2f | %.2f× |\n", t, c, (xf > 0 ? sprintf("%.2f", rf / xf) : "–"), ra / rtt, rq / rtt, od / rd}'
    done
    echo
    echo "Regional answers checked: $reg_answers; 404: **$reg_404**; stale: **$reg_stale**; other errors: $reg_other."
  fi
  echo
  echo "Answers checked during the publication (network bursts and the per-region watcher of \`$mutable\`): $net_answers;"
  echo "404: **$net_404**; older than the origin's version at the time of the request: **$net_stale**; other errors: $net_other;"
  echo "answers of the newly published version: $net_new."
  echo
  echo "The machine meanwhile (load average over 1 min; the delay switch's CPU time and the time it waited for a CPU):"
  echo
  echo "| phase | wall (s) | load at start | load at end | switch CPU (s) | switch waiting for a CPU (s) |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk '{printf "| %s | %.1f | %s | %s | %.1f | %.1f |\n", $1, $2 / 1000, $3, $4, $5 / 1000, $6 / 1000}' "$phases"
} >"$table"
cat "$table"

plot=$work/results/world.png
if [ -z "$quick" ]; then
  data=$work/results/plot.dat
  {
    echo "# region, then per set-up (${setups[*]}): download s, burst s, file TTFB ms"
    for r in "${regions[@]}"; do
      printf '"%s"' "${region_title[$r]}"
      for s in "${setups[@]}"; do printf ' %s' "$(awk -v v="$(download_ms "$s-$r")" 'BEGIN{print v / 1000}')"; done
      for s in "${setups[@]}"; do printf ' %s' "$(awk -v v="$(burst_ms "$s-$r")" 'BEGIN{print v / 1000}')"; done
      for s in "${setups[@]}"; do printf ' %s' "$(file_ms "$s-$r")"; done
      echo
    done
  } >"$data"
  # one cluster of bars per region, one bar per set-up, for each of the three measures
  plot_line() { # first-column
    local i line=
    for i in "${!setups[@]}"; do
      title=$(case ${setups[i]} in origin) echo "origin only";; *) echo "${setups[i]}";; esac)
      if [ "$i" -eq 0 ]; then line="\"$data\" using $1:xtic(1) title \"$title\""; else line+=", \"\" using $(($1 + i)) title \"$title\""; fi
    done
    echo "plot $line"
  }
  n=${#setups[@]}
  gnuplot <<GP
set terminal png size 1400,1000 font ",11"
set output "$plot"
set multiplot layout 3,1 title "distri-mirrors world benchmark, $(date -u +%F): medians of $runs runs per region; downloads and bursts of all regions at once"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set grid ytics
set yrange [0:*]
set ylabel "$big_mib MiB download (s)"
$(plot_line 2)
set ylabel "burst of $burst_size (s)"
$(plot_line $((2 + n)))
set ylabel "file TTFB (ms)"
$(plot_line $((2 + 2 * n)))
unset multiplot
GP
  # into docs/: the table between the markers of the "World" section, and the plot beside it
  doc=docs/benchmarks.md
  if grep -q '<!-- world-table:begin -->' "$doc"; then
    {
      sed '/<!-- world-table:begin -->/q' "$doc"
      echo
      echo "Run $(date -u +%FT%H:%MZ), commit \`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`, $(nproc) cores, load average $load_at_start at the start and $(cut -d' ' -f1 /proc/loadavg) at the end, rate $rate per link, command \`config/scripts/bench/world.sh\` ($((SECONDS / 60)) min):"
      echo
      cat "$table"
      echo
      sed -n '/<!-- world-table:end -->/,$p' "$doc"
    } >"$doc.new"
    mv "$doc.new" "$doc"
  fi
  cp "$plot" docs/benchmarks-world.png
  echo "world: wrote $doc (World) and docs/benchmarks-world.png"
fi
[ "$((net_404 + net_stale + net_other + reg_404 + reg_stale + reg_other))" -eq 0 ] || { finished=1; fail "404s or stale answers (table above)"; }
finished=1
echo "world: done in $SECONDS s"
