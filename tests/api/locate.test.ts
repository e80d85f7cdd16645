import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';

const run = promisify(execFile);

interface Problem {
  problem: 'p-median' | 'mclp';
  p: number;
  radius?: number;
  demand: { id: string; weight: number }[];
  sites: { id: string; fixed?: boolean }[];
  cost: number[][];
}

/** A deterministic pseudo-random grid problem: demand and sites on a plane, cost = distance. */
function planeProblem(demandCount: number, siteCount: number, p: number, seed = 7): Problem {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const demand = Array.from({ length: demandCount }, (_, i) => ({
    id: `d${i}`,
    weight: 1 + Math.floor(rand() * 50),
    x: rand() * 1000,
    y: rand() * 1000,
  }));
  const sites = Array.from({ length: siteCount }, (_, j) => ({ id: `s${j}`, x: rand() * 1000, y: rand() * 1000 }));
  return {
    problem: 'p-median',
    p,
    demand: demand.map(({ id, weight }) => ({ id, weight })),
    sites: sites.map(({ id }) => ({ id })),
    cost: demand.map((d) => sites.map((s) => Math.round(Math.hypot(d.x - s.x, d.y - s.y)))),
  };
}

function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

/** Brute force over every set of p sites (fixed ones included): least weighted cost, most covered weight. */
function bruteForce(problem: Problem): number {
  const fixed = problem.sites.flatMap((s, j) => (s.fixed ? [j] : []));
  const values = subsets(problem.sites.length, problem.p)
    .filter((open) => fixed.every((j) => open.includes(j)))
    .map((open) =>
      problem.demand.reduce((sum, d, i) => {
        const nearest = Math.min(...open.map((j) => problem.cost[i][j]));
        if (problem.problem === 'mclp') return sum + (nearest <= problem.radius! ? d.weight : 0);
        return sum + d.weight * nearest;
      }, 0),
    );
  return problem.problem === 'mclp' ? Math.max(...values) : Math.min(...values);
}

async function locate(problem: unknown, query = '') {
  return call('POST', `/api/locate${query}`, problem, await loginAs('planner'));
}

let dir: string;
beforeAll(async () => {
  await testApp();
  dir = await mkdtemp(join(tmpdir(), 'gridplan-locate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('POST /api/locate', () => {
  it.each([
    ['p-median', 2, undefined, false],
    ['p-median', 3, undefined, true],
    ['mclp', 2, 300, false],
    ['mclp', 3, 250, true],
  ] as const)('%s with p = %i (radius %s, fixed site %s) is the brute-force optimum', async (kind, p, radius, withFixed) => {
    const problem: Problem = { ...planeProblem(12, 7, p, p * 13 + (radius ?? 0)), problem: kind, radius };
    if (withFixed) problem.sites[4].fixed = true;
    const res = await locate(problem);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('optimal');
    expect(body.objective).toBeCloseTo(bruteForce(problem), 6);
    expect(body.open).toHaveLength(p);
    if (withFixed) expect(body.open).toContain('s4');
    // Every demand point goes to its nearest open site.
    problem.demand.forEach((d, i) => {
      const best = Math.min(...body.open.map((id: string) => problem.cost[i][Number(id.slice(1))]));
      expect(problem.cost[i][Number(body.assign[d.id].slice(1))]).toBe(best);
    });
  });

  it.each([
    [{ ...planeProblem(4, 3, 2), cost: planeProblem(4, 3, 2).cost.slice(0, 3) }, 'json.cost', 'locate.cost_rows', { rows: 3, expected: 4 }],
    [
      { ...planeProblem(4, 3, 2), cost: planeProblem(4, 3, 2).cost.map((row, i) => (i === 1 ? row.slice(1) : row)) },
      'json.cost.1',
      'locate.cost_columns',
      { row: 1, entries: 2, expected: 3 },
    ],
    [planeProblem(4, 3, 5), 'json.p', 'locate.p_too_large', { p: 5, sites: 3 }],
    [{ ...planeProblem(4, 3, 2), problem: 'mclp' }, 'json.radius', 'locate.radius_required', {}],
    [{ ...planeProblem(4, 3, 2), problem: 'k-means' }, 'json.problem', 'field.invalid_value', { values: ['p-median', 'mclp'] }],
    [
      {
        ...planeProblem(4, 3, 2),
        demand: [
          { id: 'a', weight: -1 },
          { id: 'b', weight: 1 },
          { id: 'c', weight: 1 },
          { id: 'd', weight: 1 },
        ],
      },
      'json.demand.0.weight',
      'field.too_small',
      { minimum: 0 },
    ],
  ])('answers 400 naming %#: %s', async (problem, field, code, params) => {
    const res = await locate(problem);
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.code).toBe('invalid_input');
    expect(error.details).toContainEqual(expect.objectContaining({ field, code, params: expect.objectContaining(params) }));
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await (
      await testApp()
    ).request('/api/locate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: await loginAs('planner') },
      body: '{"problem":',
    });
    expect(res.status).toBe(400);
  });

  it('stops at the time limit with the best plan found and its gap, never hanging', async () => {
    const problem = planeProblem(250, 250, 25, 99);
    const started = performance.now();
    const res = await locate(problem, '?timeLimitSeconds=0.3');
    const seconds = (performance.now() - started) / 1000;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(seconds).toBeLessThan(15);
    expect(['optimal', 'time_limit']).toContain(body.status);
    expect(body.open).toHaveLength(25);
    expect(Object.keys(body.assign)).toHaveLength(250);
    if (body.status === 'time_limit' && body.gap !== null) expect(body.gap).toBeGreaterThanOrEqual(0);
  });
});

describe('gridplan locate FILE.json (CLI)', () => {
  it('prints the same optimum as the API', async () => {
    const problem = planeProblem(10, 6, 2, 3);
    const file = join(dir, 'problem.json');
    await writeFile(file, JSON.stringify(problem));
    const { stdout } = await run('node', ['bin/gridplan.js', 'locate', file], { timeout: 60_000 });
    const out = JSON.parse(stdout);
    expect(out.status).toBe('optimal');
    expect(out.objective).toBeCloseTo(bruteForce(problem), 6);
    expect(out.open).toHaveLength(2);
    expect(Object.keys(out.assign).sort()).toEqual(problem.demand.map((d) => d.id).sort());
  });

  it('exits non-zero naming the field of a bad problem', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(planeProblem(4, 3, 9)));
    const failure = await run('node', ['bin/gridplan.js', 'locate', file], { timeout: 60_000 }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/^p: p = 9 exceeds the number of sites \(3\)/m);
  });
});

describe('POST /api/siting', () => {
  let planner: string;
  let community: { code: string; households: number; optionCount: number; facilityCount: number };
  let facilityTotal: number;
  beforeAll(async () => {
    planner = await loginAs('planner');
    const board = await (await call('GET', '/api/facilities/status', undefined, planner)).json();
    facilityTotal = board.communities.reduce((n: number, c: { facilityCount: number }) => n + c.facilityCount, 0);
    community = board.communities.find((c: { optionCount: number; facilityCount: number }) => c.optionCount >= 3 && c.facilityCount >= 1);
  });

  it("allocates a community's buildings to its sites, existing facilities kept open", async () => {
    const p = community.facilityCount + 1;
    const res = await call('POST', '/api/siting', { communityCode: community.code, p }, planner);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('optimal');
    const open = body.sites.filter((s: { open: boolean }) => s.open);
    expect(open).toHaveLength(p);
    expect(body.sites.filter((s: { fixed: boolean }) => s.fixed).every((s: { open: boolean }) => s.open)).toBe(true);
    const households = body.sites.reduce((n: number, s: { households: number }) => n + s.households, 0);
    expect(households).toBe(community.households);
    expect(body.demand.every((d: { site: string }) => open.some((s: { id: string }) => s.id === d.site))).toBe(true);
    expect(body.sites.filter((s: { open: boolean; households: number }) => !s.open && s.households > 0)).toEqual([]);
  });

  it('answers 400 naming p when it exceeds the sites or is below the fixed ones', async () => {
    const over = await call('POST', '/api/siting', { communityCode: community.code, p: 99 }, planner);
    expect(over.status).toBe(400);
    expect((await over.json()).error.details[0]).toMatchObject({ field: 'json.p', code: 'siting.p_too_large', params: { p: 99 } });
    if (community.facilityCount > 1) {
      const under = await call('POST', '/api/siting', { communityCode: community.code, p: 1 }, planner);
      expect((await under.json()).error.details[0]).toMatchObject({
        field: 'json.p',
        code: 'siting.p_below_fixed',
        params: { p: 1, fixed: community.facilityCount },
      });
    }
    const unknown = await call('POST', '/api/siting', { communityCode: '999999999999', p: 1 }, planner);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.details[0]).toMatchObject({
      field: 'json.communityCode',
      code: 'siting.unknown_community',
      params: { communityCode: '999999999999' },
    });
  });

  it('solves a town-wide maximal covering question over compounds', async () => {
    const p = facilityTotal + 5;
    const res = await call('POST', '/api/siting', { problem: 'mclp', p, radius: 600 }, planner);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.scope.demand).toBe('compounds');
    expect(['optimal', 'time_limit']).toContain(body.status);
    expect(body.sites.filter((s: { open: boolean }) => s.open)).toHaveLength(p);
    expect(body.objective).toBeLessThanOrEqual(body.demand.reduce((n: number, d: { weight: number }) => n + d.weight, 0));
  });
});
