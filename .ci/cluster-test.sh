#!/usr/bin/env bash
# Cluster test with real processes on this machine: a Redis server, two silos and a client. One silo is killed
# (kill -9) while the client runs; the client must finish with exit code 0 and a trajectories.csv byte-identical to
# an embedded run's. Prints "cluster test: PASS" or "cluster test: FAIL: <why>" and exits 0 or 1. Everything it
# starts is stopped on exit, also on failure; every wait is bounded.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exe="$root/.build/cli/uptakesim"
scenario="$root/scenarios/baseline.yaml"
work="$(mktemp -d "${TMPDIR:-/tmp}/uptakesim-cluster-test.XXXXXX")"
pids=()

# Newest first, so the silos leave the cluster while its Redis is still up.
stop_all() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null && { timeout 15 tail --pid="${pids[i]}" -f /dev/null || kill -KILL "${pids[i]}"; }
  done 2>/dev/null
  rm -rf "$work"
}
trap stop_all EXIT

fail() {
  echo "cluster test: FAIL: $*"
  for log in "$work"/*.log; do
    [ -f "$log" ] && { echo "--- last lines of $(basename "$log")"; tail -n 15 "$log" | cut -c1-300; }
  done
  exit 1
}

# Polls until the file has a line matching the pattern, for at most the given seconds.
wait_for_line() {
  local file=$1 pattern=$2 seconds=$3
  for _ in $(seq $((seconds * 5))); do
    grep -Eq "$pattern" "$file" 2>/dev/null && return 0
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

if ! command -v redis-server >/dev/null; then
  echo "installing redis-server..."
  { timeout 300 apt-get update && timeout 300 apt-get install -y redis-server; } >"$work/apt.log" 2>&1 \
    || fail "redis-server is missing and could not be installed (apt-get; needs root): see apt.log"
fi

timeout 600 "$root/run.sh" --help >/dev/null 2>"$work/build.log" || fail "the build failed"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for_line "$work/redis.log" "Ready to accept connections" 20 || fail "redis-server did not start"
cluster="redis://127.0.0.1:$redis_port?cluster=cluster-test"

start_silo() {
  "$exe" silo --cluster "$cluster" --address 127.0.0.1 --port "$(free_port)" --gateway-port "$(free_port)" >"$work/$1.log" 2>&1 &
  pids+=($!)
}
start_silo silo-a
silo_a=$!
start_silo silo-b
silo_b=$!
wait_for_line "$work/silo-a.log" "^silo ready" 60 || fail "silo a did not start"
wait_for_line "$work/silo-b.log" "^silo ready" 60 || fail "silo b did not start"

timeout -k 10 300 "$exe" run "$scenario" --runs 400 --batch-size 10 --cluster "$cluster" --out "$work/cluster" >"$work/client.log" 2>&1 &
client=$!
pids+=("$client")
wait_for_line "$work/client.log" "^runs [0-9]+/" 120 || fail "the client printed no progress"
kill -KILL "$silo_b"
wait "$silo_b" 2>/dev/null
wait "$client"
status=$?
[ "$status" -eq 0 ] || fail "the client exited with $status after silo b was killed"
grep -q "running it again from its seed" "$work/client.log" || fail "no batch was run again: the killed silo held none"
kill -0 "$silo_a" 2>/dev/null || fail "silo a died too"

timeout -k 10 300 "$exe" run "$scenario" --runs 400 --out "$work/embedded" >"$work/embedded.log" 2>&1 || fail "the embedded run failed"
cmp -s "$work/cluster/trajectories.csv" "$work/embedded/trajectories.csv" \
  || fail "trajectories.csv differs between the cluster run (silo killed) and the embedded run"

grep "running it again from its seed" "$work/client.log" | sed 's/^/  /'
echo "silo b was killed (kill -9) during the run; the batches above ran again; trajectories.csv identical to the embedded run's"
echo "cluster test: PASS"
