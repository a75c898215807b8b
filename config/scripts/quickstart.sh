#!/usr/bin/env bash
# Quick start: a distri mirror node syncing a generated sample repository from a local rsync
# daemon (the "upstream") and serving it on loopback. Ctrl-C stops everything.
# Environment: QUICKSTART_DIR   work directory (default /tmp/distri-quickstart); a second run
#                              reuses it, so its first sync is incremental
#              QUICKSTART_PORT the node's HTTP port (default: the first free one from 8080); its
#                              admin port is the next free one, the rsync daemon's from 8873
set -euo pipefail
# Started in the background of a non-interactive shell, SIGINT arrives ignored, and bash cannot
# trap a signal ignored on entry: start again with its default action, so SIGINT stops it.
if [ -n "$(trap -p INT)" ] && [ -z "${QUICKSTART_SIGINT_RESET:-}" ] && env --default-signal=INT true 2>/dev/null; then
  QUICKSTART_SIGINT_RESET=1 exec env --default-signal=INT bash "$0" "$@"
fi
cd "$(dirname "$0")/../.."
repo=$(pwd)
config/scripts/ensure-tools.sh rsync curl

jar=node/target/distri-node.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml shared node -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit)" ]; then
  echo "building (mvn -q -DskipTests package)..."
  mvn -B -ntp -q -DskipTests package
fi

work=${QUICKSTART_DIR:-${TMPDIR:-/tmp}/distri-quickstart}
mkdir -p "$work"
work=$(cd "$work" && pwd)

# first port at or above $1 that nothing listens on
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "stopping..."
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "generating the sample repository in $work/upstream"
java -jar "$jar" sample-repo "$work/upstream"

rsync_port=$(free_port 8873)
cat > "$work/rsyncd.conf" <<CONF
use chroot = no
pid file = $work/rsyncd.pid
log file = $work/rsyncd.log
$( [ "$(id -u)" -eq 0 ] && printf 'uid = root\ngid = root' )
[distri]
path = $work/upstream
read only = yes
CONF
rm -f "$work/rsyncd.pid"
rsync --daemon --no-detach --address=127.0.0.1 --port="$rsync_port" --config="$work/rsyncd.conf" &
pids+=($!)

if [ -n "${QUICKSTART_PORT:-}" ]; then
  [[ $QUICKSTART_PORT =~ ^[0-9]+$ ]] && [ "$QUICKSTART_PORT" -ge 1024 ] && [ "$QUICKSTART_PORT" -le 65534 ] \
    || { echo "quickstart: QUICKSTART_PORT must be a number from 1024 to 65534, got '$QUICKSTART_PORT'" >&2; exit 1; }
  [ "$(free_port "$QUICKSTART_PORT")" = "$QUICKSTART_PORT" ] \
    || { echo "quickstart: port $QUICKSTART_PORT is in use; pick another QUICKSTART_PORT" >&2; exit 1; }
  http_port=$QUICKSTART_PORT
else
  http_port=$(free_port 8080)
fi
admin_port=$(free_port $((http_port + 1)))
cat > "$work/node.yml" <<CONF
sync:
  upstream: rsync://127.0.0.1:$rsync_port/distri/
  mirrorRoot: $work/mirror
  interval: 1 hour
  gracePeriod: 1 minute
  minDiskSpace: 1 GiB
server:
  applicationConnectors:
    - type: http
      bindHost: 127.0.0.1
      port: $http_port
  adminConnectors:
    - type: http
      bindHost: 127.0.0.1
      port: $admin_port
  requestLog:
    appenders:
      - type: file
        currentLogFilename: $work/access.log
        archive: false
logging:
  level: INFO
  appenders:
    - type: file
      currentLogFilename: $work/node.log
      archive: false
CONF
java -jar "$repo/$jar" server "$work/node.yml" &
node_pid=$!
pids+=($node_pid)

echo "waiting for the first sync..."
base=http://127.0.0.1:$http_port
for _ in $(seq 1 240); do
  kill -0 "$node_pid" 2>/dev/null || { echo "the node exited; see $work/node.log" >&2; exit 1; }
  status=$(curl -sf "$base/_mirror/status" || true)
  case "$status" in
    *'"state":"idle"'*'"snapshotId":"'*) break ;;
    *'"state":"failed"'*) echo "sync failed: $status" >&2; exit 1 ;;
  esac
  sleep 0.5
done
case "$status" in *'"state":"idle"'*) ;; *) echo "no sync within 2 minutes; see $work/node.log" >&2; exit 1 ;; esac

# the mirror page's check file (the module's root is served at /distri/)
pkg=distri/supersilverhaze/pkg/i3status-amd64-2.13-10.squashfs
cat <<INFO

distri-node is serving $work/mirror/current (synced from rsync://127.0.0.1:$rsync_port/distri/)

  sync status:     curl -s $base/_mirror/status
  freshness file:  curl -s $base/_mirror/last-sync-from/127.0.0.1
  a file:          curl -s -I $base/$pkg
  through master:  curl -s -H 'Accept-Encoding: zstd, gzip' -I $base/distri/master/pkg/i3status-amd64.meta.textproto
  the index:       curl -s -o /dev/null -w '%{http_code} %{size_download}\\n' $base/distri/jackherer/pkg/meta.binaryproto
  a range:         curl -s -r 0-15 $base/distri/jackherer/img/distri-disk.img.zst | od -c | head -2
  health, metrics: curl -s http://127.0.0.1:$admin_port/healthcheck ; curl -s http://127.0.0.1:$admin_port/metrics
  sync now:        curl -s -X POST http://127.0.0.1:$admin_port/tasks/sync
  publish a build: java -jar $repo/$jar sample-repo --publish $work/upstream   (then sync now)

logs: $work/node.log, $work/access.log, $work/rsyncd.log.  Ctrl-C stops the node and the rsync daemon.
INFO
wait "$node_pid"
