#!/usr/bin/env bash
# Benchmark (not a test): the node's file server against nginx from apt, same tree, same wrk
# settings, same run, loopback only. Prints a Markdown table of medians of 3 runs and the
# node/nginx ratios. Needs the fat jar: mvn -B -ntp -q -DskipTests package
#
#   config/scripts/bench/serve-vs-nginx.sh [duration=10s] [connections=16] [threads=2]
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
NODE_PID= NGINX_PID=
cleanup() {
  [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
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
LARGE=$(cd "$TREE" && find distri -type f -name '*.squashfs' -exec test -e '{}.zst' -a -e '{}.gz' \; -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
(cd "$TREE" && find distri -type f ! -name '*.zst' ! -name '*.gz' -size -4k -printf '/%p\n') > "$WORK/small-paths"
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
cat > "$WORK/node.yml" <<YML
sync:
  upstream: rsync://127.0.0.1:9/distri/   # nothing listens: the bench serves a fixed snapshot
  mirrorRoot: $MIRROR
  interval: 24 hours
  retryDelay: 24 hours
  minDiskSpace: 0 B
serve:
  enabled: true
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $NODE_PORT}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $ADMIN_PORT}]
  requestLog: {appenders: []}   # nginx runs with access_log off too
logging:
  level: WARN
YML
java -jar "$JAR" server "$WORK/node.yml" > "$WORK/node.log" 2>&1 &
NODE_PID=$!

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
    root $TREE;
    location / { autoindex on; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!

wait_http "http://127.0.0.1:$NODE_PORT/$LARGE"
wait_http "http://127.0.0.1:$NGINX_PORT/$LARGE"

# --- load ----------------------------------------------------------------------------------------
to_bytes() { # wrk's "123.45MB" -> bytes
  python3 -c 'import re,sys; m=re.match(r"([\d.]+)([KMGT]?B)",sys.argv[1]); print(int(float(m.group(1))*{"B":1,"KB":2**10,"MB":2**20,"GB":2**30,"TB":2**40}[m.group(2)]))' "$1"
}
run_wrk() { # url accept-encoding [lua] -> "req/s bytes/s"
  local url=$1 ae=$2 lua=${3:-} out
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION")
  [[ -n $ae ]] && args+=(-H "Accept-Encoding: $ae")
  [[ -n $lua ]] && args+=(-s "$lua")
  out=$(wrk "${args[@]}" "$url")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url" >&2; echo "$out" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_bytes "$(awk '/Transfer\/sec/ {print $2}' <<<"$out")")"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# JIT warm-up for the node, page cache warm-up for both
for url in "http://127.0.0.1:$NODE_PORT/$LARGE" "http://127.0.0.1:$NGINX_PORT/$LARGE"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Accept-Encoding: zstd, gzip" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/rotate.lua" "${url%/distri/*}/" >/dev/null
done

declare -A RESULT
measure() { # case node-accept nginx-accept path [lua]; runs alternate so drift hits both alike
  local name=$1 node_ae=$2 nginx_ae=$3 path=$4 lua=${5:-} r server
  : > "$WORK/node.rps"; : > "$WORK/node.bps"; : > "$WORK/nginx.rps"; : > "$WORK/nginx.bps"
  for _ in $(seq 1 $RUNS); do
    r=$(run_wrk "http://127.0.0.1:$NODE_PORT$path" "$node_ae" "$lua")
    echo "${r% *}" >> "$WORK/node.rps"; echo "${r#* }" >> "$WORK/node.bps"
    r=$(run_wrk "http://127.0.0.1:$NGINX_PORT$path" "$nginx_ae" "$lua")
    echo "${r% *}" >> "$WORK/nginx.rps"; echo "${r#* }" >> "$WORK/nginx.bps"
  done
  for server in node nginx; do
    RESULT[$name.$server.rps]=$(median < "$WORK/$server.rps")
    RESULT[$name.$server.bps]=$(median < "$WORK/$server.bps")
  done
}
measure large-identity "" "" "/$LARGE"
measure large-compressed "zstd, gzip" "gzip" "/$LARGE"
measure small-identity "" "" "/" "$WORK/rotate.lua"

echo "Node vs nginx, $(date -u +%Y-%m-%dT%H:%MZ), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $RUNS, $(nproc) cores"
echo "large file: /$LARGE ($(stat -c %s "$TREE/$LARGE") B; .zst $(stat -c %s "$TREE/$LARGE.zst") B; .gz $(stat -c %s "$TREE/$LARGE.gz") B); small files: $SMALL_COUNT paths < 4 KiB"
echo
echo "| case | node req/s | nginx req/s | node MiB/s | nginx MiB/s | node/nginx req/s | node/nginx bytes/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in large-identity large-compressed small-identity; do
  python3 - "$name" "${RESULT[$name.node.rps]}" "${RESULT[$name.nginx.rps]}" "${RESULT[$name.node.bps]}" "${RESULT[$name.nginx.bps]}" <<'PY'
import sys
name, nr, xr, nb, xb = sys.argv[1], *map(float, sys.argv[2:])
label = {"large-identity": "large file, identity",
         "large-compressed": "large file, `zstd, gzip` (node) / `gzip` (nginx)",
         "small-identity": "small files, identity (rotating paths)"}[name]
# compressed case: the node sends the .zst, nginx the .gz, which differ in size; hence both ratios
print(f"| {label} | {nr:,.0f} | {xr:,.0f} | {nb/2**20:,.1f} | {xb/2**20:,.1f} | {nr/xr:.2f} | {nb/xb:.2f} |")
PY
done
