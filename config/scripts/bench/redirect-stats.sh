#!/usr/bin/env bash
# The redirect benchmark (redirect-vs-nginx.sh: the real jar with config/coordinator.yml, a fleet
# of mirrors reporting, GeoIP, wrk beside nginx `return 302`) run twice in one go: download
# statistics off (-Ddw.stats.enabled=false) and on (the shipped stats: section, flushing every
# minute), in the order off, on. Each run brings its own nginx anchor, so the two are compared by
# their ratios to nginx as well as by their own medians. Prints both tables and a summary.
#
# Usage: config/scripts/bench/redirect-stats.sh        (~12 minutes; the environment of
# redirect-vs-nginx.sh passes through: MIRRORS ROUNDS DURATION PORT ...)
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mktemp -d /tmp/redirect-stats.XXXXXX)
trap 'rm -rf "$out"' EXIT
base=${PORT:-18500}
run() { # name port java-opts
  echo "bench: statistics $1" >&2
  PORT=$2 BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} $3" config/scripts/bench/redirect-vs-nginx.sh > "$out/$1.txt"
  cat "$out/$1.txt"
}
run off "$base" "-Ddw.stats.enabled=false"
run on "$((base + 10))" ""
median() { # file server-column-prefix -> "rps cpu"
  awk -F'|' -v s="$2" '$2 ~ /median/ && $3 ~ s {gsub(/ /, "", $4); gsub(/ /, "", $7); print $4, $7}' "$1"
}
read -r off_rps off_cpu < <(median "$out/off.txt" coordinator)
read -r on_rps on_cpu < <(median "$out/on.txt" coordinator)
read -r off_nginx _ < <(median "$out/off.txt" nginx)
read -r on_nginx _ < <(median "$out/on.txt" nginx)
cat <<SUMMARY

Download statistics on vs off (median of each run's rounds)
| statistics | coordinator req/s | nginx req/s (same run) | ratio to nginx | CPU µs/request |
|---|---:|---:|---:|---:|
| off | $off_rps | $off_nginx | $(awk -v a="$off_rps" -v b="$off_nginx" 'BEGIN {printf "%.2f", a / b}') | $off_cpu |
| on | $on_rps | $on_nginx | $(awk -v a="$on_rps" -v b="$on_nginx" 'BEGIN {printf "%.2f", a / b}') | $on_cpu |
on/off: req/s $(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN {printf "%.3f", a / b}'), CPU per request $(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN {printf "%.3f", a / b}')
SUMMARY
