// The public community page (居务公开): open to anyone, and nothing personal in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

const WORKER_COMMUNITY = '321012100006';

beforeAll(async () => {
  await testApp();
  await q(`INSERT INTO community_grade (community_code, year, grade_class, grade_level) VALUES ($1, 2025, 'B', 2), ($1, 2024, 'C', 1)`, [
    WORKER_COMMUNITY,
  ]);
});

afterAll(async () => {
  await q('DELETE FROM community_grade WHERE community_code = $1 AND year IN (2024, 2025)', [WORKER_COMMUNITY]);
});

describe('GET /api/public/communities/{code}', () => {
  it('answers without a session: cells of the published plan with their grid workers, office phone, latest grade, the 2008 scorecard summary', async () => {
    const res = await call('GET', `/api/public/communities/${WORKER_COMMUNITY}`);
    expect(res.status).toBe(200);
    const page = await res.json();
    const cells = await q<{ code: string }>(
      `SELECT g.code FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published' WHERE p.community_code = $1 AND g.valid_to IS NULL ORDER BY g.code`,
      [WORKER_COMMUNITY],
    );
    expect(page.cells.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(cells.map((c) => c.code));
    const [office] = await q<{ phone: string }>('SELECT phone FROM community_office WHERE community_code = $1', [WORKER_COMMUNITY]);
    expect(page.officePhone).toBe(office.phone);
    expect(page.grade).toEqual({ year: 2025, gradeClass: 'B', gradeLevel: 2 });
    // The demo plan year is 2008 with the plan's 14 targets; the housing standard is the community's compliance.
    expect(page.scorecard).toMatchObject({ year: 2008, targetsTotal: 14 });
    expect(page.scorecard.indicators).toHaveLength(14);
    const housing = page.scorecard.indicators.find((i: { key: string }) => i.key === 'housing_standard');
    expect(housing).toEqual({
      key: 'housing_standard',
      unit: 'status',
      comparator: '=',
      target: 1,
      value: page.facility.compliant ? 1 : 0,
      met: page.facility.compliant,
    });
    const firstCell = page.cells.features[0];
    const workers = await q<{ name: string }>(
      `SELECT pe.name FROM cell_assignment a JOIN person pe ON pe.id = a.person_id JOIN grid_cell g ON g.id = a.cell_id
        JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published'
       WHERE g.code = $1 AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')`,
      [firstCell.properties.code],
    );
    expect([...firstCell.properties.gridWorkers].sort()).toEqual(workers.map((w) => w.name).sort());
  });

  it('shows no personal phone, person id or party name of the demo data, for any community', async () => {
    const phones = (await q<{ phone: string }>('SELECT phone FROM person WHERE phone IS NOT NULL')).map((r) => r.phone);
    const parties = (await q<{ name: string }>('SELECT DISTINCT unnest(parties) AS name FROM dispute')).map((r) => r.name);
    const reporterPhones = (
      await q<{ phone: string }>('SELECT DISTINCT reporter_phone AS phone FROM dispute WHERE reporter_phone IS NOT NULL')
    ).map((r) => r.phone);
    expect(phones.length).toBeGreaterThan(100);
    expect(parties.length).toBeGreaterThan(50);
    const communities = await q<{ code: string }>('SELECT code FROM community ORDER BY code');
    for (const { code } of communities) {
      const text = await (await call('GET', `/api/public/communities/${code}`)).text();
      const leaked = [...phones, ...reporterPhones, ...parties].filter((secret) => text.includes(secret));
      expect(leaked, code).toEqual([]);
      // No person record travels: no id, phone or type field of a person.
      expect(text).not.toMatch(/"(personId|phone|partyMember|birthYear|reporterPhone|parties)"/);
    }
  });

  it('answers 404 for an unknown community and 400 for a malformed code', async () => {
    const missing = await call('GET', '/api/public/communities/999999999999');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('public.community_not_found');
    expect((await call('GET', '/api/public/communities/12')).status).toBe(400);
  });
});
