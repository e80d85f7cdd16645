/**
 * Data scopes on the demo town (embedded database): the community list and the coverage report
 * for an account scoped to the town against the same for an unscoped account. Both see the same
 * communities, so the difference is what the scope predicate costs (target: ≤ 1.2× + 2 ms).
 */
import { createApp } from '../../server/src/app';
import { createUser } from '../../server/src/db/users';
import { hashPassword } from '../../server/src/domain/auth/password';
import { pgliteTown } from './shared';
import { median, type BenchContext, type BenchResult } from './types';

const PASSWORD = 'bench scope password';
const RUNS = 20;

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const db = await pgliteTown(ctx, 22);
  try {
    const app = createApp({ db });
    const [{ code: town }] = (await db.withClient((c) => c.query<{ code: string }>('SELECT code FROM town ORDER BY code LIMIT 1'))).rows;
    const passwordHash = await hashPassword(PASSWORD);
    const cookieOf = async (username: string, scopeCode: string | null) => {
      await db.withTransaction((c) => createUser(c, { username, role: 'planner', scopeCode, passwordHash }, null));
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return res.headers.get('set-cookie')!.split(';')[0];
    };
    const scoped = await cookieOf('bench-scoped', town);
    const unscoped = await cookieOf('bench-unscoped', null);
    const get = async (path: string, cookie: string) => {
      const res = await app.request(path, { headers: { Cookie: cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    // The two accounts' requests alternate, each first in every other round (ABBA), so that neither
    // a busy second on the machine nor the place in a pair (the garbage of the request before)
    // falls on one of them only.
    const p50s = async (path: string) => {
      await get(path, unscoped);
      await get(path, scoped);
      const times = { unscoped: [] as number[], scoped: [] as number[] };
      const byPlace: number[][] = [[], []];
      for (let i = 0; i < RUNS; i++) {
        const pair = [
          ['unscoped', unscoped],
          ['scoped', scoped],
        ] as const;
        for (const [place, [who, cookie]] of (i % 2 === 0 ? pair : [...pair].reverse()).entries()) {
          const t = performance.now();
          await get(path, cookie);
          times[who].push(performance.now() - t);
          byPlace[place].push(performance.now() - t);
        }
      }
      ctx.log(`${path}: p50 first of a pair ${median(byPlace[0]).toFixed(1)} ms, second ${median(byPlace[1]).toFixed(1)} ms`);
      return { base: median(times.unscoped), value: median(times.scoped) };
    };
    const results: BenchResult[] = [];
    for (const [label, path] of [
      ['community list', '/api/communities'],
      ['coverage report', '/api/coverage-report'],
    ] as const) {
      const { base, value } = await p50s(path);
      results.push({
        name: `${label} (GET ${path}) of an account scoped to the demo town, embedded (p50 of ${RUNS}, alternated with the unscoped requests)`,
        value,
        unit: 'ms',
        baseline: { name: 'the same for an unscoped account', value: base },
        ratio: value / base,
        target: '≤ 1.2 × unscoped + 2 ms',
        ok: value <= 1.2 * base + 2,
      });
    }
    return results;
  } finally {
    await db.close();
  }
}
