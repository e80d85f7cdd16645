// GET /api/inbox: each role sees what waits on it. Everything this file changes (a submitted and
// returned plan, one cell's grid workers, a scenario with projects) is put back afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox, InboxItem } from '../../server/src/contract/inbox';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { dateIn } from '../../server/src/domain/time';
import { cleanUpDrafts, communityWithValidPublishedPlan, draftFrom, json } from './grid-plans-helpers';

let community: string;
let scenarioMark = 0;

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
  const db = await testDb();
  scenarioMark = (await db.withClient((q) => q.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM facility_scenario')))
    .rows[0].id;
});

afterAll(async () => {
  await cleanUpDrafts();
  const db = await testDb();
  await db.withTransaction(async (q) => {
    await q.query('DELETE FROM facility_project WHERE scenario_id > $1', [scenarioMark]);
    await q.query('DELETE FROM facility_scenario WHERE id > $1', [scenarioMark]);
  });
});

async function inboxOf(who: 'admin' | 'planner' | 'official' | 'worker'): Promise<Inbox> {
  const res = await call('GET', '/api/inbox', undefined, await loginAs(who));
  expect(res.status).toBe(200);
  return json<Inbox>(res);
}

const ofPlan = (inbox: Inbox, id: number) => inbox.items.filter((item) => item.planId === id && item.kind.startsWith('plan_'));

describe('GET /api/inbox', () => {
  it('answers 401 without a session', async () => {
    expect((await call('GET', '/api/inbox')).status).toBe(401);
  });

  it('puts a submitted plan in the officials’ inbox and, once returned, in the planners’', async () => {
    const planner = await loginAs('planner');
    const draft = await draftFrom(community, 'published');
    const submitted = await json<{ id: number; version: number }>(
      await call('POST', `/api/grid-plans/${draft.id}/submit`, { version: draft.version }, planner),
    );
    const official = await inboxOf('official');
    expect(ofPlan(official, draft.id)).toEqual([expect.objectContaining({ kind: 'plan_submitted', communityCode: community, count: 1 })]);
    expect(official.count).toBe(official.items.length);
    expect(ofPlan(await inboxOf('planner'), draft.id)).toEqual([]);
    expect(ofPlan(await inboxOf('admin'), draft.id).map((item) => item.kind)).toEqual(['plan_submitted']);

    const rejected = await call(
      'POST',
      `/api/grid-plans/${draft.id}/reject`,
      { version: submitted.version, reason: '东片过大' },
      await loginAs('official'),
    );
    expect(rejected.status).toBe(200);
    expect(ofPlan(await inboxOf('planner'), draft.id).map((item) => item.kind)).toEqual(['plan_returned']);
    expect(ofPlan(await inboxOf('official'), draft.id)).toEqual([]);
  });

  it('counts a published cell whose only grid workers left as unstaffed for planners', async () => {
    const db = await testDb();
    const cellCount = (inbox: Inbox) =>
      inbox.items.find((item: InboxItem) => item.kind === 'cells_unstaffed' && item.communityCode === community)?.count ?? 0;
    const before = cellCount(await inboxOf('planner'));
    const today = dateIn('Asia/Shanghai');
    const ended = await db.withClient(async (q) => {
      const { rows } = await q.query<{ id: number }>(
        `SELECT a.id::int AS id FROM cell_assignment a
          WHERE a.role = 'grid_worker' AND a.valid_to IS NULL
            AND a.cell_id = (SELECT g.id FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
                              WHERE p.community_code = $1 AND p.status = 'published' AND g.valid_to IS NULL
                                AND EXISTS (SELECT 1 FROM cell_assignment x WHERE x.cell_id = g.id AND x.role = 'grid_worker' AND x.valid_to IS NULL)
                              ORDER BY g.code LIMIT 1)`,
        [community],
      );
      await q.query('UPDATE cell_assignment SET valid_to = $2::date - 1, valid_from = LEAST(valid_from, $2::date - 2) WHERE id = ANY($1)', [
        rows.map((r) => r.id),
        today,
      ]);
      return rows.map((r) => r.id);
    });
    try {
      expect(ended.length).toBeGreaterThan(0);
      expect(cellCount(await inboxOf('planner'))).toBe(before + 1);
      expect((await inboxOf('official')).items.filter((item) => item.kind === 'cells_unstaffed')).toEqual([]);
    } finally {
      await db.withClient((q) => q.query('UPDATE cell_assignment SET valid_to = NULL WHERE id = ANY($1)', [ended]));
    }
  });

  it('lists projects planned for this year as due and earlier ones as overdue, for officials only', async () => {
    const db = await testDb();
    const year = Number(dateIn('Asia/Shanghai').slice(0, 4));
    const ids = await db.withTransaction(async (q) => {
      const scenario = (
        await q.query<{ id: number }>(
          `INSERT INTO facility_scenario (name, params, result, status) VALUES ('inbox', '{}', '{}', 'approved') RETURNING id::int AS id`,
        )
      ).rows[0].id;
      const options = (
        await q.query<{ id: number; community: string }>(
          `SELECT o.id::int AS id, o.community_code AS community FROM facility_option o
            WHERE NOT EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.status <> 'cancelled') ORDER BY o.id LIMIT 4`,
        )
      ).rows;
      const rows: [number, string][] = [
        [year - 1, 'in_progress'],
        [year, 'planned'],
        [year + 1, 'planned'],
        [year - 1, 'cancelled'],
      ];
      const made: number[] = [];
      for (const [i, [planned, status]] of rows.entries()) {
        const { rows: inserted } = await q.query<{ id: number }>(
          `INSERT INTO facility_project (scenario_id, option_id, community_code, planned_year, status)
           VALUES ($1, $2, $3, $4, $5) RETURNING id::int AS id`,
          [scenario, options[i].id, options[i].community, planned, status],
        );
        made.push(inserted[0].id);
      }
      return made;
    });
    const mine = (inbox: Inbox) =>
      inbox.items.filter((item) => item.projectId !== null && ids.includes(item.projectId)).map((item) => [item.projectId, item.kind]);
    expect(mine(await inboxOf('official'))).toEqual([
      [ids[0], 'project_overdue'],
      [ids[1], 'project_due'],
    ]);
    expect(mine(await inboxOf('planner'))).toEqual([]);
    expect((await inboxOf('worker')).items).toEqual([]);
  });
});
