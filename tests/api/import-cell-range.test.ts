/**
 * A communities file may give a stored community one end of its own households-per-cell range;
 * the other end stays as stored, and the two must still make a range. Before, such a file passed
 * the dry run on the embedded database and then failed on a database check (500 on PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100003';

let db: Db;
let planner: string;
let before: { min: number | null; max: number | null; version: number };

const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;

type Answer = { error?: { details?: { problems: unknown[] } }; counts?: { updated: number } };

async function importOne(properties: Record<string, unknown>, dryRun: boolean) {
  const [row] = await q<{ geometry: string; name: string; town: string }>(
    'SELECT ST_AsGeoJSON(geom) AS geometry, name, town_code AS town FROM community WHERE code = $1',
    [COMMUNITY],
  );
  const file = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: COMMUNITY, name: row.name, town_code: row.town, ...properties },
        geometry: JSON.parse(row.geometry),
      },
    ],
  };
  const res = await (
    await testApp()
  ).request(`/api/import/communities?mode=upsert&dryRun=${dryRun}&name=cell-range-test`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json', Cookie: planner },
    body: JSON.stringify(file),
  });
  const json = (await res.json()) as Answer;
  return { status: res.status, body: json };
}

const stored = async () =>
  (
    await q<{ min: number | null; max: number | null; version: number }>(
      'SELECT min_households_per_cell AS min, max_households_per_cell AS max, version FROM community WHERE code = $1',
      [COMMUNITY],
    )
  )[0];

beforeAll(async () => {
  await testApp();
  db = await testDb();
  planner = await loginAs('planner');
  before = await stored();
  await q(
    'UPDATE community SET min_households_per_cell = 250, max_households_per_cell = 450 WHERE code = $1 AND county_code = left($1, 6)',
    [COMMUNITY],
  );
});

afterAll(async () => {
  await q('UPDATE community SET min_households_per_cell = $2, max_households_per_cell = $3 WHERE code = $1 AND county_code = left($1, 6)', [
    COMMUNITY,
    before.min,
    before.max,
  ]);
});

describe('a communities file giving one end of the households-per-cell range', () => {
  it('is refused, dry run or not, naming the feature and the column, when it crosses the stored other end, and changes nothing', async () => {
    const was = await stored();
    // The stored range is 250–450: each file gives one end across the other.
    const cases = [
      { given: { min_households_per_cell: 600 }, field: 'min_households_per_cell', params: { min: 600, max: 450 } },
      { given: { max_households_per_cell: 200 }, field: 'max_households_per_cell', params: { min: 250, max: 200 } },
    ];
    for (const dryRun of [true, false])
      for (const { given, field, params } of cases) {
        const res = await importOne(given, dryRun);
        expect(res.status).toBe(400);
        expect(res.body.error!.details!.problems).toEqual([
          expect.objectContaining({ feature: 0, code: 'import.max_below_min', field, params }),
        ]);
      }
    expect(await stored()).toEqual(was);
  });

  it('is imported when the range still holds', async () => {
    const ok = await importOne({ min_households_per_cell: 300 }, false);
    expect(ok.status).toBe(200);
    expect(await stored()).toMatchObject({ min: 300, max: 450 });
  });
});
