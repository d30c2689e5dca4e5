#!/usr/bin/env bash
# Cluster tests with real processes on this machine, membership in Redis, then (.ci/postgres-cluster-test.sh) in
# PostgreSQL; both servers are installed from Debian packages when missing.
#  1. A client pointed at a Redis port nothing listens on fails with exit code 1 and says so.
#  2. Three silos and a client; two silos are killed (kill -9) while the client runs: the survivor declares them dead
#     in seconds, and the client finishes with exit code 0 and a trajectories.csv byte-identical to an embedded run's.
#  3. Redis restarts empty: the surviving silo joins again, and a new client runs on it.
# Prints "cluster test: PASS" or "cluster test: FAIL: <why>" and exits 0 or 1. Everything it starts is stopped on
# exit, also on failure; every wait is bounded.
set -uo pipefail
name="cluster test"
source "$(dirname "$0")/cluster-lib.sh"
began=$SECONDS

command -v redis-server >/dev/null && command -v redis-cli >/dev/null || install_packages redis-server redis-tools
build

started=$SECONDS
"$exe" run "$scenario" --runs 5 --cluster "redis://:S3cret@127.0.0.1:$(free_port)" --out "$work/unreachable" >"$work/unreachable.log" 2>&1
status=$?
[ "$status" -eq 1 ] || fail "a client of an unreachable Redis exited with $status, expected 1"
grep -q "^error: cannot connect to the cluster: cannot reach Redis at redis://127.0.0.1:" "$work/unreachable.log" || fail "no clear error for an unreachable Redis"
! grep -q "S3cret" "$work/unreachable.log" || fail "the password was shown"
[ ! -e "$work/unreachable" ] || fail "a client of an unreachable Redis wrote results"
echo "  unreachable Redis: exit 1 in $((SECONDS - started)) s: $(grep '^error' "$work/unreachable.log")"

redis_port=$(free_port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no >>"$work/redis.log" 2>&1 &
  redis=$!
  pids+=("$redis")
  wait_for_line "$work/redis.log" "Ready to accept connections" 20 "$1" || fail "redis-server did not start"
}
start_redis 1
cluster="redis://127.0.0.1:$redis_port?cluster=cluster-test"

silo_loss_check "$cluster" 3
port_in_use_check "$cluster"

# Redis restarted empty (no persistence): the silo left must notice that its entry has gone and join again.
started=$SECONDS
redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
wait "$redis" 2>/dev/null
start_redis 2
wait_for_line "$work/silo-a.log" "joining again" 30 || fail "silo a did not notice that Redis restarted empty"
wait_for_line "$work/silo-a.log" "^silo ready" 30 2 || fail "silo a did not join again after Redis restarted empty"
echo "  Redis restarted empty: silo a joined again in $((SECONDS - started)) s"
timeout -k 10 120 "$exe" run "$scenario" --runs 20 --cluster "$cluster" --out "$work/after-restart" >"$work/after-restart.log" 2>&1 \
  || fail "a client failed after Redis restarted empty"
grep -q "^connected to cluster cluster-test .*: 1 silo," "$work/after-restart.log" || fail "the client after the restart did not find the silo"
echo "  a 20-run client ran on the rejoined silo"
redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
wait "$redis" 2>/dev/null
stop_without_store_check
echo "  Redis part: $((SECONDS - began)) s"

bash "$root/.ci/postgres-cluster-test.sh" || fail "the PostgreSQL part failed (above)"
echo "cluster test: PASS"
