/** What the health check reports about the database. */
import type { Db, Queryable } from './pool';

export async function postgisVersion(c: Queryable): Promise<string> {
  const { rows } = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  return rows[0].v;
}

/** How far a read replica is behind: its recovery state and the age of its last replayed change. */
export async function replicaState(c: Queryable): Promise<{ inRecovery: boolean; lagSeconds: number | null }> {
  const { rows } = await c.query<{ in_recovery: boolean; lag: number | null }>(
    `SELECT pg_is_in_recovery() AS in_recovery,
            EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag`,
  );
  return { inRecovery: rows[0].in_recovery, lagSeconds: rows[0].lag };
}

/** PostGIS's version for the health check; the embedded database answers it without waiting behind a transaction. */
export function databasePostgisVersion(db: Db): Promise<string> {
  return db.postgisVersion ? db.postgisVersion() : db.withClient(postgisVersion);
}
