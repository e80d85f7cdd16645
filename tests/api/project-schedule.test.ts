// Projects carry an owner, planned and actual dates and progress; a project past its planned
// finish by the town's date is overdue in the list and the officials' inbox. The town's date is
// fixed at 2026-06-15 (noon in Asia/Shanghai). Everything this file makes is removed afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox } from '../../server/src/contract/inbox';
import type { Project } from '../../server/src/contract/projects';
import { call, loginAs, testApp } from '../helpers/app';
import { setClock } from '../../server/src/domain/time';
import { newPerson, q } from './responsibility-helpers';

const TOWN_NOON_15_JUNE = new Date('2026-06-15T04:00:00Z');
let official: string;
let planner: string;
let scenarioMark = 0;
let auditMark = 0;
let facilityMark = 0;
let optionStatus: { code: string; status: string }[] = [];
let person = 0;
// Projects this file made: [0] planned for 2026, [1] planned for 2027, [2] planned for 2025.
let ids: number[] = [];

beforeAll(async () => {
  await testApp();
  [official, planner] = [await loginAs('official'), await loginAs('planner')];
  [{ mark: scenarioMark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM facility_scenario');
  [{ mark: auditMark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM audit_log');
  [{ mark: facilityMark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM facility');
  optionStatus = await q<{ code: string; status: string }>('SELECT code, status FROM facility_option');
  const [{ id: scenario }] = await q<{ id: number }>(
    `INSERT INTO facility_scenario (name, params, result, status) VALUES ('schedule', '{}', '{}', 'approved') RETURNING id::int AS id`,
  );
  const options = await q<{ id: number; community: string }>(
    `SELECT o.id::int AS id, o.community_code AS community FROM facility_option o
      WHERE NOT EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.status <> 'cancelled') ORDER BY o.id LIMIT 3`,
  );
  person = await newPerson(options[0].community, { name: '王建国' });
  ids = [];
  for (const [i, year] of [2026, 2027, 2025].entries()) {
    const [{ id }] = await q<{ id: number }>(
      `INSERT INTO facility_project (scenario_id, option_id, community_code, planned_year) VALUES ($1, $2, $3, $4) RETURNING id::int AS id`,
      [scenario, options[i].id, options[i].community, year],
    );
    ids.push(id);
  }
});

afterEach(() => setClock(null));

afterAll(async () => {
  await q('DELETE FROM facility_project WHERE scenario_id > $1', [scenarioMark]);
  await q('DELETE FROM facility_scenario WHERE id > $1', [scenarioMark]);
  await q('DELETE FROM facility WHERE id > $1', [facilityMark]);
  await q('DELETE FROM person WHERE id = $1', [person]);
  for (const o of optionStatus) await q('UPDATE facility_option SET status = $2 WHERE code = $1', [o.code, o.status]);
});

async function project(id: number): Promise<Project> {
  const res = await call('GET', `/api/projects/${id}`, undefined, planner);
  expect(res.status).toBe(200);
  return res.json();
}

async function patch(id: number, body: object, who = official): Promise<Response> {
  return call('PATCH', `/api/projects/${id}`, { version: (await project(id)).version, ...body }, who);
}

describe('PATCH /api/projects/{id}: owner, dates and progress', () => {
  it('sets a registered person as owner, planned dates and progress, and audits the change', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    const res = await patch(ids[0], {
      ownerPersonId: person,
      plannedStart: '2026-03-01',
      plannedFinish: '2026-09-30',
      progressPercent: 40,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ownerPersonId: person,
      ownerName: '王建国',
      plannedStart: '2026-03-01',
      plannedFinish: '2026-09-30',
      progressPercent: 40,
      status: 'planned',
      overdue: false,
    });
    const rows = await q<{ before: { progressPercent: number }; after: { ownerName: string; progressPercent: number } }>(
      `SELECT before, after FROM audit_log WHERE id > $1 AND entity = 'facility_project' AND entity_id = $2 ORDER BY id`,
      [auditMark, String(ids[0])],
    );
    expect(rows.at(-1)).toMatchObject({ before: { progressPercent: 0 }, after: { ownerName: '王建国', progressPercent: 40 } });
  });

  it('takes a free-text owner in place of the person', async () => {
    const res = await patch(ids[0], { ownerName: '城建办 李科长' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ownerPersonId: null, ownerName: '城建办 李科长' });
  });

  it('records today as the actual start when the project starts, and 100 % with the finish on delivery', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    const started = await patch(ids[0], { status: 'in_progress' });
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({
      status: 'in_progress',
      actualStart: '2026-06-15',
      actualFinish: null,
      progressPercent: 40,
    });
    const later = await patch(ids[0], { progressPercent: 75, actualStart: '2026-06-10' });
    expect(await later.json()).toMatchObject({ actualStart: '2026-06-10', progressPercent: 75 });
  });

  it('refuses dates that do not fit with 422 naming the field, and changes nothing', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    const before = await project(ids[0]);
    const cases: [object, string, string][] = [
      [{ plannedFinish: '2026-02-01' }, 'json.plannedFinish', 'project.field.finish_before_start'],
      [{ actualStart: '2026-06-16' }, 'json.actualStart', 'project.field.actual_in_future'],
      [{ actualFinish: '2026-06-12' }, 'json.actualFinish', 'project.field.not_delivered'],
      [{ ownerPersonId: 999999999 }, 'json.ownerPersonId', 'project.field.unknown_person'],
    ];
    for (const [body, field, code] of cases) {
      const res = await patch(ids[0], body);
      expect(res.status).toBe(422);
      expect((await res.json()).error).toMatchObject({ code, details: { field } });
    }
    const early = await patch(ids[1], { actualStart: '2026-06-01' });
    expect(early.status).toBe(422);
    expect((await early.json()).error).toMatchObject({ code: 'project.field.not_started', details: { field: 'json.actualStart' } });
    const over = await patch(ids[0], { progressPercent: 101 });
    expect(over.status).toBe(400);
    expect((await over.json()).error.details[0].field).toBe('json.progressPercent');
    expect(await project(ids[0])).toEqual(before);
  });

  it('answers 409 for a stale version and 403 to a grid worker', async () => {
    const current = await project(ids[1]);
    const stale = await call('PATCH', `/api/projects/${ids[1]}`, { version: current.version + 1, progressPercent: 10 }, official);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('stale_version');
    const worker = await call(
      'PATCH',
      `/api/projects/${ids[1]}`,
      { version: current.version, progressPercent: 10 },
      await loginAs('worker'),
    );
    expect(worker.status).toBe(403);
  });
});

describe('overdue projects', () => {
  it('flags a project whose planned finish has passed, or whose planned year has ended, by the town’s date', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    // Planned for 2027 but to finish by 14 June 2026: overdue on the 15th.
    expect((await (await patch(ids[1], { plannedFinish: '2026-06-14' })).json()).overdue).toBe(true);
    const listed = (await (await call('GET', '/api/projects', undefined, planner)).json()) as Project[];
    const mine = new Map(listed.filter((p) => ids.includes(p.id)).map((p) => [p.id, p.overdue]));
    // [0]: in progress, finish 30 September; [1]: finish 14 June; [2]: planned year 2025 has ended.
    expect([...mine.entries()].sort(([a], [b]) => a - b)).toEqual(
      [
        [ids[0], false],
        [ids[1], true],
        [ids[2], true],
      ].sort(([a], [b]) => Number(a) - Number(b)),
    );
    // On 14 June itself the 14 June finish is not yet late.
    setClock(() => new Date('2026-06-14T04:00:00Z'));
    expect((await project(ids[1])).overdue).toBe(false);
  });

  it('counts due and overdue projects in the officials’ inbox by the same dates', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    const res = await call('GET', '/api/inbox', undefined, official);
    const inbox = (await res.json()) as Inbox;
    const kinds = inbox.items.filter((item) => item.projectId !== null && ids.includes(item.projectId)).map((i) => [i.projectId, i.kind]);
    expect(kinds).toEqual([
      [ids[2], 'project_overdue'], // end of 2025
      [ids[1], 'project_overdue'], // 14 June 2026
      [ids[0], 'project_due'], // 30 September 2026
    ]);
  });

  it('is no longer overdue once delivered, which sets progress to 100 %', async () => {
    setClock(() => TOWN_NOON_15_JUNE);
    await patch(ids[1], { status: 'in_progress', actualStart: '2026-05-01' });
    const partial = await patch(ids[1], { status: 'delivered', progressPercent: 90 });
    expect(partial.status).toBe(422);
    expect((await partial.json()).error).toMatchObject({
      code: 'project.field.progress_delivered',
      details: { field: 'json.progressPercent' },
    });
    const done = await patch(ids[1], { status: 'delivered', actualFinish: '2026-06-12' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: 'delivered',
      actualStart: '2026-05-01',
      actualFinish: '2026-06-12',
      deliveredAt: '2026-06-12',
      progressPercent: 100,
      overdue: false,
    });
    const cancelled = await patch(ids[2], { status: 'cancelled', reason: '另有安排' });
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', overdue: false });
    const locked = await patch(ids[2], { ownerName: '张三' });
    expect(locked.status).toBe(409);
    expect((await locked.json()).error.code).toBe('project.cancelled_final');
  });
});
