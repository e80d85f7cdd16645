/** Mediation and success rates of the disputes reported in a year (see domain/disputes/rates.ts for what counts). */
import type { Queryable } from './pool';
import { getSettings } from './settings';
import type { DisputeStatus, RateRow } from '../contract/disputes';
import { mediationRates, mediationRatesBy, type RateCase, type Rates } from '../domain/disputes/rates';

interface CaseRow extends RateCase {
  cellCode: string | null;
  communityCode: string;
}

// The year is the town's calendar year, in its time zone (setting town.timeZone).
async function casesOfYear(c: Queryable, year: number): Promise<CaseRow[]> {
  const { rows } = await c.query<{ cellCode: string | null; communityCode: string; status: DisputeStatus; reachedMediating: boolean }>(
    `SELECT cell_code AS "cellCode", community_code AS "communityCode", status, (mediated_at IS NOT NULL) AS "reachedMediating"
       FROM dispute
      WHERE kind = 'dispute' AND extract(year FROM reported_at AT TIME ZONE $2::text) = $1`,
    [year, (await getSettings(c))['town.timeZone']],
  );
  return rows;
}

const row = (code: string, name: string, r: Rates): RateRow => ({ code, name, ...r });

/** Every community of the town, with zero counts (and null rates) where nothing was reported. */
export async function mediationRatesByCommunity(
  c: Queryable,
  year: number,
): Promise<
  {
    communityCode: string;
    communityName: string;
    mediationRate: number | null;
    successRate: number | null;
    reported: number;
    mediated: number;
    resolved: number;
  }[]
> {
  const cases = await casesOfYear(c, year);
  const communities = await c.query<{ code: string; name: string }>('SELECT code, name FROM community ORDER BY code');
  const byCommunity = mediationRatesBy(cases, (x) => x.communityCode);
  return communities.rows.map((m) => ({
    communityCode: m.code,
    communityName: m.name,
    ...(byCommunity.get(m.code) ?? mediationRates([])),
  }));
}

/** Rates per cell (cells with cases; cases outside any cell count only above), per community, or for the town. */
export async function ratesForScope(c: Queryable, year: number, scope: 'cell' | 'community' | 'town'): Promise<RateRow[]> {
  if (scope === 'community') {
    return (await mediationRatesByCommunity(c, year)).map((r) => row(r.communityCode, r.communityName, r));
  }
  const cases = await casesOfYear(c, year);
  if (scope === 'town') {
    const { rows } = await c.query<{ code: string; name: string }>('SELECT code, name FROM town ORDER BY code LIMIT 1');
    return rows.map((t) => row(t.code, t.name, mediationRates(cases)));
  }
  const inCells = cases.filter((x) => x.cellCode !== null);
  const byCell = mediationRatesBy(inCells, (x) => x.cellCode!);
  const { rows } = await c.query<{ code: string; label: string }>(
    `SELECT DISTINCT g.code, g.label FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id WHERE g.code = ANY($1::text[]) AND p.status = 'published'`,
    [[...byCell.keys()]],
  );
  const labels = new Map(rows.map((r) => [r.code, r.label]));
  return [...byCell.keys()].sort().map((code) => row(code, labels.get(code) ?? code, byCell.get(code)!));
}
