# The redirect benchmarks' world, sourced by redirect-vs-nginx.sh and redirect-ab.sh: in $work,
# the origin tree (sample-repo), a GeoIP2 City database of $NETWORKS networks and client
# addresses inside them ($work/clients.txt), the nginx mirror farm on $FARM_PORT, the anchor
# (nginx `return 302`) on $NGINX_PORT, config/coordinator.yml's variables exported, and a maintainer
# token in $maintainer. Needs work, NETWORKS, PORT, ADMIN_PORT, FARM_PORT, NGINX_PORT, NODE_JAR;
# ORIGIN_SMALL (0) adds that many small packages to each release of the origin tree (about 14 files
# on disk per package over both releases: ORIGIN_SMALL=7100 makes a tree of about 100,000 files).
# A work directory that holds a built world already ($work/world.done) is reused: only the two
# nginx are started again and the variables and token set.
# The scripts' exit (bench_exit_traps cleanup-function): bench_stop_all kills the processes in
# the array pids and every nginx whose pid file is in $work, and waits for them.
bench_stop_all() {
  local pid file
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for file in "$work"/*.pid; do [ -f "$file" ] && kill "$(cat "$file")" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
# The first lines of every benchmark nginx's configuration: its pid file and error log in $work.
nginx_conf_head() { # name worker-processes
  printf 'worker_processes %s;\npid %s;\nerror_log %s;\nevents { worker_connections 1024; }\n' \
    "$2" "$work/$1.pid" "$work/$1-error.log"
}
bench_exit_traps() {
  trap "$1" EXIT
  trap 'exit 1' INT TERM
}
redirect_world() { # coordinator-jar
  local jar=$1
  if [ ! -f "$work/world.done" ]; then
    redirect_world_build "$jar"
    touch "$work/world.done"
  fi
  nginx -c "$work/farm.conf"
  nginx -c "$work/nginx.conf"

  # config/coordinator.yml's variables, set as the systemd unit sets them (plus the loopback ports,
  # and private addresses allowed: the mirror farm is on loopback)
  export COORDINATOR_PORT=$PORT COORDINATOR_ADMIN_PORT=$ADMIN_PORT COORDINATOR_DATA=$work/data
  export ORIGIN_ROOT=$work/origin GEOIP_CITY=$work/city.mmdb COORDINATOR_ALLOW_PRIVATE=true
  export ALLOWLIST_FRAGMENT=$work/allowlist.inc
  mkdir -p "$work/data"
  if [ ! -f "$work/maintainer.out" ]; then
    java -XX:TieredStopAtLevel=1 -jar "$jar" maintainer-token create bench config/coordinator.yml > "$work/maintainer.out" 2>&1 || { cat "$work/maintainer.out" >&2; rm -f "$work/maintainer.out"; exit 1; }
  fi
  maintainer=$(grep -o "^dmm_[^ ]*" "$work/maintainer.out") || { cat "$work/maintainer.out" >&2; exit 1; }
  # the benchmark's path: a package through the release link (mutable: the redirect also checks
  # the index digests and stats the file)
  pkg=$(cd "$work/origin/jackherer/pkg" && ls ./*.squashfs | sed 's|^\./||' | sort | sed -n 1p)
  path=/distri/jackherer/pkg/$pkg
}

# The coordinator under test, as both scripts watch it (the sourcing script defines log and sets
# coordinator_pid; the coordinator logs to $work/coordinator.log).
api_up() { curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/mirrors"; }
await() { # seconds what command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { log "timed out waiting for $what"; tail -30 "$work/coordinator.log" >&2; exit 1; }
    kill -0 "$coordinator_pid" 2>/dev/null || { log "coordinator exited"; tail -30 "$work/coordinator.log" >&2; exit 1; }
    sleep 0.2
  done
}
redirected() { # a located client goes to a mirror (the prober has confirmed the fleet)
  curl -s -o /dev/null -D - -H "X-Forwarded-For: $(head -1 "$work/clients.txt")" \
    "http://127.0.0.1:$PORT$path" | grep -qi '^x-distri-mirror:'
}
candidates() { # mirrors ?mirrorlist names as candidates for the benchmark's path
  curl -s "http://127.0.0.1:$PORT$path?mirrorlist" -H 'Accept: application/json' |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["candidates"]))'
}
probed_mirrors() { [ "$(candidates)" -ge $((MIRRORS * 9 / 10)) ]; }
# CPU time (user + system, all threads) of the given processes, in clock ticks
cpu_ticks() { local total=0 f pid; for pid in "$@"; do read -r -a f < "/proc/$pid/stat"; total=$((total + f[13] + f[14])); done; echo "$total"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

redirect_world_build() { # coordinator-jar
  local jar=$1
  java -XX:TieredStopAtLevel=1 -jar "$NODE_JAR" sample-repo "$work/origin" --small "${ORIGIN_SMALL:-0}" > "$work/sample.out"
  python3 - "$NETWORKS" "$work/networks.txt" "$work/clients.txt" <<'PY'
import random, sys
n, networks, clients = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(2026)
places = [("DE", "EU"), ("FR", "EU"), ("US", "NA"), ("BR", "SA"), ("JP", "AS"), ("AU", "OC"), ("ZA", "AF")]
seen, lines, addresses = set(), [], []
while len(lines) < n:
    a, b, c = rng.randint(1, 223), rng.randrange(256), rng.randrange(256)
    if a in (10, 100, 127, 169, 172, 192, 198, 203) or (a, b, c) in seen:  # no special-purpose space
        continue
    seen.add((a, b, c))
    country, continent = places[rng.randrange(len(places))]
    lines.append(f"{a}.{b}.{c}.0/24 {country} {continent} {rng.uniform(-60, 70):.3f} {rng.uniform(-180, 180):.3f}")
    if len(lines) % 10 == 0:
        addresses.append(f"{a}.{b}.{c}.{rng.randint(1, 254)}")
open(networks, "w").write("\n".join(lines) + "\n")
open(clients, "w").write("\n".join(addresses) + "\n")
PY
  java -XX:TieredStopAtLevel=1 -jar "$jar" geoip-build "$work/networks.txt" "$work/city.mmdb" > "$work/geoip.out"

  # one nginx serves every mirror: http://127.0.0.1:FARM_PORT/m<i>/ is the origin tree at /distri/
  # plus the freshness file, as a node publishes them
  mkdir -p "$work/farm/_mirror/last-sync-from" "$work/farm-tmp"
  ln -s "$work/origin" "$work/farm/distri"
  cat > "$work/farm.conf" <<CONF
$(nginx_conf_head farm 1)
http {
  access_log off;
  client_body_temp_path $work/farm-tmp;
  server {
    listen 127.0.0.1:$FARM_PORT;
    location ~ ^/m[0-9]+/(.*)\$ { alias $work/farm/\$1; }
  }
}
CONF

  # the anchor: nginx answering every request with a 302
  cat > "$work/nginx.conf" <<CONF
$(nginx_conf_head nginx auto)
http {
  access_log off;
  client_body_temp_path $work/farm-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { return 302 https://m1.example\$request_uri; }
  }
}
CONF
}

# The unit's JVM flags and class-data archive step, for a jar run here: $work paths instead of the
# installed ones. unit_java_flags unit archive; unit_start_pre unit archive jar config runs the
# unit's ExecStartPre shell commands (a failure is the unit's too: ignored).
unit_java_flags() {
  sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$1" |
    sed "s|/var/lib/distri-coordinator/coordinator.jsa|$2|g"
}
unit_start_pre() {
  local line
  sed -n "s|^ExecStartPre=-\{0,1\}/bin/sh -c '\(.*\)'\$|\1|p" "$1" | while IFS= read -r line; do
    line=${line//\$\$/\$}
    line=${line//\/var\/lib\/distri-coordinator\/coordinator.jsa/$2}
    line=${line//\/opt\/distri\/distri-coordinator.jar/$3}
    line=${line//\/etc\/distri-coordinator\/coordinator.yml/$4}
    sh -c "$line" < /dev/null || true
  done
}
