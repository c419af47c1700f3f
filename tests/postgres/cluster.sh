#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests and the benchmark: Debian's
# PostgreSQL binaries, a temporary folder, a local port, the loopback and the
# folder's own socket only (nothing outside this machine reaches it): the
# postgres superuser trusted, every other role by its password (SCRAM), fsync off (a test cluster need not survive a power cut).
#
#   tests/postgres/cluster.sh start DIR [PORT] [--durable]
#                                                initdb + start; prints the URL. --durable keeps
#                                                PostgreSQL's fsync and synchronous_commit (benchmarks)
#   tests/postgres/cluster.sh stop DIR           stop and delete DIR
#   tests/postgres/cluster.sh restart DIR        stop and start again (fault tests)
#   tests/postgres/cluster.sh pause DIR          stop, keeping the data (an outage)
#   tests/postgres/cluster.sh resume DIR         start again after a pause
#   tests/postgres/cluster.sh url DIR            the URL of a running cluster
#
# initdb refuses to run as root: as root, the cluster belongs to the postgres
# user (runuser); as anyone else, to that user.
set -euo pipefail

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bin=$candidate
done
[ -n "$bin" ] || { echo "cluster.sh: no PostgreSQL server (install Debian's postgresql package)" >&2; exit 2; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

command=${1:?usage: cluster.sh start|stop|restart|pause|resume|url DIR [PORT]}
dir=${2:?usage: cluster.sh start|stop|restart|url DIR [PORT]}

case "$command" in
    start)
        port=${3:-}
        [ -n "$port" ] || port=$(( 20000 + RANDOM % 20000 ))
        durable=${4:-}
        mkdir -p "$dir"
        dir=$(readlink -f "$dir")
        [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
        cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 250
CONF
        # The superuser the tests work as is trusted; every other role (the
        # readers' logins) signs in with its password, as on a real server,
        # so a wrong verifier or a missing password fails the tests.
        cat >"$dir/data/pg_hba.conf" <<HBA
local all postgres trust
host all postgres 127.0.0.1/32 trust
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
HBA
        if [ "$durable" != "--durable" ]; then
            printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
        fi
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
            || { cat "$dir/server.log" >&2; exit 1; }
        echo "postgresql://postgres@127.0.0.1:$port" >"$dir/url"
        cat "$dir/url"
        ;;
    restart)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w restart -l "$dir/server.log" >/dev/null
        ;;
    pause)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
        ;;
    resume)
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
        ;;
    stop)
        if [ -d "$dir/data" ]; then
            as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
        ;;
    url)
        cat "$dir/url"
        ;;
    *)
        echo "cluster.sh: unknown command $command" >&2
        exit 2
        ;;
esac
