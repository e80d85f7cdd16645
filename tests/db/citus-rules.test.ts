/**
 * The checker the SQL test reads every statement with (tests/helpers/citus-rules.ts) flags what a
 * county-sharded cluster cannot run as written, and passes the same statement once it names its
 * county: one pair per rule.
 */
import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { CitusChecker } from '../helpers/citus-rules';

function violations(sql: string): string[] {
  const checker = new CitusChecker();
  for (const { stmt } of parseSync(sql).stmts ?? []) if (stmt) checker.statement(stmt as Record<string, unknown>);
  return checker.violations.map((v) => v.rule);
}

beforeAll(async () => {
  await loadModule();
});

describe('the Citus rules', () => {
  it.each([
    [
      'join',
      'SELECT * FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id',
      'SELECT * FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code',
    ],
    [
      'join',
      'SELECT b.code FROM building b WHERE EXISTS (SELECT 1 FROM cell_building cb WHERE cb.building_code = b.code)',
      'SELECT b.code FROM building b WHERE EXISTS (SELECT 1 FROM cell_building cb WHERE cb.building_code = b.code AND cb.county_code = b.county_code)',
    ],
    [
      'insert',
      "INSERT INTO party_area (person_id, name) VALUES ($1, '')",
      "INSERT INTO party_area (person_id, name, county_code) VALUES ($1, '', left($2, 6))",
    ],
    [
      'insert',
      "INSERT INTO search_entry (kind, code, county_code, hay, grams) VALUES ('person', '1', '321012', 'x', '{}') ON CONFLICT (kind, code) DO NOTHING",
      "INSERT INTO search_entry (kind, code, county_code, hay, grams) VALUES ('person', '1', '321012', 'x', '{}') ON CONFLICT (kind, code, county_code) DO NOTHING",
    ],
    ['router', 'DELETE FROM party_org WHERE id = $1', 'DELETE FROM party_org WHERE id = $1 AND county_code = left($2, 6)'],
    [
      'reference-write',
      'UPDATE town t SET geom = u.g FROM (SELECT town_code, ST_Union(geom) AS g FROM community GROUP BY town_code) u WHERE t.code = u.town_code',
      `UPDATE town t SET geom = u.g FROM (SELECT r.code, ST_GeomFromEWKB(decode(r.ewkb, 'hex')) AS g
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, ewkb text)) u WHERE t.code = u.code`,
    ],
  ])('%s: flags the first statement and passes the second', (rule, broken, fixed) => {
    expect(violations(broken)).toEqual([rule]);
    expect(violations(fixed)).toEqual([]);
  });
});
