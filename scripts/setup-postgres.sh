#!/usr/bin/env bash
# PostgreSQL for the bot server's tests (test/bot-server): installs Debian's
# `postgresql` if it is missing, then starts or stops a private, throwaway
# cluster that listens on 127.0.0.1 only, in its own directory, so the
# machine's own cluster (if any) is never touched.
#
#   eval "$(bash scripts/setup-postgres.sh start)"   # prints export LAWFLOW_TEST_DATABASE_URL=…
#   bash scripts/setup-postgres.sh stop
#
# Idempotent: `start` on a running cluster prints the same URL again.
set -euo pipefail

DIR="${LAWFLOW_PG_DIR:-/tmp/lawflow-postgres}"
PORT="${LAWFLOW_PG_PORT:-55432}"
URL="postgres://lawflow@127.0.0.1:${PORT}/lawflow"

SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] && echo "$bin"
}

# The server refuses to run as root: run it as `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install() {
  if [ -z "$(pg_bin)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    echo "setup-postgres: installing Debian's postgresql…" >&2
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
}

start() {
  install
  local bin
  bin=$(pg_bin)
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
    as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    # fsync stays on: the tests kill servers with -9 and expect nothing acknowledged to be lost.
    # A small write-ahead log: the erasure test reads every file of the cluster, pg_wal included.
    as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c max_wal_size=96MB -c min_wal_size=32MB" >/dev/null \
      || { echo "setup-postgres: the server did not start; its log:" >&2; tail -20 "$DIR/server.log" >&2; exit 1; }
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -q -v ON_ERROR_STOP=1)
  if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'lawflow'")" != "1" ]; then
    "${psql[@]}" -c "CREATE ROLE lawflow LOGIN"
  fi
  if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'lawflow'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE lawflow OWNER lawflow"
  fi
  echo "export LAWFLOW_TEST_DATABASE_URL=$URL"
}

stop() {
  local bin
  bin=$(pg_bin) || exit 0
  if [ -f "$DIR/data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: setup-postgres.sh start|stop" >&2; exit 2 ;;
esac
