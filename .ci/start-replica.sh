#!/usr/bin/env bash
# Starts a streaming read replica of the local PostgreSQL that start-postgis.sh runs (port 5433)
# on port 5434 and prints the DATABASE_READ_URL of database $1 (default gridplan_test). Used by
# .ci/run to test the read-replica routing (DATABASE_READ_URL) against a real standby.
set -euo pipefail
PRIMARY_PORT=${PGPORT_GRIDPLAN:-5433}
PORT=${PGPORT_GRIDPLAN_REPLICA:-5434}
REPLICA_DIR=${PGDATA_REPLICA_DIR:-/tmp/gridplan-pg-replica}
TARGET_DB=${1:-gridplan_test}
BIN=/usr/lib/postgresql/15/bin
# The primary (and the target database) first: the replica copies both.
bash "$(dirname "$0")/start-postgis.sh" "$TARGET_DB" >/dev/null
OPTS="-p $PORT -k /tmp -c fsync=off -c max_connections=200 -c hot_standby=on"
if ! su postgres -c "$BIN/pg_ctl -D $REPLICA_DIR status" >/dev/null 2>&1; then
  rm -rf "$REPLICA_DIR"; mkdir -p "$REPLICA_DIR"; chown postgres "$REPLICA_DIR"; chmod 700 "$REPLICA_DIR"
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile;
  # --checkpoint=fast starts the copy at once instead of after a spread checkpoint (minutes).
  su postgres -c "$BIN/pg_basebackup -h /tmp -p $PRIMARY_PORT -U postgres -D $REPLICA_DIR -R -X stream --checkpoint=fast" >/dev/null
  su postgres -c "$BIN/pg_ctl -D $REPLICA_DIR -o '$OPTS' -l $REPLICA_DIR/log -w start" >/dev/null
fi
# Databases created on the primary after the copy arrive through replay: wait for this one.
for _ in $(seq 1 50); do
  su postgres -c "psql -h /tmp -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname='$TARGET_DB'\"" 2>/dev/null | grep -q 1 && break
  sleep 0.2
done
echo "postgres://postgres@127.0.0.1:$PORT/$TARGET_DB"
