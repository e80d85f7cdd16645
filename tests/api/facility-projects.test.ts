// Approve → projects → deliver → compliant. Other test files share the database, so everything
// this file changes (scenarios, projects, facility rows, option statuses) is put back afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { dateIn } from '../../server/src/domain/time';

interface Project {
  id: number;
  scenarioId: number;
  optionCode: string;
  communityCode: string;
  plannedYear: number;
  status: string;
  netAreaM2: number;
  version: number;
  facilityId: number | null;
}
interface CommunityPlan {
  code: string;
  requiredAreaM2: number;
  currentAreaM2: number;
  reachedAreaM2: number;
  compliantYear: number | null;
  options: { id: string; netAreaM2: number; year: number }[];
}

let planner: string;
let official: string;
let marks: { facility: number; project: number; scenario: number };
let optionStatus: { code: string; status: string }[];

beforeAll(async () => {
  await testApp();
  [planner, official] = [await loginAs('planner'), await loginAs('official')];
  const db = await testDb();
  await db.withClient(async (q) => {
    const { rows } = await q.query<{ facility: number; project: number; scenario: number }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM facility)::int AS facility, (SELECT coalesce(max(id), 0) FROM facility_project)::int AS project,
              (SELECT coalesce(max(id), 0) FROM facility_scenario)::int AS scenario`,
    );
    marks = rows[0];
    optionStatus = (await q.query<{ code: string; status: string }>('SELECT code, status FROM facility_option')).rows;
  });
});

afterAll(async () => {
  const db = await testDb();
  await db.withTransaction(async (q) => {
    await q.query('DELETE FROM facility_project WHERE id > $1 OR scenario_id > $2', [marks.project, marks.scenario]);
    await q.query('DELETE FROM facility WHERE id > $1', [marks.facility]);
    await q.query(`UPDATE facility_scenario SET status = 'solved' WHERE id <= $1 AND status = 'superseded'`, [marks.scenario]);
    await q.query('DELETE FROM facility_scenario WHERE id > $1', [marks.scenario]);
    for (const o of optionStatus) await q.query('UPDATE facility_option SET status = $2 WHERE code = $1', [o.code, o.status]);
  });
});

async function solve(body: object = {}) {
  const res = await call('POST', '/api/facility-plans', body, planner);
  expect(res.status).toBe(201);
  return res.json();
}

async function board() {
  return (await call('GET', '/api/facilities/status', undefined, planner)).json();
}

describe('approving a scenario and delivering its projects', () => {
  let scenario: { id: number; version: number; communities: CommunityPlan[] };
  let projects: Project[];
  let deliveredCommunity: string;

  it('is for officials: a planner gets 403 and a stale version 409', async () => {
    scenario = await solve();
    expect((await call('POST', `/api/facility-plans/${scenario.id}/approve`, { version: scenario.version }, planner)).status).toBe(403);
    const stale = await call('POST', `/api/facility-plans/${scenario.id}/approve`, { version: scenario.version + 1 }, official);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'stale_version', details: { currentVersion: scenario.version } });
  });

  it('previews, for officials only, every chosen option as a new project when none exists', async () => {
    expect((await call('GET', `/api/facility-plans/${scenario.id}/approve-preview`, undefined, planner)).status).toBe(403);
    const res = await call('GET', `/api/facility-plans/${scenario.id}/approve-preview`, undefined, official);
    expect(res.status).toBe(200);
    const preview = await res.json();
    const chosen = scenario.communities.flatMap((c) => c.options.map((o) => `${c.code}/${o.id}/${o.year}`));
    expect(
      preview.created.map(
        (p: { communityCode: string; optionCode: string; year: number }) => `${p.communityCode}/${p.optionCode}/${p.year}`,
      ),
    ).toEqual(chosen);
    expect(preview.kept).toEqual([]);
    expect(preview.cancelled).toEqual([]);
    expect((await call('GET', '/api/facility-plans/999999/approve-preview', undefined, official)).status).toBe(404);
  });

  it('turns every chosen option into a planned project and marks the options approved', async () => {
    const res = await call('POST', `/api/facility-plans/${scenario.id}/approve`, { version: scenario.version }, official);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.scenarioStatus).toBe('approved');
    expect(body.approvedBy).toBe('official');
    projects = body.projects;
    const chosen = scenario.communities.flatMap((c) => c.options.map((o) => `${c.code}/${o.id}/${o.year}`)).sort();
    expect(projects.map((p) => `${p.communityCode}/${p.optionCode}/${p.plannedYear}`).sort()).toEqual(chosen);
    expect(projects.every((p) => p.status === 'planned')).toBe(true);
    const options = await (await call('GET', '/api/facility-options?status=approved', undefined, planner)).json();
    expect(options.map((o: { code: string }) => o.code).sort()).toEqual(projects.map((p) => p.optionCode).sort());
    const again = await call('POST', `/api/facility-plans/${scenario.id}/approve`, { version: body.version }, official);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: 'facility.scenario.not_solved',
      params: { id: String(scenario.id), state: 'approved' },
    });
    // An option with a project is withdrawn, never deleted; the register keeps it.
    const option = await (await call('GET', `/api/facility-options/${projects[0].optionCode}`, undefined, planner)).json();
    const remove = await call('DELETE', `/api/facility-options/${option.code}?version=${option.version}`, {}, planner);
    expect(remove.status).toBe(409);
    expect((await remove.json()).error).toMatchObject({ code: 'facility.option.delete_with_project', params: { code: option.code } });
    expect(await (await call('GET', `/api/facility-options/${option.code}`, undefined, planner)).json()).toEqual(option);
  });

  it('moves a project planned → in progress → delivered, and the community becomes compliant', async () => {
    // A community that one option brings up to standard.
    const plan = scenario.communities.find((c) => c.options.length === 1 && c.currentAreaM2 + c.options[0].netAreaM2 >= c.requiredAreaM2)!;
    const project = projects.find((p) => p.communityCode === plan.code)!;
    deliveredCommunity = plan.code;
    const before = (await board()).communities.find((c: { code: string }) => c.code === plan.code);
    expect(before.compliant).toBe(false);

    const skip = await call('PATCH', `/api/projects/${project.id}`, { version: project.version, status: 'delivered' }, official);
    expect(skip.status).toBe(409);
    expect((await skip.json()).error).toMatchObject({
      code: 'project.invalid_transition',
      details: { from: 'planned', allowed: ['in_progress', 'cancelled'] },
    });

    // The demo town's plan runs in 2008, so the start is given rather than today's date.
    const started = await call(
      'PATCH',
      `/api/projects/${project.id}`,
      { version: project.version, status: 'in_progress', actualStart: '2008-06-01' },
      official,
    );
    expect(started.status).toBe(200);
    const startedBody = await started.json();
    expect(startedBody.status).toBe('in_progress');

    const done = await call(
      'PATCH',
      `/api/projects/${project.id}`,
      { version: startedBody.version, status: 'delivered', deliveredAt: '2008-11-30' },
      official,
    );
    expect(done.status).toBe(200);
    const delivered = await done.json();
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: '2008-11-30', actualStart: '2008-06-01', progressPercent: 100 });
    expect(delivered.facilityId).toBeGreaterThan(marks.facility);
    expect(delivered.community.compliant).toBe(true);
    expect(delivered.community.currentAreaM2).toBeCloseTo(before.currentAreaM2 + project.netAreaM2, 6);

    const after = await board();
    expect(after.totals.compliant).toBe(7);
    expect(after.communities.find((c: { code: string }) => c.code === plan.code).compliant).toBe(true);
    const facilities = await (await call('GET', `/api/facilities?communityCode=${plan.code}`, undefined, planner)).json();
    expect(facilities.find((f: { id: number }) => f.id === delivered.facilityId).areaM2).toBeCloseTo(project.netAreaM2, 6);

    // A delivered project is final.
    expect((await call('PATCH', `/api/projects/${project.id}`, { version: delivered.version, status: 'cancelled' }, official)).status).toBe(
      409,
    );
  });

  it('a new scenario starts from the delivered space and keeps in-progress work', async () => {
    const running = projects.find((p) => p.status === 'planned' && p.communityCode !== deliveredCommunity)!;
    const current = await (await call('GET', `/api/projects/${running.id}`, undefined, planner)).json();
    expect((await call('PATCH', `/api/projects/${running.id}`, { version: current.version, status: 'in_progress' }, official)).status).toBe(
      200,
    );

    const next = await solve();
    expect(next.params.committed).toContain(running.optionCode);
    expect(next.byYear[0].compliantCount).toBeGreaterThanOrEqual(7);
    const delivered = (await (await call('GET', '/api/projects?status=delivered', undefined, planner)).json()) as Project[];
    const deliveredCodes = new Set(delivered.map((p) => p.optionCode));
    const chosen = (next.communities as CommunityPlan[]).flatMap((c) => c.options.map((o) => o.id));
    expect(chosen.some((id) => deliveredCodes.has(id))).toBe(false);
    expect(chosen).toContain(running.optionCode);

    const forbid = await call('POST', '/api/facility-plans', { forbid: [running.optionCode] }, planner);
    expect(forbid.status).toBe(400);
    expect((await forbid.json()).error.details[0]).toMatchObject({
      field: 'json.forbid.0',
      code: 'facility.field.option_in_progress',
      params: { option: running.optionCode },
    });
  });

  it('approving another scenario supersedes the first and cancels planned projects it drops', async () => {
    const planned = (await (
      await call('GET', `/api/projects?status=planned&scenarioId=${scenario.id}`, undefined, planner)
    ).json()) as Project[];
    const dropped = planned[0];
    // The planner re-solves and the official approves: whoever solves a scenario does not approve it alone.
    const alt = await (await call('POST', `/api/facility-plans/${scenario.id}/override`, { forbid: [dropped.optionCode] }, planner)).json();
    const before = (await (await call('GET', '/api/projects', undefined, planner)).json()) as Project[];
    const preview = await (await call('GET', `/api/facility-plans/${alt.id}/approve-preview`, undefined, official)).json();
    const res = await call('POST', `/api/facility-plans/${alt.id}/approve`, { version: alt.version }, official);
    expect(res.status).toBe(200);
    // The preview named exactly what approval then did.
    const after = (await (await call('GET', '/api/projects', undefined, planner)).json()) as Project[];
    const cancelledNow = after.filter((p) => p.status === 'cancelled' && before.find((b) => b.id === p.id)?.status !== 'cancelled');
    expect(preview.cancelled.map((p: { projectId: number }) => p.projectId).sort()).toEqual(cancelledNow.map((p) => p.id).sort());
    expect(preview.cancelled.map((p: { projectId: number }) => p.projectId)).toContain(dropped.id);
    const createdNow = after.filter((p) => !before.some((b) => b.id === p.id));
    expect(preview.created.map((p: { optionCode: string }) => p.optionCode).sort()).toEqual(createdNow.map((p) => p.optionCode).sort());
    const keptNow = after.filter((p) => p.scenarioId === alt.id && before.some((b) => b.id === p.id));
    expect(preview.kept.map((p: { optionCode: string }) => p.optionCode).sort()).toEqual(keptNow.map((p) => p.optionCode).sort());
    expect(keptNow.length).toBeGreaterThan(0);
    expect((await (await call('GET', `/api/facility-plans/${scenario.id}`, undefined, planner)).json()).scenarioStatus).toBe('superseded');
    const gone = await (await call('GET', `/api/projects/${dropped.id}`, undefined, planner)).json();
    expect(gone.status).toBe('cancelled');
    expect((await (await call('GET', `/api/facility-options/${dropped.optionCode}`, undefined, planner)).json()).status).toBe('candidate');
    const live = (await (await call('GET', '/api/projects', undefined, planner)).json()) as Project[];
    const open = live.filter((p) => p.status !== 'cancelled' && p.status !== 'delivered');
    expect(new Set(open.map((p) => p.optionCode)).size).toBe(open.length);
  });

  it('keeps a cancelled project listed with its reason and the day it was cancelled', async () => {
    const planned = (await (await call('GET', '/api/projects?status=planned', undefined, planner)).json()) as Project[];
    const project = planned[0];
    const long = await call(
      'PATCH',
      `/api/projects/${project.id}`,
      { version: project.version, status: 'cancelled', reason: '长'.repeat(201) },
      official,
    );
    expect(long.status).toBe(400);
    expect((await long.json()).error.details[0].field).toBe('json.reason');
    const res = await call(
      'PATCH',
      `/api/projects/${project.id}`,
      { version: project.version, status: 'cancelled', reason: ' 地块被收回 ' },
      official,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', cancelReason: '地块被收回', cancelledAt: dateIn('Asia/Shanghai') });
    const listed = (await (
      await call('GET', `/api/projects?communityCode=${project.communityCode}`, undefined, planner)
    ).json()) as Project[];
    expect(listed.find((p) => p.id === project.id)).toMatchObject({ status: 'cancelled', cancelReason: '地块被收回' });
  });

  it('answers 404 for an unknown project and 400 for a bad status', async () => {
    expect((await call('GET', '/api/projects/999999', undefined, planner)).status).toBe(404);
    const bad = await call('PATCH', `/api/projects/${projects[0].id}`, { version: 1, status: 'finished' }, official);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].field).toBe('json.status');
  });
});
