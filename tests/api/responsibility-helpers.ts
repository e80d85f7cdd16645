/** Shared look-ups for the responsibility API tests: raw SQL on the test database and fixtures they create. */
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';

export async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

export async function count(
  table: 'person' | 'cell_assignment' | 'party_org' | 'party_area' | 'volunteer_team',
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return row.n;
}

/** Two communities that both have a published plan, with one current cell each. */
export async function twoCommunities(): Promise<{ a: string; b: string; cellA: string; cellB: string }> {
  const rows = await q<{ community: string; cell: string }>(
    `SELECT DISTINCT ON (p.community_code) p.community_code AS community, g.code AS cell
       FROM grid_plan p JOIN grid_cell g ON g.plan_id = p.id
      WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL
      ORDER BY p.community_code, g.code LIMIT 2`,
  );
  return { a: rows[0].community, b: rows[1].community, cellA: rows[0].cell, cellB: rows[1].cell };
}

/** Creates a person through the API and returns its id. */
export async function newPerson(communityCode: string, over: Record<string, unknown> = {}): Promise<number> {
  const res = await call(
    'POST',
    '/api/people',
    { communityCode, name: `测试${Math.random().toString(36).slice(2, 7)}`, type: 'volunteer', phone: '13800138000', ...over },
    await loginAs('planner'),
  );
  if (res.status !== 201) throw new Error(`creating a person failed: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** Sends CSV text as a text/csv body. */
export async function postCsv(path: string, csv: string, cookie: string): Promise<Response> {
  const { testApp } = await import('../helpers/app');
  return (await testApp()).request(path, { method: 'POST', headers: { 'Content-Type': 'text/csv', Cookie: cookie }, body: csv });
}
