# Sourced by demo.sh and bench/world.sh: the processes a script starts in the background, each
# in its own session (so Ctrl-C reaches only the script, which stops them), and polling with a
# deadline. The sourcing script defines fail() and $work (the processes log into $work/logs/).
pids=()
labels=()
start() { # label logfile command...
  local label=$1 log=$2
  shift 2
  setsid "$@" </dev/null >"$log" 2>&1 &
  pids+=($!)
  labels+=("$label")
}
# SIGTERM to every started process group, newest first; SIGKILL to those alive after the seconds
stop_started() { # seconds
  local seconds=$1 i alive
  local until=$((SECONDS + seconds))
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM -- "-${pids[i]}" 2>/dev/null || true; done
  while [ $SECONDS -lt $until ]; do
    alive=0
    for i in "${!pids[@]}"; do kill -0 -- "-${pids[i]}" 2>/dev/null && alive=1; done
    [ $alive -eq 1 ] || break
    sleep 0.2
  done
  for i in "${!pids[@]}"; do
    if kill -0 -- "-${pids[i]}" 2>/dev/null; then
      echo "${labels[i]} did not stop within $seconds s; killing it" >&2
      kill -KILL -- "-${pids[i]}" 2>/dev/null || true
    fi
  done
}
# polls a command until it succeeds; fails after the given seconds or when a started process died
await() { # seconds what command...
  local seconds=$1 what=$2 i
  shift 2
  local until=$((SECONDS + seconds))
  until "$@"; do
    for i in "${!pids[@]}"; do
      kill -0 "${pids[i]}" 2>/dev/null || fail "${labels[i]} exited while waiting for $what; see $work/logs/"
    done
    [ $SECONDS -lt $until ] || fail "no $what within $seconds s; see $work/logs/"
    sleep 0.5
  done
}
