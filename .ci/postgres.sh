#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the pushdown test and exports
# PGHOST/PGPORT/PGUSER for it. Sourced by .ci/run (and usable by hand:
# `source .ci/postgres.sh; cargo test … -- pushdown::`); the server stops
# when the sourcing shell exits.
#
# Installs the Debian package when initdb/pg_ctl are missing, runs the
# server as the `postgres` user when started as root (PostgreSQL refuses
# to run as root), listens only on a unix socket in a temporary directory
# and trusts local connections: nothing here is reachable from outside.
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

if ! PG_BIN=$(pg_bin); then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(pg_bin)
fi

KIMON_PG_DIR=$(mktemp -d /tmp/kimon-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$KIMON_PG_DIR"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$KIMON_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$KIMON_PG_DIR/data" -l "$KIMON_PG_DIR/log" -w \
  -o "-c listen_addresses='' -k $KIMON_PG_DIR -p 54329" start >/dev/null

kimon_pg_stop() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$KIMON_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$KIMON_PG_DIR"
}
trap kimon_pg_stop EXIT

export PGHOST="$KIMON_PG_DIR" PGPORT=54329 PGUSER=postgres
# The pushdown test fails instead of skipping when the server is missing.
export KIMON_REQUIRE_PG=1
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PGHOST (port $PGPORT)"
