// Separation of duties: who submitted a grid plan cannot approve it; who solved a facility
// scenario cannot approve it alone unless approval.allowSelfApproval is on. Both audited. And a
// publish retried with the version it was published from gets the same answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { cleanUpDrafts, communityWithValidPublishedPlan, draftFrom, json, official, type PlanAnswer } from './grid-plans-helpers';

const admin = () => loginAs('admin');

async function step(plan: { id: number; version: number }, action: string, who: string, version = plan.version): Promise<Response> {
  return call('POST', `/api/grid-plans/${plan.id}/${action}`, { version }, who);
}
async function ok(res: Response): Promise<PlanAnswer & Record<string, unknown>> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json(res);
}
async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return (await (await testDb()).withClient((q) => q.query<T>(sql, params))).rows;
}

let community: string;

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
});
afterAll(cleanUpDrafts);

describe('grid plans: submit → approve → publish', () => {
  it('refuses approval by whoever submitted the plan (403), changes nothing and audits the refusal', async () => {
    const submitted = await ok(await step(await draftFrom(community, 'published'), 'submit', await admin()));
    const res = await step(submitted, 'approve', await admin());
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'grid.plan.self_approval', params: { id: submitted.id, username: 'admin' } });
    const after = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${submitted.id}`, undefined, await admin()));
    expect({ status: after.status, version: after.version }).toEqual({ status: 'submitted', version: submitted.version });
    const audited = await rows<{ username: string; after: { code: string } }>(
      "SELECT username, after FROM audit_log WHERE entity = 'grid_plan' AND entity_id = $1 AND action = 'grid_plan.approve_refused'",
      [String(submitted.id)],
    );
    expect(audited).toEqual([{ username: 'admin', after: expect.objectContaining({ code: 'grid.plan.self_approval' }) }]);
  });

  it('lets someone else approve, audited with who submitted; a retried publish answers the same report, a stale one 409', async () => {
    const submitted = await ok(await step(await draftFrom(community, 'published'), 'submit', await admin()));
    const approved = await ok(await step(submitted, 'approve', await official()));
    expect(approved.status).toBe('approved');
    const [approval] = await rows<{ username: string; after: { submittedBy: string } }>(
      "SELECT username, after FROM audit_log WHERE entity = 'grid_plan' AND entity_id = $1 AND action = 'grid_plan.approve'",
      [String(approved.id)],
    );
    expect(approval).toMatchObject({ username: 'official', after: { submittedBy: 'admin' } });

    const published = await ok(await step(approved, 'publish', await official()));
    expect(published.status).toBe('published');
    const auditCount = async () =>
      (
        await rows<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'grid_plan' AND entity_id = $1", [
          String(approved.id),
        ])
      )[0].n;
    const auditsBefore = await auditCount();

    // The reply was lost; the client sends the same request again.
    const retried = await ok(await step(approved, 'publish', await official()));
    expect(retried.status).toBe('published');
    expect(retried.version).toBe(published.version);
    expect(retried.publish).toEqual(published.publish);
    expect(retried.cells.map((c) => c.code)).toEqual(published.cells.map((c) => c.code));
    expect(await auditCount()).toBe(auditsBefore);

    const stale = await step(approved, 'publish', await official(), approved.version - 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'stale_version', details: { currentVersion: published.version } });
  });
});

describe('facility scenarios: solve → approve', () => {
  let marks: { project: number; scenario: number };
  let optionStatus: { code: string; status: string }[];

  beforeAll(async () => {
    [marks] = await rows<{ project: number; scenario: number }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM facility_project)::int AS project, (SELECT coalesce(max(id), 0) FROM facility_scenario)::int AS scenario`,
      [],
    );
    optionStatus = await rows<{ code: string; status: string }>('SELECT code, status FROM facility_option', []);
  });

  afterAll(async () => {
    await setSelfApproval(false);
    await (
      await testDb()
    ).withTransaction(async (q) => {
      await q.query('DELETE FROM facility_project WHERE id > $1 OR scenario_id > $2', [marks.project, marks.scenario]);
      await q.query(`UPDATE facility_scenario SET status = 'solved' WHERE id <= $1 AND status = 'superseded'`, [marks.scenario]);
      await q.query('DELETE FROM facility_scenario WHERE id > $1', [marks.scenario]);
      for (const o of optionStatus) await q.query('UPDATE facility_option SET status = $2 WHERE code = $1', [o.code, o.status]);
    });
  });

  async function setSelfApproval(value: boolean): Promise<void> {
    const settings = (await (await call('GET', '/api/settings', undefined, await admin())).json()) as {
      key: string;
      value: unknown;
      version: number;
    }[];
    const current = settings.find((s) => s.key === 'approval.allowSelfApproval');
    if (current?.value === value || (!current && !value)) return;
    const res = await call('PATCH', '/api/settings/approval.allowSelfApproval', { version: current?.version ?? 1, value }, await admin());
    expect(res.status).toBe(200);
  }

  async function solveAs(who: string): Promise<{ id: number; version: number }> {
    const res = await call('POST', '/api/facility-plans', {}, who);
    expect(res.status).toBe(201);
    return res.json();
  }
  const approve = (s: { id: number; version: number }, who: string) =>
    call('POST', `/api/facility-plans/${s.id}/approve`, { version: s.version }, who);

  it('refuses approval by whoever solved the scenario (403) while approval.allowSelfApproval is off, audited', async () => {
    const scenario = await solveAs(await official());
    const res = await approve(scenario, await official());
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: 'facility.scenario.self_approval',
      params: { id: String(scenario.id), username: 'official' },
    });
    const [row] = await rows<{ status: string; version: number }>('SELECT status, version FROM facility_scenario WHERE id = $1', [
      scenario.id,
    ]);
    expect(row).toEqual({ status: 'solved', version: scenario.version });
    expect(await rows('SELECT 1 FROM facility_project WHERE scenario_id = $1', [scenario.id])).toEqual([]);
    const audited = await rows<{ username: string; action: string }>(
      "SELECT username, action FROM audit_log WHERE entity = 'facility_scenario' AND entity_id = $1 AND action LIKE 'approve%'",
      [String(scenario.id)],
    );
    expect(audited).toEqual([{ username: 'official', action: 'approve_refused' }]);
  });

  it('lets someone else approve, audited as no self-approval', async () => {
    const scenario = await solveAs(await loginAs('planner'));
    expect((await approve(scenario, await official())).status).toBe(200);
    const [row] = await rows<{ username: string; after: { selfApproval: boolean } }>(
      "SELECT username, after FROM audit_log WHERE entity = 'facility_scenario' AND entity_id = $1 AND action = 'approve'",
      [String(scenario.id)],
    );
    expect(row).toMatchObject({ username: 'official', after: { status: 'approved', selfApproval: false } });
  });

  it('allows self-approval when the setting is on, and the audit row says so', async () => {
    await setSelfApproval(true);
    const scenario = await solveAs(await official());
    expect((await approve(scenario, await official())).status).toBe(200);
    const [row] = await rows<{ username: string; after: { selfApproval: boolean } }>(
      "SELECT username, after FROM audit_log WHERE entity = 'facility_scenario' AND entity_id = $1 AND action = 'approve'",
      [String(scenario.id)],
    );
    expect(row).toMatchObject({ username: 'official', after: { status: 'approved', selfApproval: true } });
    await setSelfApproval(false);
  });
});
