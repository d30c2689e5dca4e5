# Shared by the real-process cluster tests (sourced, not run): a work folder, processes and servers stopped on exit
# (also on failure), bounded waits, free ports, and the silo-loss check. The sourcing script sets `name` first.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exe="$root/.build/cli/uptakesim"
scenario="$root/scenarios/baseline.yaml"
work="$(mktemp -d "${TMPDIR:-/tmp}/uptakesim-${name// /-}.XXXXXX")"
chmod 755 "$work"
pids=()
cleanups=()

# Newest first, so the silos leave the cluster while its store is still up; then the servers' own cleanups.
stop_all() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null && { timeout 15 tail --pid="${pids[i]}" -f /dev/null || kill -KILL "${pids[i]}"; }
  done 2>/dev/null
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do eval "${cleanups[i]}" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap stop_all EXIT

fail() {
  echo "$name: FAIL: $*"
  for log in "$work"/*.log; do
    [ -f "$log" ] && { echo "--- last lines of $(basename "$log")"; tail -n 15 "$log" | cut -c1-300; }
  done
  exit 1
}

# Polls until the file has at least `count` lines matching the pattern, for at most the given seconds.
wait_for_line() {
  local file=$1 pattern=$2 seconds=$3 count=${4:-1} found
  for _ in $(seq $((seconds * 5))); do
    found=$(grep -Ec "$pattern" "$file" 2>/dev/null)
    [ "${found:-0}" -ge "$count" ] && return 0
    sleep 0.2
  done
  return 1
}

# A port nothing listens on now (connecting is refused).
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# Installs Debian packages (CI runs as root on a fresh machine).
install_packages() {
  echo "$name: installing $*..."
  { timeout 300 apt-get update && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y "$@"; } >"$work/apt.log" 2>&1 \
    || fail "$* could not be installed (apt-get; needs root): see apt.log"
}

build() {
  timeout 600 "$root/run.sh" --help >/dev/null 2>"$work/build.log" || fail "the build failed"
}

# Starts a silo of the given cluster on this machine; its log is $work/<label>.log.
start_silo() {
  local cluster=$1 label=$2 port=${3:-$(free_port)}
  "$exe" silo --cluster "$cluster" --address 127.0.0.1 --port "$port" --gateway-port "$(free_port)" >"$work/$label.log" 2>&1 &
  pids+=($!)
}

# A silo asked to start on the port of a running one (silo a, started with port $silo_a_port) must refuse at once
# with exit 2 and leave silo a serving.
port_in_use_check() {
  local cluster=$1 status
  timeout -k 5 60 "$exe" silo --cluster "$cluster" --address 127.0.0.1 --port "$silo_a_port" --gateway-port "$(free_port)" >"$work/port-in-use.log" 2>&1
  status=$?
  [ "$status" -eq 2 ] || fail "a silo on a port in use exited with $status, expected 2"
  grep -q "^--port: port $silo_a_port is in use" "$work/port-in-use.log" || fail "no clear error for a port in use"
  kill -0 "$silo_a" 2>/dev/null || fail "silo a died when a silo tried its port"
  echo "  a silo on silo a's port was refused (exit 2); silo a kept serving"
}

# SIGTERM to silo a while its membership store is down must end it within the stop timeout (10 s) and a margin.
stop_without_store_check() {
  local started=$SECONDS
  kill -TERM "$silo_a"
  for _ in $(seq 1 30); do kill -0 "$silo_a" 2>/dev/null || break; sleep 0.5; done
  ! kill -0 "$silo_a" 2>/dev/null || fail "silo a did not stop within 15 s of SIGTERM with its store down"
  echo "  silo a stopped $((SECONDS - started)) s after SIGTERM with its store down"
}

# Silos a, b (and c); all but a killed (kill -9) while a 400-run client runs: the client must finish with exit code
# 0, run the lost silos' batches again, and write a trajectories.csv byte-identical to an embedded run's. With three
# silos, a alone must declare the other two dead. Sets silo_a (the survivor).
silo_loss_check() {
  local cluster=$1 silos=$2 started client status victims=() labels=(silo-a silo-b silo-c) label
  labels=("${labels[@]:0:$silos}")
  silo_a_port=$(free_port)
  for label in "${labels[@]}"; do
    if [ "$label" = silo-a ]; then start_silo "$cluster" "$label" "$silo_a_port"; silo_a=$!; else start_silo "$cluster" "$label"; victims+=($!); fi
  done
  for label in "${labels[@]}"; do
    wait_for_line "$work/$label.log" "^silo ready" 60 || fail "$label did not start"
  done
  # A silo is ready before every member sees it; a client that starts earlier places nothing on the late one, which
  # then holds no batch to lose. One-run clients until one sees them all (on a loaded machine this takes seconds).
  for _ in $(seq 30); do
    timeout -k 10 60 "$exe" run "$scenario" --runs 1 --cluster "$cluster" --out "$work/probe" --overwrite >"$work/probe.log" 2>&1
    grep -q "^connected to cluster .*: $silos silos" "$work/probe.log" && break
    sleep 1
  done
  grep -q "^connected to cluster .*: $silos silos" "$work/probe.log" || fail "no client saw all $silos silos"

  started=$SECONDS
  timeout -k 10 300 "$exe" run "$scenario" --runs 400 --batch-size 10 --cluster "$cluster" --out "$work/cluster" >"$work/client.log" 2>&1 &
  client=$!
  pids+=("$client")
  wait_for_line "$work/client.log" "^runs [0-9]+/" 120 || fail "the client printed no progress"
  kill -KILL "${victims[@]}"
  wait "${victims[@]}" 2>/dev/null
  wait "$client"
  status=$?
  [ "$status" -eq 0 ] || fail "the client exited with $status after ${#victims[@]} of $silos silos were killed"
  # Messages are wrapped to the terminal's width: the phrase may span two lines.
  tr '\n' ' ' <"$work/client.log" | tr -s ' ' | grep -q "running it again from its seed" \
    || fail "no batch was run again: the killed silos held none ($(grep -E "^connected" "$work/client.log"))"
  kill -0 "$silo_a" 2>/dev/null || fail "silo a died too"

  timeout -k 10 300 "$exe" run "$scenario" --runs 400 --out "$work/embedded" >"$work/embedded.log" 2>&1 || fail "the embedded run failed"
  cmp -s "$work/cluster/trajectories.csv" "$work/embedded/trajectories.csv" \
    || fail "trajectories.csv differs between the cluster run (silos killed) and the embedded run"
  grep -E "^connected to cluster|^batch of replications|running it again" "$work/client.log" | sed 's/^/  /'
  echo "  ${#victims[@]} of $silos silos killed (kill -9) during a 400-run client ($((SECONDS - started)) s); the batches above ran again; trajectories.csv identical to the embedded run's"
}
