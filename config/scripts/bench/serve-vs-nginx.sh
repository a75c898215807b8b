#!/usr/bin/env bash
# Benchmark (not a test): the node's file server against nginx from apt, same tree, same wrk
# settings, same run, loopback only. Prints a Markdown table of medians of 3 runs and the
# node/nginx ratios, the CPU time per request (user + system of every thread or worker, from
# /proc/<pid>/stat) and the node's RSS after each case. Needs the fat jar: mvn -B -ntp -q
# -DskipTests package
#
#   config/scripts/bench/serve-vs-nginx.sh [duration=10s] [connections=16] [threads=2]
#
# The node runs with the JVM flags of config/systemd/distri-node.service (NODE_FLAGS instead);
# NODE_FLAGS_B starts a second node with those flags on the same tree, measured in turn with the
# first in every run (two flag sets compared in one run).
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${1:-10s}
CONNECTIONS=${2:-16}
THREADS=${3:-2}
RUNS=3
JAR=node/target/distri-node.jar
[[ -f $JAR ]] || { echo "missing $JAR: run mvn -B -ntp -q -DskipTests package" >&2; exit 1; }
config/scripts/ensure-tools.sh nginx wrk >/dev/null

WORK=$(mktemp -d /tmp/serve-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as an unprivileged user
NODE_PID= NODE_B_PID= NGINX_PID=
UNIT=config/systemd/distri-node.service
NODE_FLAGS=${NODE_FLAGS:-$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$UNIT")}
NODE_FLAGS_B=${NODE_FLAGS_B:-}
cleanup() {
  [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  [[ -n $NODE_B_PID ]] && kill "$NODE_B_PID" 2>/dev/null && wait "$NODE_B_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 300); do curl -fso /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

# --- the tree: the sample repository, published as the node's current snapshot -----------------
MIRROR=$WORK/mirror
java -jar "$JAR" sample-repo "$MIRROR/snapshots/bench" --scale 8 >/dev/null
ln -s snapshots/bench "$MIRROR/current"
chmod -R a+rX "$MIRROR"
TREE=$MIRROR/current
# large: the biggest original that has both siblings; small: every original under 4 KiB
# the snapshot is the module itself, served at /distri/ (by nginx too, below)
LARGE=distri/$(cd "$TREE" && find . -type f -name '*.squashfs' -exec test -e '{}.zst' -a -e '{}.gz' \; -printf '%s %P\n' | sort -n | tail -1 | cut -d' ' -f2)
(cd "$TREE" && find . -type f ! -name '*.zst' ! -name '*.gz' -size -4k -printf '/distri/%P\n') > "$WORK/small-paths"
SMALL_COUNT=$(wc -l < "$WORK/small-paths")
cat > "$WORK/rotate.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/small-paths") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA

# --- the node ------------------------------------------------------------------------------------
NODE_PORT=$(free_port) ADMIN_PORT=$(free_port) NGINX_PORT=$(free_port)
NODE_B_PORT=$(free_port) ADMIN_B_PORT=$(free_port)
node_yml() { # port admin-port
cat <<YML
sync:
  upstream: rsync://127.0.0.1:9/distri/   # nothing listens: the bench serves a fixed snapshot
  mirrorRoot: $MIRROR
  interval: 24 hours
  retryDelay: 24 hours
  minDiskSpace: 0 B
serve:
  enabled: true
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $1}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $2}]
  requestLog: {appenders: []}   # nginx runs with access_log off too
logging:
  level: WARN
YML
}
node_yml "$NODE_PORT" "$ADMIN_PORT" > "$WORK/node.yml"
# shellcheck disable=SC2086
java $NODE_FLAGS -jar "$JAR" server "$WORK/node.yml" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
if [[ -n $NODE_FLAGS_B ]]; then
  node_yml "$NODE_B_PORT" "$ADMIN_B_PORT" > "$WORK/node-b.yml"
  # shellcheck disable=SC2086
  java $NODE_FLAGS_B -jar "$JAR" server "$WORK/node-b.yml" > "$WORK/node-b.log" 2>&1 &
  NODE_B_PID=$!
fi

# --- nginx: apt's binary, own prefix and config, sendfile + gzip_static ---------------------------
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  gzip_static on;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /distri/ { alias $TREE/; autoindex on; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!

wait_http "http://127.0.0.1:$NODE_PORT/$LARGE"
[[ -z $NODE_B_PID ]] || wait_http "http://127.0.0.1:$NODE_B_PORT/$LARGE"
wait_http "http://127.0.0.1:$NGINX_PORT/$LARGE"
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')

# --- load ----------------------------------------------------------------------------------------
to_bytes() { # wrk's "123.45MB" -> bytes
  python3 -c 'import re,sys; m=re.match(r"([\d.]+)([KMGT]?B)",sys.argv[1]); print(int(float(m.group(1))*{"B":1,"KB":2**10,"MB":2**20,"GB":2**30,"TB":2**40}[m.group(2)]))' "$1"
}
TICKS=$(getconf CLK_TCK)
cpu_ticks() { local total=0 f; for pid in "$@"; do read -r -a f < "/proc/$pid/stat"; total=$((total + f[13] + f[14])); done; echo "$total"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
run_wrk() { # url accept-encoding lua pids... -> "req/s bytes/s cpu-us-per-request"
  local url=$1 ae=$2 lua=${3:-} out before used; shift 3
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION")
  [[ -n $ae ]] && args+=(-H "Accept-Encoding: $ae")
  [[ -n $lua ]] && args+=(-s "$lua")
  before=$(cpu_ticks "$@")
  out=$(wrk "${args[@]}" "$url")
  used=$(( $(cpu_ticks "$@") - before ))
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url" >&2; echo "$out" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_bytes "$(awk '/Transfer\/sec/ {print $2}' <<<"$out")") $(awk -v t="$used" -v hz="$TICKS" '/ requests in / {printf "%.1f", t * 1e6 / hz / $1}' <<<"$out")"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# JIT warm-up for the node, page cache warm-up for both
WARM_URLS=("http://127.0.0.1:$NODE_PORT/$LARGE" "http://127.0.0.1:$NGINX_PORT/$LARGE")
[[ -z $NODE_B_PID ]] || WARM_URLS+=("http://127.0.0.1:$NODE_B_PORT/$LARGE")
for url in "${WARM_URLS[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Accept-Encoding: zstd, gzip" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/rotate.lua" "${url%/distri/*}/" >/dev/null
done

declare -A RESULT
SERVERS=(node nginx)
[[ -z $NODE_B_PID ]] || SERVERS=(node nodeb nginx)
port_of() { case $1 in node) echo "$NODE_PORT" ;; nodeb) echo "$NODE_B_PORT" ;; nginx) echo "$NGINX_PORT" ;; esac; }
pids_of() { case $1 in node) echo "$NODE_PID" ;; nodeb) echo "$NODE_B_PID" ;; nginx) echo "$NGINX_WORKERS" ;; esac; }
measure() { # case node-accept nginx-accept path [lua]; runs alternate so drift hits both alike
  local name=$1 node_ae=$2 nginx_ae=$3 path=$4 lua=${5:-} r server ae
  for server in "${SERVERS[@]}"; do : > "$WORK/$server.rps"; : > "$WORK/$server.bps"; : > "$WORK/$server.cpu"; : > "$WORK/$server.rss"; done
  for _ in $(seq 1 $RUNS); do
    for server in "${SERVERS[@]}"; do
      ae=$node_ae; [[ $server == nginx ]] && ae=$nginx_ae
      # shellcheck disable=SC2046
      r=$(run_wrk "http://127.0.0.1:$(port_of "$server")$path" "$ae" "$lua" $(pids_of "$server"))
      read -r rps bps cpu <<<"$r"
      echo "$rps" >> "$WORK/$server.rps"; echo "$bps" >> "$WORK/$server.bps"; echo "$cpu" >> "$WORK/$server.cpu"
      [[ $server == nginx ]] || echo "$(rss_mib "$(pids_of "$server")")" >> "$WORK/$server.rss"
    done
  done
  for server in "${SERVERS[@]}"; do
    RESULT[$name.$server.rps]=$(median < "$WORK/$server.rps")
    RESULT[$name.$server.bps]=$(median < "$WORK/$server.bps")
    RESULT[$name.$server.cpu]=$(median < "$WORK/$server.cpu")
    RESULT[$name.$server.rss]=$([[ $server == nginx ]] && echo - || sort -n "$WORK/$server.rss" | tail -1)
  done
}
measure large-identity "" "" "/$LARGE"
measure large-compressed "zstd, gzip" "gzip" "/$LARGE"
measure small-identity "" "" "/" "$WORK/rotate.lua"

echo "Node vs nginx, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $RUNS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "node: java $NODE_FLAGS -jar $JAR server node.yml${NODE_B_PID:+; node B: java $NODE_FLAGS_B (the same)}"
echo "large file: /$LARGE ($(stat -c %s "$TREE/${LARGE#distri/}") B; .zst $(stat -c %s "$TREE/${LARGE#distri/}.zst") B; .gz $(stat -c %s "$TREE/${LARGE#distri/}.gz") B); small files: $SMALL_COUNT paths < 4 KiB"
echo
echo "| case | server | req/s | MiB/s | CPU µs/request | RSS MiB (highest after a run) | req/s / nginx | bytes/s / nginx |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for name in large-identity large-compressed small-identity; do
  for server in "${SERVERS[@]}"; do
    python3 - "$name" "$server" "${RESULT[$name.$server.rps]}" "${RESULT[$name.nginx.rps]}" "${RESULT[$name.$server.bps]}" "${RESULT[$name.nginx.bps]}" "${RESULT[$name.$server.cpu]}" "${RESULT[$name.$server.rss]}" <<'PY'
import sys
name, server, r, xr, b, xb, cpu, rss = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:8]), sys.argv[8]
label = {"large-identity": "large file, identity",
         "large-compressed": "large file, `zstd, gzip` (node) / `gzip` (nginx)",
         "small-identity": "small files, identity (rotating paths)"}[name]
who = {"node": "node", "nodeb": "node B", "nginx": "nginx"}[server]
# compressed case: the node sends the .zst, nginx the .gz, which differ in size; hence both ratios
print(f"| {label} | {who} | {r:,.0f} | {b/2**20:,.1f} | {cpu:.1f} | {rss} | {r/xr:.2f} | {b/xb:.2f} |")
PY
  done
done
