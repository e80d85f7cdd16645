#!/usr/bin/env bash
# Installs (if needed) and starts a throwaway PostgreSQL 15 + PostGIS 3 on port 5433 and prints
# the DATABASE_URL of database $1 (default gridplan_test), creating it when missing. Used by .ci/run and by developers who want the production engine.
set -euo pipefail
PGDATA_DIR=${PGDATA_DIR:-/tmp/gridplan-pg}
PORT=${PGPORT_GRIDPLAN:-5433}
if ! ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >/dev/null
fi
BIN=/usr/lib/postgresql/15/bin
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"; chown postgres "$PGDATA_DIR"
  su postgres -c "$BIN/initdb -D $PGDATA_DIR -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >/dev/null
fi
OPTS="-p $PORT -k /tmp -c fsync=off -c max_connections=200"
if ! su postgres -c "$BIN/pg_ctl -D $PGDATA_DIR status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $PGDATA_DIR -o '$OPTS' -l $PGDATA_DIR/log -w start" >/dev/null
else
  # A server started before a package upgrade would load the new libraries into old binaries
  # (e.g. "undefined symbol" from plpgsql.so): restart it when the versions differ.
  running=$(su postgres -c "psql -h /tmp -p $PORT -tAc 'SHOW server_version'" | awk '{print $1}')
  installed=$("$BIN/postgres" --version | awk '{print $3}')
  if [ "$running" != "$installed" ]; then
    su postgres -c "$BIN/pg_ctl -D $PGDATA_DIR -o '$OPTS' -l $PGDATA_DIR/log -w restart" >/dev/null
  fi
fi
TARGET_DB=${1:-gridplan_test}
for db in gridplan "$TARGET_DB"; do
  su postgres -c "psql -h /tmp -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 \
    || su postgres -c "createdb -h /tmp -p $PORT $db"
done
echo "postgres://postgres@127.0.0.1:$PORT/$TARGET_DB"
