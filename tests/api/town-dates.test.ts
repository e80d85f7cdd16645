// "Today" is the town's date (setting town.timeZone, default Asia/Shanghai), not the UTC date:
// at 2026-01-01T23:30Z it is 07:30 on 2 January in the town.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { setClock } from '../../server/src/domain/time';
import { newPerson, q, twoCommunities } from './responsibility-helpers';

const EARLY_MORNING = new Date('2026-01-01T23:30:00Z');
const JAN_1_EVENING = new Date('2026-01-01T12:00:00Z'); // 20:00 on 1 January in the town

let planner: string;
let admin: string;
let community: string;
let cell: string;
let mark: number;

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  admin = await loginAs('admin');
  ({ a: community, cellA: cell } = await twoCommunities());
  [{ mark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM dispute');
});
afterEach(() => setClock(null));
afterAll(async () => {
  await q('DELETE FROM dispute WHERE id > $1', [mark]);
});

async function setTimeZone(value: string): Promise<Response> {
  const rows: { key: string; version: number }[] = await (await call('GET', '/api/settings', undefined, admin)).json();
  const row = rows.find((r) => r.key === 'town.timeZone')!;
  return call('PATCH', '/api/settings/town.timeZone', { version: row.version, value }, admin);
}

async function assignmentDates(id: number): Promise<{ from: string; to: string | null }> {
  const [row] = await q<{ from: string; to: string | null }>(
    `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "from", to_char(valid_to, 'YYYY-MM-DD') AS "to" FROM cell_assignment WHERE id = $1`,
    [id],
  );
  return row;
}

describe('assignments start and end on the town’s date', () => {
  it('starts and ends an assignment on 2 January at 2026-01-01T23:30Z', async () => {
    setClock(() => EARLY_MORNING);
    const person = await newPerson(community);
    const res = await call('POST', '/api/assignments', { cellCode: cell, personId: person, role: 'liaison' }, planner);
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect((await assignmentDates(id)).from).toBe('2026-01-02');
    expect((await call('DELETE', `/api/assignments/${id}`, {}, planner)).status).toBe(204);
    expect(await assignmentDates(id)).toEqual({ from: '2026-01-02', to: '2026-01-02' });
  });

  it('follows a changed time zone (UTC: still 1 January) and refuses a zone that does not exist', async () => {
    setClock(() => EARLY_MORNING);
    expect((await setTimeZone('Asia/Beijing')).status).toBe(400);
    expect((await setTimeZone('UTC')).status).toBe(200);
    try {
      const person = await newPerson(community);
      const res = await call('POST', '/api/assignments', { cellCode: cell, personId: person, role: 'liaison' }, planner);
      expect(res.status).toBe(201);
      expect((await assignmentDates((await res.json()).id)).from).toBe('2026-01-01');
    } finally {
      expect((await setTimeZone('Asia/Shanghai')).status).toBe(200);
    }
  });
});

describe('dispute deadlines and overdue cases', () => {
  it('counts a neighbour dispute’s 15 days from 2 January: due 17 January', async () => {
    setClock(() => EARLY_MORNING);
    const [building] = await q<{ code: string }>(
      `SELECT cb.building_code AS code FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id WHERE g.code = $1 LIMIT 1`,
      [cell],
    );
    const res = await call(
      'POST',
      '/api/disputes',
      { kind: 'dispute', category: 'neighbour', buildingCode: building.code, parties: ['甲', '乙'], description: '测试' },
      planner,
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.deadline).toBe('2026-01-17');

    // Due on 1 January: not overdue on the evening of 1 January, overdue at 07:30 on 2 January.
    await q(`UPDATE dispute SET deadline = '2026-01-01' WHERE id = $1`, [created.id]);
    setClock(() => JAN_1_EVENING);
    expect((await (await call('GET', `/api/disputes/${created.id}`, undefined, planner)).json()).overdue).toBe(false);
    setClock(() => EARLY_MORNING);
    expect((await (await call('GET', `/api/disputes/${created.id}`, undefined, planner)).json()).overdue).toBe(true);
    const overdue: { id: number }[] = await (await call('GET', '/api/disputes?overdue=true', undefined, planner)).json();
    expect(overdue.map((d) => d.id)).toContain(created.id);
  });
});
