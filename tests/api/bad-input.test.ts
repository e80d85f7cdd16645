/**
 * The bad-input corpus (tests/fixtures/bad-input/cases.json): every case is refused with its 4xx
 * and code (and the field at fault, where one is), never a 5xx, and leaves the database exactly
 * as it was: every table's row count, and a checksum of the rows of the tables a write could touch.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

interface Case {
  name: string;
  method: string;
  path: string;
  role: 'admin' | 'planner' | 'official' | 'worker' | null;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field?: string;
}

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/bad-input/cases.json', import.meta.url), 'utf8')) as { cases: Case[] };

const COMMUNITY = '321012100006';
// Tables a refused write could have touched: their rows are compared, not only counted.
const CHECKED = [
  'setting',
  'app_user',
  'person',
  'cell_assignment',
  'party_org',
  'party_org_building',
  'party_area',
  'party_area_building',
  'volunteer_team',
  'volunteer_member',
  'facility_option',
  'grid_plan',
  'grid_cell',
  'grid_plan_edit',
  'dispute',
  'community',
  'community_indicator',
  'grading_round',
  'audit_log',
];

let place: Record<string, string>;

async function snapshot(): Promise<Record<string, string>> {
  const db = await testDb();
  return db.withClient(async (q) => {
    const tables = await q.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('session', 'spatial_ref_sys') ORDER BY 1",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const sum = CHECKED.includes(name) ? `, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS sum` : `, '' AS sum`;
      const r = await q.query<{ n: string; sum: string | null }>(`SELECT count(*)::text AS n${sum} FROM "${name}" t`);
      out[name] = `${r.rows[0].n} ${r.rows[0].sum ?? ''}`;
    }
    return out;
  });
}

function fill(text: string): string {
  return text.replace(/\{(community|draft|label|person|cell|building)\}/g, (_, k: string) => place[k]);
}

/** A closed ring of `n` positions on a small circle around the town seat. */
function ring(n: number): number[][] {
  const positions = Array.from({ length: n - 1 }, (_, i) => [
    119.55 + 0.001 * Math.cos((2 * Math.PI * i) / (n - 1)),
    32.43 + 0.001 * Math.sin((2 * Math.PI * i) / (n - 1)),
  ]);
  return [...positions, positions[0]];
}

function fillJson(value: unknown): unknown {
  if (value === '{version}') return Number(place.version);
  const ringOf = typeof value === 'string' ? /^\{ring of (\d+) vertices\}$/.exec(value) : null;
  if (ringOf) return ring(Number(ringOf[1]));
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map(fillJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v)]));
  return value;
}

async function send(c: Case): Promise<Response> {
  const cookie = c.role ? await loginAs(c.role) : undefined;
  if (c.text === undefined) return call(c.method, fill(c.path), c.json === undefined ? undefined : fillJson(c.json), cookie);
  const headers: Record<string, string> = { 'Content-Type': c.contentType ?? 'text/plain', ...c.headers };
  if (cookie) headers.Cookie = cookie;
  return (await testApp()).request(fill(c.path), { method: c.method, headers, body: fill(c.text) });
}

beforeAll(async () => {
  // Signing in is audited: every role signs in before the first snapshot.
  for (const role of ['admin', 'official', 'worker'] as const) await loginAs(role);
  const planner = await loginAs('planner');
  const draft = (await (await call('POST', `/api/communities/${COMMUNITY}/grid-plans`, { from: 'published' }, planner)).json()) as {
    id: number;
    version: number;
    cells: { label: string }[];
  };
  const db = await testDb();
  const [cell, building, person] = await db.withClient(async (q) => [
    (
      await q.query<{ code: string }>(
        "SELECT c.code FROM grid_cell c JOIN grid_plan p ON p.id = c.plan_id WHERE p.community_code = $1 AND p.status = 'published' ORDER BY 1 LIMIT 1",
        [COMMUNITY],
      )
    ).rows[0].code,
    (await q.query<{ code: string }>('SELECT code FROM building WHERE community_code = $1 ORDER BY 1 LIMIT 1', [COMMUNITY])).rows[0].code,
    (await q.query<{ id: number }>('SELECT id FROM person WHERE community_code = $1 ORDER BY 1 LIMIT 1', [COMMUNITY])).rows[0].id,
  ]);
  place = {
    community: COMMUNITY,
    draft: String(draft.id),
    label: draft.cells[0].label,
    version: String(draft.version),
    person: String(person),
    cell,
    building,
  };
});

describe('the bad-input corpus', () => {
  it('holds at least 80 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: refused, nothing stored', async (_name, c) => {
    const before = await snapshot();
    const res = await send(c);
    const body = (await res.json()) as { error: { code: string; details?: unknown } };
    expect({ status: res.status, code: body.error?.code }).toEqual({ status: c.status, code: c.code });
    if (c.field !== undefined) expect(JSON.stringify(body.error.details)).toContain(JSON.stringify(c.field));
    expect(await snapshot()).toEqual(before);
  });
});
