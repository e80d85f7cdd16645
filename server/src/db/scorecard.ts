/**
 * Scorecard storage: targets per year (scorecard_target) and entered indicator values
 * (community_indicator). Writes are audited; targets are versioned.
 */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { getSettings } from './settings';
import { audit } from './audit';
import type { Target } from '../contract/scorecard';
import { COMPUTED_KEYS, INDICATOR_KEYS, INDICATOR_UNITS, type Comparator, type IndicatorKey } from '../domain/scorecard/indicators';
import { conflict, invalid, notFound, staleVersion } from '../domain/errors';

const TARGET_SELECT = `
  SELECT year, key, comparator, target::float8 AS target, town_share::float8 AS "townShare", town_count AS "townCount", version
    FROM scorecard_target`;

type TargetRow = Omit<Target, 'computed' | 'unit'>;
const withComputed = (row: TargetRow): Target => ({ ...row, unit: INDICATOR_UNITS[row.key], computed: COMPUTED_KEYS.includes(row.key) });

export async function listTargets(c: Queryable, year: number): Promise<Target[]> {
  const { rows } = await c.query<TargetRow>(`${TARGET_SELECT} WHERE year = $1`, [year]);
  // In the plan's order, which is how the screens list them.
  return rows.sort((a, b) => INDICATOR_KEYS.indexOf(a.key) - INDICATOR_KEYS.indexOf(b.key)).map(withComputed);
}

export interface TargetChange {
  comparator: Comparator;
  target: number;
  townShare: number | null;
  townCount: number | null;
  version?: number;
}

/** Sets a year's target (creating it when new); a stale version is refused. */
export async function putTarget(c: Queryable, year: number, key: IndicatorKey, change: TargetChange, username: string): Promise<Target> {
  const { rows } = await c.query<TargetRow>(`${TARGET_SELECT} WHERE year = $1 AND key = $2 FOR UPDATE`, [year, key]);
  const before = rows[0];
  if (before && change.version !== undefined && before.version !== change.version) {
    throw staleVersion('scorecard_target', `${year}/${key}`, before.version, change.version);
  }
  if (!before && change.version !== undefined) throw notFound('scorecard.target_not_found', { year: String(year), key });
  const { rows: after } = await c.query<TargetRow>(
    `INSERT INTO scorecard_target (year, key, comparator, target, town_share, town_count) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (year, key) DO UPDATE SET comparator = $3, target = $4, town_share = $5, town_count = $6,
            version = scorecard_target.version + 1, updated_at = now()
     RETURNING year, key, comparator, target::float8 AS target, town_share::float8 AS "townShare", town_count AS "townCount", version`,
    [year, key, change.comparator, change.target, change.townShare, change.townCount],
  );
  await audit(c, {
    username,
    action: before ? 'update' : 'create',
    entity: 'scorecard_target',
    entityId: `${year}/${key}`,
    before,
    after: after[0],
  });
  return withComputed(after[0]);
}

/** Starts a year's targets from the latest earlier year's (a new plan year begins where the last one ended). */
export async function startTargetYear(c: Queryable, year: number, username: string): Promise<Target[]> {
  if ((await listTargets(c, year)).length > 0) throw conflict('scorecard.year_exists', { year: String(year) });
  const { rowCount } = await c.query(
    `INSERT INTO scorecard_target (year, key, comparator, target, town_share, town_count)
     SELECT $1, key, comparator, target, town_share, town_count FROM scorecard_target
      WHERE year = (SELECT max(year) FROM scorecard_target WHERE year < $1)`,
    [year],
  );
  if (rowCount === 0) throw notFound('scorecard.no_earlier_targets', { year: String(year) });
  const targets = await listTargets(c, year);
  await audit(c, { username, action: 'create', entity: 'scorecard_target', entityId: String(year), after: targets });
  return targets;
}

export async function scorecardYears(c: Queryable): Promise<number[]> {
  const { rows } = await c.query<{ year: number }>(
    `SELECT year FROM scorecard_target UNION SELECT year FROM community_indicator UNION SELECT year FROM grading_round ORDER BY year`,
  );
  return rows.map((r) => r.year);
}

export async function currentYear(c: Queryable): Promise<number> {
  return (await getSettings(c))['scorecard.currentYear'];
}

export interface CommunityName {
  code: string;
  name: string;
}

/** The communities of `scope` (null = every community), by code. */
export async function listCommunityNames(c: Queryable, scope: Scope = null): Promise<CommunityName[]> {
  return (
    await c.query<CommunityName>(`SELECT code, name FROM community WHERE ${scopeSql('code', '$1', '$2')} ORDER BY code`, scopeParams(scope))
  ).rows;
}

export interface EnteredValue {
  communityCode: string;
  key: IndicatorKey;
  value: number;
}

export async function enteredValues(c: Queryable, year: number): Promise<EnteredValue[]> {
  const { rows } = await c.query<EnteredValue>(
    `SELECT community_code AS "communityCode", indicator AS key, value::float8 AS value FROM community_indicator WHERE year = $1`,
    [year],
  );
  return rows;
}

export interface GradeOfYear {
  code: string;
  class: 'A' | 'B' | 'C';
  level: number;
}

/** Confirmed grades of one year (community_grade holds one row per community and confirmed year). */
export async function gradesOfYear(c: Queryable, year: number): Promise<GradeOfYear[]> {
  const { rows } = await c.query<GradeOfYear>(
    `SELECT community_code AS code, grade_class AS class, grade_level AS level FROM community_grade WHERE year = $1`,
    [year],
  );
  return rows;
}

/** Each community's latest confirmed grade up to a year (a year still being graded shows the one before). */
export async function gradesAsOf(c: Queryable, year: number): Promise<GradeOfYear[]> {
  const { rows } = await c.query<GradeOfYear>(
    `SELECT DISTINCT ON (community_code) community_code AS code, grade_class AS class, grade_level AS level
       FROM community_grade WHERE year <= $1 ORDER BY community_code, year DESC`,
    [year],
  );
  return rows;
}

/**
 * Writes entered values (null removes one) for a year in one go, audited as one change. Computed
 * indicators of the current year cannot be entered: the registers are their source.
 */
export async function writeIndicators(
  c: Queryable,
  year: number,
  values: readonly { communityCode: string; key: IndicatorKey; value: number | null }[],
  username: string,
  action: 'enter' | 'import',
): Promise<number> {
  const known = new Set((await listCommunityNames(c)).map((x) => x.code));
  const unknown = values.find((v) => !known.has(v.communityCode));
  if (unknown) throw invalid('scorecard.unknown_community', { communityCode: unknown.communityCode });
  const before = (await enteredValues(c, year)).filter((b) => values.some((v) => v.communityCode === b.communityCode && v.key === b.key));
  const rows = values.map((v) => ({ community_code: v.communityCode, indicator: v.key, value: v.value }));
  await c.query(
    `DELETE FROM community_indicator i USING json_to_recordset($2::json) AS r(community_code text, indicator text, value float8)
      WHERE i.year = $1 AND i.community_code = r.community_code AND i.county_code = left(r.community_code, 6)
        AND i.indicator = r.indicator AND r.value IS NULL`,
    [year, JSON.stringify(rows)],
  );
  await c.query(
    `INSERT INTO community_indicator (community_code, county_code, year, indicator, value, entered_by)
     SELECT r.community_code, left(r.community_code, 6), $1, r.indicator, r.value, $3
       FROM json_to_recordset($2::json) AS r(community_code text, indicator text, value float8)
      WHERE r.value IS NOT NULL
     ON CONFLICT (community_code, year, indicator, county_code) DO UPDATE
       SET value = EXCLUDED.value, entered_by = EXCLUDED.entered_by, version = community_indicator.version + 1, updated_at = now()`,
    [year, JSON.stringify(rows), username],
  );
  await audit(c, { username, action, entity: 'community_indicator', entityId: String(year), before, after: values });
  return values.length;
}
