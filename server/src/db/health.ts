/** What the health check reports about the database. */
import type { Queryable } from './pool';

export async function postgisVersion(c: Queryable): Promise<string> {
  const { rows } = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
  return rows[0].v;
}
