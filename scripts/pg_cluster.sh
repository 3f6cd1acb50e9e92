#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on a unix socket in DIR.
#
#   scripts/pg_cluster.sh start DIR   initdb + start; prints the store URL on stdout
#   scripts/pg_cluster.sh stop DIR    stop the server (DIR is left for the caller to remove)
#
# Uses Debian's server binaries (apt-get install postgresql). The server never runs as root:
# when run as root, DIR is handed to the `postgres` user and the commands run as that user.
# Set PG_PORT to also listen on 127.0.0.1:PG_PORT. The cluster trusts local connections
# (it is reachable only through the socket in DIR, or loopback) and trades durability for
# speed (fsync off): it is for tests, never for data you keep.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "$0: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir/socket"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U aftermath -A trust -E UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    listen="''"
    port=${PG_PORT:-5432}
    if [ -n "${PG_PORT:-}" ]; then listen=127.0.0.1; fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
      -o "-k $dir/socket -p $port -c listen_addresses=$listen -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/psql" -h "$dir/socket" -p "$port" -U aftermath -d postgres -qAt \
      -c "SELECT 1 FROM pg_database WHERE datname = 'aftermath'" | grep -q 1 \
      || as_owner "$bindir/createdb" -h "$dir/socket" -p "$port" -U aftermath aftermath
    echo "postgresql+psycopg://aftermath@/aftermath?host=$dir/socket&port=$port"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -s stop
    fi
    ;;
  *) usage ;;
esac
