/**
 * Grid plans: automatic proposal for a demo community through the API (≤ 1 s), a 20,000-building
 * district (≤ 30 s: a town of ~170 communities read from PostgreSQL as one unit set, partitioned
 * and written back; and a connected synthetic lattice through the domain function), the
 * integrity check of a demo community's plan (≤ 200 ms), and quality next to the baseline.
 */
import { createApp } from '../../server/src/app';
import type { Db } from '../../server/src/db/pool';
import { validatePlan } from '../../server/src/db/grid-validation';
import { insertPlan, writeState } from '../../server/src/db/grid-plans';
import { partition } from '../../server/src/domain/grid/partition';
import type { Edge, Unit } from '../../server/src/domain/grid/types';
import { localProjector } from '../../server/src/domain/grid-edit/project';
import { labelAt, type PlanState } from '../../server/src/domain/grid-edit/state';
import { compareWithBaseline } from './grid-quality';
import { pgliteTown, postgresTown } from './shared';
import { percentile, timeRuns, type BenchContext, type BenchResult } from './types';

const DISTRICT_BUILDINGS = 20_000;

async function generateViaApi(db: Db, engine: string): Promise<BenchResult> {
  const app = createApp({ db });
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'planner', password: 'demo' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  // The community closest to 3,000 households.
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; households: number }>(
      'SELECT community_code AS code, sum(households)::int AS households FROM building GROUP BY 1 ORDER BY abs(sum(households) - 3000) LIMIT 1',
    ),
  );
  const made: number[] = [];
  const once = async () => {
    const res = await app.request(`/api/communities/${rows[0].code}/grid-plans/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ minHouseholds: 300, maxHouseholds: 500 }),
    });
    if (res.status !== 201) throw new Error(`generate answered ${res.status}: ${await res.text()}`);
    made.push(((await res.json()) as { id: number }).id);
  };
  await once();
  const times = await timeRuns(5, once);
  await db.withClient((c) =>
    c.query('DELETE FROM grid_plan WHERE id IN (SELECT json_array_elements_text($1::json)::bigint)', [JSON.stringify(made)]),
  );
  const p50 = percentile(times, 50);
  return {
    name: `generate via API for a ${rows[0].households}-household community, ${engine} (p50 of 5)`,
    value: p50,
    unit: 'ms',
    target: '≤ 1000 ms',
    ok: p50 <= 1000,
  };
}

async function integrity(db: Db, engine: string): Promise<BenchResult> {
  const { rows } = await db.withClient((c) =>
    c.query<{ id: number }>("SELECT id::int AS id FROM grid_plan WHERE status = 'published' ORDER BY id"),
  );
  await db.withClient((c) => validatePlan(c, rows[0].id));
  const times = await timeRuns(rows.length * 2, (i) => db.withClient((c) => validatePlan(c, rows[i % rows.length].id)));
  const p50 = percentile(times, 50);
  const max = times[times.length - 1];
  return {
    name: `integrity check of a demo community's plan, ${engine} (p50; max ${max.toFixed(0)} ms over ${rows.length} communities)`,
    value: p50,
    unit: 'ms',
    target: '≤ 200 ms',
    ok: max <= 200,
  };
}

/** All buildings of the town as one unit set (metres around the town), with every community's atom adjacency. */
async function districtUnits(db: Db): Promise<{ units: Unit[]; edges: Edge[] }> {
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; compound: string | null; households: number; residents: number; lng: number; lat: number }>(
      `SELECT code, compound_code AS compound, households, residents, ST_X(ST_Centroid(geom))::float8 AS lng, ST_Y(ST_Centroid(geom))::float8 AS lat FROM building ORDER BY code`,
    ),
  );
  const pairs = await db.withClient((c) =>
    c.query<{ a: string; b: string; shared: number; road: boolean }>(
      'SELECT a, b, shared_metres::float8 AS shared, crosses_road AS road FROM atom_adjacency',
    ),
  );
  const project = localProjector(rows[0].lng, rows[0].lat);
  const index = new Map(rows.map((r, i) => [r.code, i]));
  return {
    units: rows.map((r) => ({
      code: r.code,
      households: r.households,
      residents: r.residents,
      compoundId: r.compound,
      ...project(r.lng, r.lat),
    })),
    edges: pairs.rows.map((p) => ({ a: index.get(p.a)!, b: index.get(p.b)!, sharedMetres: p.shared, crossesRoad: p.road })),
  };
}

async function district(ctx: BenchContext): Promise<BenchResult[]> {
  const communities = Math.ceil(DISTRICT_BUILDINGS / 120);
  const db = await postgresTown(ctx, communities);
  const t0 = performance.now();
  const { units, edges } = await districtUnits(db);
  const t1 = performance.now();
  const result = partition(units, edges, { minHouseholds: 300, maxHouseholds: 500, seed: 1 });
  const t2 = performance.now();
  const state: PlanState = { cells: new Map(), cellOf: new Map() };
  result.cells.forEach((cell, k) => {
    state.cells.set(labelAt(k), { locked: false });
    for (const i of cell) state.cellOf.set(units[i].code, labelAt(k));
  });
  const planId = await db.withTransaction(async (c) => {
    const id = await insertPlan(c, {
      communityCode: units[0].code.slice(0, 12),
      name: 'district bench',
      minHouseholds: 300,
      maxHouseholds: 500,
      basedOnPlanId: null,
      username: null,
    });
    await writeState(c, id, state);
    return id;
  });
  const t3 = performance.now();
  await db.withClient((c) => c.query('DELETE FROM grid_plan WHERE id = $1', [planId]));
  await db.close();
  ctx.log(
    `district: ${units.length} buildings, ${edges.length} edges; read ${(t1 - t0).toFixed(0)} ms, partition ${(t2 - t1).toFixed(0)} ms into ${result.cells.length} cells, write + outlines ${(t3 - t2).toFixed(0)} ms`,
  );
  const total = t3 - t0;
  return [
    {
      name: `generate for a ${units.length}-building district (${communities} communities as one unit set), PostgreSQL read + partition + write`,
      value: total / 1000,
      unit: 's',
      target: '≤ 30 s',
      ok: total <= 30_000,
    },
  ];
}

/** A connected lattice of ~20,000 buildings in compounds of 9, through the domain function alone. */
function lattice(): BenchResult {
  const side = Math.ceil(Math.sqrt(DISTRICT_BUILDINGS));
  const units: Unit[] = [];
  const edges: Edge[] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const i = units.length;
      units.push({
        code: `u${i}`,
        households: 20 + ((r * 7 + c * 13) % 41),
        residents: 0,
        x: c * 40,
        y: r * 40,
        compoundId: `k${Math.floor(r / 3)}-${Math.floor(c / 3)}`,
      });
      if (c > 0) edges.push({ a: i - 1, b: i, sharedMetres: 40, crossesRoad: c % 12 === 0 });
      if (r > 0) edges.push({ a: i - side, b: i, sharedMetres: 40, crossesRoad: r % 12 === 0 });
    }
  }
  const t = performance.now();
  const result = partition(units, edges, { minHouseholds: 300, maxHouseholds: 500, seed: 1 });
  const ms = performance.now() - t;
  return {
    name: `partition a connected ${units.length}-building lattice into ${result.cells.length} cells (domain only)`,
    value: ms / 1000,
    unit: 's',
    target: '≤ 30 s',
    ok: ms <= 30_000,
  };
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const lite = await pgliteTown(ctx, 22);
  results.push(await generateViaApi(lite, 'PGlite'));
  results.push(await integrity(lite, 'PGlite'));
  const { ours, baseline, misses } = await compareWithBaseline(lite);
  ctx.log(`quality: ours ${JSON.stringify(ours)}; baseline ${JSON.stringify(baseline)}`);
  ctx.log(`communities with a cell out of range: ${misses.proved} proved impossible, ${misses.missed} missed by the search`);
  const versus = (name: string, value: number, base: number, better: 'lower' | 'higher', unit: string): BenchResult => ({
    name: `${name}, 22 demo communities (ours vs capacitated k-means)`,
    value,
    unit,
    baseline: { name: 'capacitated k-means', value: base },
    ratio: base === 0 ? undefined : value / base,
    target: better === 'lower' ? '≤ baseline' : '≥ baseline',
    ok: better === 'lower' ? value <= base : value >= base,
  });
  results.push(versus('max deviation from 400 households', ours.maxDeviationPct, baseline.maxDeviationPct, 'lower', '%'));
  results.push(versus('mean Polsby-Popper of real cell outlines', ours.meanPolsbyPopper, baseline.meanPolsbyPopper, 'higher', ''));
  results.push(versus('share of compounds split needlessly', ours.compoundsSplitShare, baseline.compoundsSplitShare, 'lower', ''));
  results.push(versus('cells out of the 300–500 range', ours.outOfRangeCells, baseline.outOfRangeCells, 'lower', 'cells'));
  results.push({
    name: `communities with a cell out of range and no proof that the range is impossible, of ${misses.communities} demo communities`,
    value: misses.missed,
    unit: 'communities',
    target: '0',
    ok: misses.missed === 0,
  });
  await lite.close();

  const pg = await postgresTown(ctx, 22);
  results.push(await generateViaApi(pg, 'PostgreSQL'));
  results.push(await integrity(pg, 'PostgreSQL'));
  await pg.close();

  results.push(lattice());
  if (!ctx.quick) results.push(...(await district(ctx)));
  return results;
}
