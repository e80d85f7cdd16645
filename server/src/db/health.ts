/** What the health check reports about the database. */
import type { Db, Queryable } from './pool';

export async function postgisVersion(c: Queryable): Promise<string> {
  const { rows } = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  return rows[0].v;
}

/** PostGIS's version for the health check; the embedded database answers it without waiting behind a transaction. */
export function databasePostgisVersion(db: Db): Promise<string> {
  return db.postgisVersion ? db.postgisVersion() : db.withClient(postgisVersion);
}
