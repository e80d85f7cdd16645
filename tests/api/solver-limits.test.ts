// Expensive work on behalf of users: who may solve, how long, and how many at once per user.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { solverTurns } from '../../server/src/domain/solver/turns';
import { DEFAULT_SOLVER_WORKERS, solverPoolSize } from '../../server/src/domain/solver/highs';

// Three demand points, two sites, one to open: demand d0 (weight 2) is 1 from s0 and 5 from s1,
// d1 (weight 1) is 4 and 1, d2 (weight 1) is 3 and 2. Opening s0 costs 2 + 4 + 3 = 9,
// opening s1 costs 10 + 1 + 2 = 13: the optimum opens s0 with objective 9.
const tiny = {
  problem: 'p-median',
  p: 1,
  demand: [
    { id: 'd0', weight: 2 },
    { id: 'd1', weight: 1 },
    { id: 'd2', weight: 1 },
  ],
  sites: [{ id: 's0' }, { id: 's1' }],
  cost: [
    [1, 5],
    [4, 1],
    [3, 2],
  ],
};

/** Holds one of `username`'s solver turns until the returned release is called (a solve that takes its time). */
function holdTurn(username: string, seconds: number): { release: () => void; done: Promise<unknown> } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const done = solverTurns.run(username, seconds, () => gate);
  return { release, done };
}

beforeAll(async () => {
  await testApp();
});

describe('who may solve', () => {
  it.each([
    ['/api/locate', tiny],
    ['/api/siting', { p: 1 }],
  ])('POST %s answers 401 without a session and 403 for a grid worker', async (path, body) => {
    expect((await call('POST', path, body)).status).toBe(401);
    expect((await call('POST', path, body, await loginAs('worker'))).status).toBe(403);
  });

  it.each(['planner', 'official', 'admin'] as const)('POST /api/locate solves for a signed-in %s', async (role) => {
    const res = await call('POST', '/api/locate', tiny, await loginAs(role));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.open).toEqual(['s0']);
    expect(body.objective).toBe(9);
  });
});

describe('time limits', () => {
  it('refuses a planner more than 30 s, naming the field', async () => {
    const res = await call('POST', '/api/locate?timeLimitSeconds=31', tiny, await loginAs('planner'));
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.details).toContainEqual(
      expect.objectContaining({
        field: 'query.timeLimitSeconds',
        code: 'solver.time_limit_too_long',
        params: expect.objectContaining({ maximum: 30 }),
      }),
    );
  });

  it('lets a planner ask for exactly 30 s and an admin for the route maximum (60 s)', async () => {
    expect((await call('POST', '/api/locate?timeLimitSeconds=30', tiny, await loginAs('planner'))).status).toBe(200);
    expect((await call('POST', '/api/locate?timeLimitSeconds=60', tiny, await loginAs('admin'))).status).toBe(200);
    expect((await call('POST', '/api/locate?timeLimitSeconds=61', tiny, await loginAs('admin'))).status).toBe(400);
  });

  it.each([
    ['/api/siting', { p: 1, timeLimitSeconds: 45 }],
    ['/api/facility-plans', { timeLimitSeconds: 45 }],
  ])('POST %s refuses an official 45 s, naming json.timeLimitSeconds', async (path, body) => {
    const res = await call('POST', path, body, await loginAs('official'));
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.details).toContainEqual(expect.objectContaining({ field: 'json.timeLimitSeconds', code: 'solver.time_limit_too_long' }));
  });
});

describe('one running and one waiting solve per user', () => {
  const held: { release: () => void; done: Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const h of held.splice(0)) h.release();
    await vi.waitFor(() => expect(solverTurns.count('planner')).toBe(0));
  });

  it('queues the second solve behind the first and answers a third 429 solver.busy with Retry-After', async () => {
    const planner = await loginAs('planner');
    held.push(holdTurn('planner', 20));
    const second = call('POST', '/api/locate', tiny, planner);
    await vi.waitFor(() => expect(solverTurns.count('planner')).toBe(2));

    const third = await call('POST', '/api/locate?timeLimitSeconds=5', tiny, planner);
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('solver.busy');
    // The first (held) solve may run up to 20 s from when it started.
    const retryAfter = Number(third.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);

    // Facility scenarios count against the same turns; other people are not held up.
    expect((await call('POST', '/api/facility-plans', {}, planner)).status).toBe(429);
    expect((await call('POST', '/api/siting', { p: 1 }, planner)).status).toBe(429);
    // So do the responsibility suggestions, which solve too.
    const community = (await (await call('GET', '/api/facilities/status', undefined, planner)).json()).communities[0].code;
    expect((await call('POST', '/api/assignments/suggest', { communityCode: community }, planner)).status).toBe(429);
    expect((await call('POST', '/api/party/areas/suggest', { communityCode: community }, planner)).status).toBe(429);
    expect((await call('POST', '/api/locate', tiny, await loginAs('official'))).status).toBe(200);

    // The second has waited for the first: still in its turn until the first ends.
    expect(solverTurns.count('planner')).toBe(2);
    held[0].release();
    const answer = await second;
    expect(answer.status).toBe(200);
    expect((await answer.json()).open).toEqual(['s0']);
    expect((await call('POST', '/api/locate', tiny, planner)).status).toBe(200);
  });

  it('frees the turn of a solve that fails', async () => {
    const planner = await loginAs('planner');
    await expect(solverTurns.run('planner', 1, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(solverTurns.count('planner')).toBe(0);
    expect((await call('POST', '/api/locate', tiny, planner)).status).toBe(200);
  });
});

describe('setting solver.poolSize', () => {
  it('defaults to the cores less one (at least one) and applies a new size to the next solve', async () => {
    const admin = await loginAs('admin');
    const rows = await (await call('GET', '/api/settings', undefined, admin)).json();
    const row = rows.find((r: { key: string }) => r.key === 'solver.poolSize');
    expect(row.value).toBeNull();
    expect(DEFAULT_SOLVER_WORKERS).toBe(Math.max(1, (await import('node:os')).availableParallelism() - 1));

    const patched = await call('PATCH', '/api/settings/solver.poolSize', { version: row.version, value: 3 }, admin);
    expect(patched.status).toBe(200);
    expect((await call('POST', '/api/locate', tiny, admin)).status).toBe(200);
    expect(solverPoolSize()).toBe(3);

    const back = await call('PATCH', '/api/settings/solver.poolSize', { version: row.version + 1, value: null }, admin);
    expect(back.status).toBe(200);
    expect((await call('POST', '/api/locate', tiny, admin)).status).toBe(200);
    expect(solverPoolSize()).toBe(DEFAULT_SOLVER_WORKERS);
  });

  it('refuses a size below one', async () => {
    const admin = await loginAs('admin');
    const rows = await (await call('GET', '/api/settings', undefined, admin)).json();
    const row = rows.find((r: { key: string }) => r.key === 'solver.poolSize');
    expect((await call('PATCH', '/api/settings/solver.poolSize', { version: row.version, value: 0 }, admin)).status).toBe(400);
  });
});
