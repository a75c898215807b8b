#!/usr/bin/env bash
# Benchmark (not a test): a node's snapshot sync against plain rsync (the anchor) from the same
# loopback rsync daemon, on a generated repository. Initial sync into an empty target, then a
# no-change sync (the node: a new --link-dest snapshot, publication and freshness file; rsync:
# the same tree again). Medians of 3 runs. Usage: bench/sync.sh [SCALE] (default 10, ~210 MiB)
set -euo pipefail
cd "$(dirname "$0")/../../.."
config/scripts/ensure-tools.sh rsync
scale=${1:-10}
jar=node/target/distri-node.jar
[ -f "$jar" ] || mvn -B -ntp -q -DskipTests package
work=$(mktemp -d "${TMPDIR:-/tmp}/distri-bench-sync.XXXXXX")
daemon=
trap '[ -n "$daemon" ] && kill $daemon 2>/dev/null; rm -rf "$work"' EXIT

java -jar "$jar" sample-repo "$work/upstream" --scale "$scale" >/dev/null
size=$(du -sb "$work/upstream" | cut -f1)
files=$(find "$work/upstream" -type f | wc -l)
port=8873
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
printf 'use chroot = no\n%s\n[distri]\npath = %s\nread only = yes\n' \
  "$([ "$(id -u)" -eq 0 ] && printf 'uid = root\ngid = root')" "$work/upstream" > "$work/rsyncd.conf"
rsync --daemon --no-detach --address=127.0.0.1 --port=$port --config="$work/rsyncd.conf" &
daemon=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
url=rsync://127.0.0.1:$port/distri/

ms() { date +%s%3N; }
# prints the wall time of "$@" in ms
timed() { local t0; t0=$(ms); "$@" >/dev/null; echo $(( $(ms) - t0 )); }
# prints the node's own pass duration (from the sync command's output) and the wall time
node_sync() {
  local t0 out; t0=$(ms)
  out=$(java -jar "$jar" sync "$work/node.yml")
  # "... in 232 ms (...)" below a second, "... in 2.9 s (...)" or "... in 12 s (...)" above
  echo "$(sed -n 's/.* in \([0-9.]*\) \(ms\|s\) (.*/\1 \2/p' <<<"$out" \
    | awk '{print $2 == "ms" ? $1 : int($1 * 1000)}') $(( $(ms) - t0 ))"
}
median() { sort -n | sed -n 2p; }

printf 'sync:\n  upstream: %s\n  mirrorRoot: %s\n  gracePeriod: 0 seconds\nlogging:\n  level: WARN\n' \
  "$url" "$work/mirror" > "$work/node.yml"
declare -a rinit rnoop ninit nnoop ninitw nnoopw
for run in 1 2 3; do
  rm -rf "$work/plain" "$work/mirror"
  rinit+=("$(timed rsync -rlpt --safe-links "$url" "$work/plain/")")
  rnoop+=("$(timed rsync -rlpt --safe-links "$url" "$work/plain/")")
  read -r pass wall < <(node_sync); ninit+=("$pass"); ninitw+=("$wall")
  read -r pass wall < <(node_sync); nnoop+=("$pass"); nnoopw+=("$wall")
done
m() { printf '%s\n' "$@" | median; }
echo "repository: $files files, $size bytes (scale $scale); $(date -u +%F) $(nproc) cores"
printf '%-28s %10s %14s %18s %8s\n' case "rsync ms" "node pass ms" "node command ms" ratio
for c in init noop; do
  r=$(eval m "\${r$c[@]}"); n=$(eval m "\${n$c[@]}"); w=$(eval m "\${n${c}w[@]}")
  printf '%-28s %10s %14s %18s %8s\n' "$([ $c = init ] && echo initial || echo no-change)" \
    "$r" "$n" "$w" "$(awk -v n="$n" -v r="$r" 'BEGIN{printf "%.2f", n/r}')"
done
