/**
 * What the staged-import tests share: a lookup point away from the import, lookups asked one after
 * another while an import computes its atoms, and an import made to fail in its last write.
 */
import type { Db } from '../../server/src/db/pool';
import { lookupAtPoint } from '../../server/src/db/coverage';
import type { ImportProgress } from '../../server/src/data/import';

/** A point inside a demo building of none of `communities`, for the lookups. */
export async function lookupPointOutside(db: Db, communities: readonly string[]): Promise<[number, number]> {
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      `SELECT ST_X(p)::float8 AS x, ST_Y(p)::float8 AS y
         FROM (SELECT ST_PointOnSurface(geom) AS p FROM building WHERE community_code <> ALL($1::text[]) ORDER BY code LIMIT 1) z`,
      [communities],
    ),
  );
  return [rows[0].x, rows[0].y];
}

/**
 * Runs an import, asking lookups at `point` one after another (as a resident's phone asks them)
 * from the moment its atoms stage starts until it returns. Times are `performance.now()` values.
 */
export async function lookupsDuringAtoms<T>(
  db: Db,
  [x, y]: [number, number],
  run: (onProgress: (p: ImportProgress) => void) => Promise<T>,
): Promise<{ result: T; atomsFrom: number | undefined; endedAt: number; answered: number[] }> {
  const answered: number[] = [];
  let atomsFrom: number | undefined;
  let ended = false;
  let asking: Promise<void> = Promise.resolve();
  const result = await run((p) => {
    if (p.stage !== 'atoms' || atomsFrom !== undefined) return;
    atomsFrom = performance.now();
    asking = (async () => {
      while (!ended) {
        await db.withClient((c) => lookupAtPoint(c, x, y, 30));
        if (!ended) answered.push(performance.now());
      }
    })();
  });
  const endedAt = performance.now();
  ended = true;
  await asking;
  return { result, atomsFrom, endedAt, answered };
}

/** Runs `fn` while every audit entry for `fileName` is refused by the database ('refused by the test'). */
export async function withAuditRefused(db: Db, fileName: string, fn: () => Promise<void>): Promise<void> {
  const q = (sql: string) => db.withClient((c) => c.query(sql));
  await q(`CREATE FUNCTION staged_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN IF NEW.entity_id = '${fileName.replaceAll("'", "''")}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
  await q(`CREATE TRIGGER staged_test_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION staged_test_refuse()`);
  try {
    await fn();
  } finally {
    await q(`DROP TRIGGER staged_test_refuse ON audit_log`);
    await q(`DROP FUNCTION staged_test_refuse()`);
  }
}
