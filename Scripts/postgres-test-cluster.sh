#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: Debian's server binaries, a data folder under
# /tmp, listening on 127.0.0.1 only, trust authentication (loopback only), no fsync.
#
#   Scripts/postgres-test-cluster.sh start   initdb + pg_ctl start + createdb; prints the URL
#   Scripts/postgres-test-cluster.sh stop    pg_ctl stop, and the folder is removed
#   Scripts/postgres-test-cluster.sh url     prints the URL the tests read (RELIEF_TEST_POSTGRES)
#
# PostgreSQL refuses to run as root: as root the server runs as the system user `postgres`
# (created by Debian's postgresql package), otherwise as the calling user.
# RELIEF_PG_PORT (default 54329) and RELIEF_PG_DIR choose the port and the folder.
set -euo pipefail
PORT=${RELIEF_PG_PORT:-54329}
DIR=${RELIEF_PG_DIR:-/tmp/relief-pg-$PORT}
DB=relief_test
ROLE=relief
URL="postgres://$ROLE@127.0.0.1:$PORT/$DB"

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$BIN" || ! -x "$BIN/initdb" ]]; then
  echo "postgres-test-cluster: PostgreSQL's server is not installed (Debian: apt-get install postgresql)" >&2
  exit 1
fi

as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { as_server "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if [[ -d "$DIR/data" ]] && running; then echo "$URL"; exit 0; fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$DIR"
    as_server "$BIN/initdb" -D "$DIR/data" -U "$ROLE" --auth=trust --no-sync -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_server "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    as_server "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$ROLE" "$DB"
    echo "$URL"
    ;;
  stop)
    if [[ -d "$DIR/data" ]]; then
      as_server "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    ;;
  url)
    echo "$URL"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
