#!/usr/bin/env bash
# Benchmark (needs root): one TCP download through the world's delay switch, to see what limits
# a single flow in config/scripts/bench/world.sh (docs/benchmarks.md "World: what limits one
# download"). Two hosts in network namespaces made by this script (names unique to the run,
# removed on exit), joined by world-switch.py at the given round trip, their links limited by
# tc tbf as world.sh limits them (or not at all with rate "none"). A Python HTTP server on one
# host, curl on the other; it prints the download's time and rate, what the sender's TCP said
# about itself at the end (ss -ti: cwnd, delivery rate, time limited by the send buffer) and the
# switch's CPU time. The hosts have no route or interface beyond their link.
#
#   config/scripts/bench/world-flow.sh ROUND_TRIP_MS RATE [MIB]    e.g. 323.5 100mbit 64
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROUND_TRIP_MS RATE|none [MIB]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "world-flow: needs root (network namespaces, tc)" >&2; exit 1; }
rtt=$1 rate=$2 mib=${3:-64}
cd "$(dirname "$0")/../../.."
config/scripts/ensure-tools.sh curl ip:iproute2 tc:iproute2 python3
work=$(mktemp -d "${TMPDIR:-/tmp}/distri-world-flow.XXXXXX")
tag=wf$$$(printf '%04x' $((RANDOM % 65536)))
made=()
pids=()
cleanup() {
  local status=$? n p
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for n in "${made[@]}"; do ip netns delete "$n" 2>/dev/null || true; done
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
add_ns() { ip netns add "$tag-$1"; made+=("$tag-$1"); ip -n "$tag-$1" link set lo up; }
add_ns switch
for i in 1 2; do
  add_ns "h$i"
  ip -n "$tag-switch" link add "p$i" type veth peer name eth0 netns "$tag-h$i"
  ip -n "$tag-h$i" link set eth0 address "02:77:00:00:00:0$i"
  ip -n "$tag-h$i" addr add "198.51.100.$i/24" dev eth0
  ip -n "$tag-h$i" link set eth0 up
  ip -n "$tag-switch" link set "p$i" up
  if [ "$rate" != none ]; then
    tc -n "$tag-h$i" qdisc add dev eth0 root tbf rate "$rate" burst 256kb latency 200ms
    tc -n "$tag-switch" qdisc add dev "p$i" root tbf rate "$rate" burst 256kb latency 200ms
  fi
done
ip -n "$tag-h1" neigh add 198.51.100.2 lladdr 02:77:00:00:00:02 dev eth0 nud permanent
ip -n "$tag-h2" neigh add 198.51.100.1 lladdr 02:77:00:00:00:01 dev eth0 nud permanent
for i in 1 2; do
  routes=$(ip -n "$tag-h$i" -4 route show table all | grep -v -E '^(local|broadcast) ' || true)
  [ "$(echo $routes)" = "198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.$i" ] \
    || { echo "world-flow: $tag-h$i has routes beyond its link: $routes" >&2; exit 1; }
done
half=$(awk -v r="$rtt" 'BEGIN{print r / 2}')
printf 'a a %s\nb b %s\na b %s\n' "$half" "$half" "$half" >"$work/delays.txt"
ip netns exec "$tag-switch" python3 config/scripts/bench/world-switch.py "$work/delays.txt" \
  p1,02:77:00:00:00:01,a p2,02:77:00:00:00:02,b >"$work/switch.out" 2>&1 &
pids+=($!)
switch=$!
head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/file"
ip netns exec "$tag-h1" python3 -m http.server --bind 198.51.100.1 --directory "$work" 8000 >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  grep -q ready "$work/switch.out" && ip netns exec "$tag-h2" curl -sf -o /dev/null http://198.51.100.1:8000/delays.txt && break
  sleep 0.2
done
read -r cpu0 wait0 _ <"/proc/$switch/schedstat"
ip netns exec "$tag-h2" curl -sf -o /dev/null -w "round trip $rtt ms, rate $rate, $mib MiB: TTFB %{time_starttransfer} s, download %{time_total} s, %{speed_download} B/s\n" \
  http://198.51.100.1:8000/file &
client=$!
# the sender's view of the flow, last sample before the download ends
last=
while kill -0 "$client" 2>/dev/null; do
  now=$(ip netns exec "$tag-h1" ss -tin dst 198.51.100.2 | grep -o 'cwnd:[0-9]*\|delivery_rate [^ ]*\|sndbuf_limited:[^ ]*\|busy:[^ ]*' | tr '\n' ' ' || true)
  [ -z "$now" ] || last=$now
  sleep 0.25
done
wait "$client"
read -r cpu1 wait1 _ <"/proc/$switch/schedstat"
echo "sender (ss -ti): $last"
echo "switch: CPU $(((cpu1 - cpu0) / 1000000)) ms, waited for a CPU $(((wait1 - wait0) / 1000000)) ms; load average $(cut -d' ' -f1 /proc/loadavg); congestion control $(ip netns exec "$tag-h1" sysctl -n net.ipv4.tcp_congestion_control), tcp_wmem $(ip netns exec "$tag-h1" sysctl -n net.ipv4.tcp_wmem | tr '\t' ' ')"
