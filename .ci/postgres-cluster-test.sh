#!/usr/bin/env bash
# Cluster test with real processes on this machine, membership in PostgreSQL: starts a PostgreSQL server of its own
# (installing Debian's postgresql package if needed; as the postgres user when run as root), a role whose password
# holds '/', '#', '?', '@' and ':', and an empty database. The first silo creates the membership schema; one of two
# silos is killed (kill -9) during a 400-run client, whose trajectories.csv must be byte-identical to an embedded
# run's; the membership is then emptied, and the silo left must join again and serve a client; no output may show
# the password. Prints "postgres cluster test: PASS" or "... FAIL: <why>", exits 0 or 1.
set -uo pipefail
name="postgres cluster test"
source "$(dirname "$0")/cluster-lib.sh"
began=$SECONDS

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || install_packages postgresql
bin=$(pg_bin)
[ -x "$bin/initdb" ] || fail "no PostgreSQL server binaries under /usr/lib/postgresql"
build

# initdb refuses to run as root: the server runs as the postgres user the package creates.
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
data="$work/pgdata"
sockets="$work/pgsockets"
mkdir -p "$data" "$sockets"
touch "$work/postgres.log"
[ "$(id -u)" -eq 0 ] && chown postgres "$data" "$sockets" "$work/postgres.log"
printf '%s\n' 'Adm1n' >"$work/superuser-password"
chmod 644 "$work/superuser-password"
as_server "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$work/superuser-password" >"$work/initdb.log" 2>&1 \
  || fail "initdb failed"
pg_port=$(free_port)
as_server "$bin/pg_ctl" -D "$data" -l "$work/postgres.log" -w -t 30 \
  -o "-p $pg_port -k $sockets -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 || fail "the PostgreSQL server did not start"
cleanups+=("as_server '$bin/pg_ctl' -D '$data' -m immediate stop")

password='p/a#s?w@r:d'
PGPASSWORD=Adm1n "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >"$work/psql.log" 2>&1 <<SQL || fail "could not create the role and database"
CREATE ROLE uptake LOGIN PASSWORD '$password';
CREATE DATABASE uptakesim OWNER uptake;
SQL
cluster="postgres://uptake:$password@127.0.0.1:$pg_port/uptakesim?cluster=pg-test"

silo_loss_check "$cluster" 2

# The membership emptied (a database restored from before the cluster): the silo left must join again.
started=$SECONDS
PGPASSWORD=Adm1n "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d uptakesim -v ON_ERROR_STOP=1 -q \
  -c "DELETE FROM uptakesim_membership; DELETE FROM uptakesim_membership_version;" >>"$work/psql.log" 2>&1 || fail "could not empty the membership"
wait_for_line "$work/silo-a.log" "joining again" 30 || fail "silo a did not notice that its entry was deleted"
wait_for_line "$work/silo-a.log" "^silo ready" 30 2 || fail "silo a did not join again after the membership was emptied"
timeout -k 10 120 "$exe" run "$scenario" --runs 20 --cluster "$cluster" --out "$work/after-emptied" >"$work/after-emptied.log" 2>&1 \
  || fail "a client failed after the membership was emptied"
echo "  membership emptied: silo a joined again and served a 20-run client in $((SECONDS - started)) s"

# The database restored without the cluster's tables: silo a must recreate them and serve again.
started=$SECONDS
PGPASSWORD=Adm1n "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d uptakesim -v ON_ERROR_STOP=1 -q \
  -c "DROP TABLE uptakesim_membership; DROP TABLE uptakesim_membership_version;" >>"$work/psql.log" 2>&1 || fail "could not drop the tables"
wait_for_line "$work/silo-a.log" "joining again" 30 2 || fail "silo a did not notice that the tables were dropped"
wait_for_line "$work/silo-a.log" "^silo ready" 30 3 || fail "silo a did not join again after the tables were dropped"
timeout -k 10 120 "$exe" run "$scenario" --runs 20 --cluster "$cluster" --out "$work/after-dropped" >"$work/after-dropped.log" 2>&1 \
  || fail "a client failed after the tables were dropped"
echo "  tables dropped: silo a recreated them and served a 20-run client in $((SECONDS - started)) s"

# A wrong password: refused in one line that names neither the user nor a password.
timeout -k 10 60 "$exe" run "$scenario" --runs 5 --cluster "postgres://uptake:wrong@127.0.0.1:$pg_port/uptakesim?cluster=pg-test" --out "$work/wrong" >"$work/wrong-password.log" 2>&1
grep -q "refused the user name or password" "$work/wrong-password.log" || fail "no clear error for a wrong password"
! grep -q "uptake\b[^s]" "$work/wrong-password.log" || fail "the error names the user"

stop_without_store_check_pg() {
  as_server "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
  stop_without_store_check
}
stop_without_store_check_pg

! grep -qF "$password" "$work"/*.log || fail "an output shows the password"
echo "  PostgreSQL part: $((SECONDS - began)) s"
echo "postgres cluster test: PASS"
