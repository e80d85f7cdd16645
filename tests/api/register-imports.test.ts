/**
 * Register imports are safe to run in production: a dry run previews without writing, ends and
 * deletes need confirm=1 (the refusal carries the same preview), rows are updated in place by
 * their natural key, every delete is audited; exports write formula-like names inert.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { count, newPerson, postCsv, q, twoCommunities } from './responsibility-helpers';

let A: string;
let cellA: string;
let planner: string;

const FORMULA = '=HYPERLINK("http://example.com","点我")';
// The writer prefixes the cell with ' and quotes it (it holds quotes and a comma): RFC 4180 doubles the inner quotes.
const INERT = `"'=HYPERLINK(""http://example.com"",""点我"")"`;

// Decoded keeping the byte-order mark (Response.text() would drop it).
const exportOf = async (path: string) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await call('GET', path, undefined, planner)).arrayBuffer());
const auditRows = (entity: string, action: string, ids: number[]) =>
  q<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE entity = $1 AND action = $2 AND entity_id = ANY($3::text[])', [
    entity,
    action,
    ids.map(String),
  ]).then((r) => r[0].n);

beforeAll(async () => {
  await testApp();
  ({ a: A, cellA } = await twoCommunities());
  planner = await loginAs('planner');
});

describe('volunteer team import', () => {
  it('previews, asks for confirmation before deleting, then updates in place and audits the deletes', async () => {
    const made: number[] = [];
    for (const name of ['导入测试甲', '导入测试乙', '导入测试丙']) {
      const res = await call('POST', '/api/volunteers/teams', { communityCode: A, name, category: 'health' }, planner);
      made.push((await res.json()).id);
    }
    const csv = await exportOf(`/api/volunteers/teams/export.csv?community=${A}`);
    const teamsBefore = await count('volunteer_team', 'community_code = $1', [A]);
    // The file: 甲 dropped, 乙 moved to another category, a new team 丁; 丙 and the rest as exported.
    const lines = csv.trimEnd().split('\r\n');
    const edited = [
      ...lines.filter((l) => !l.includes('导入测试甲')).map((l) => (l.includes('导入测试乙') ? l.replace(',health,', ',environment,') : l)),
      `${A},导入测试丁,culture_sports,,,,`,
    ].join('\r\n');
    const expected = {
      added: { count: 1, keys: ['导入测试丁'] },
      changed: { count: 1, keys: ['导入测试乙'] },
      ended: { count: 0, keys: [] },
      deleted: { count: 1, keys: ['导入测试甲'] },
      unchanged: teamsBefore - 2,
    };

    const dry = await postCsv(`/api/volunteers/teams/import?community=${A}&dryRun=1`, edited, planner);
    expect(dry.status).toBe(200);
    expect(await dry.json()).toEqual({ dryRun: true, ...expected });
    expect(await exportOf(`/api/volunteers/teams/export.csv?community=${A}`)).toBe(csv);

    const unconfirmed = await postCsv(`/api/volunteers/teams/import?community=${A}`, edited, planner);
    expect(unconfirmed.status).toBe(409);
    expect((await unconfirmed.json()).error).toMatchObject({
      code: 'csv.confirm_needed',
      params: { ended: 0, deleted: 1 },
      details: { dryRun: false, ...expected },
    });
    expect(await exportOf(`/api/volunteers/teams/export.csv?community=${A}`)).toBe(csv);

    const done = await postCsv(`/api/volunteers/teams/import?community=${A}&confirm=1`, edited, planner);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ dryRun: false, ...expected });
    const ids = await q<{ id: number; name: string; category: string }>(
      "SELECT id::int AS id, name, category FROM volunteer_team WHERE community_code = $1 AND name LIKE '导入测试%' ORDER BY name",
      [A],
    );
    expect(ids.map((t) => [t.name, t.category])).toEqual([
      ['导入测试丁', 'culture_sports'],
      ['导入测试丙', 'health'],
      ['导入测试乙', 'environment'],
    ]);
    // 乙 and 丙 keep their ids; 甲's delete is audited.
    expect(ids.find((t) => t.name === '导入测试乙')!.id).toBe(made[1]);
    expect(ids.find((t) => t.name === '导入测试丙')!.id).toBe(made[2]);
    expect(await auditRows('volunteer_team', 'delete', [made[0]])).toBe(1);
    expect(await auditRows('volunteer_team', 'update', [made[1]])).toBe(1);
    for (const t of ids) await call('DELETE', `/api/volunteers/teams/${t.id}?version=${t.name === '导入测试乙' ? 2 : 1}`, {}, planner);
  });

  it('re-importing an export changes nothing and keeps every id', async () => {
    const idsBefore = await q<{ id: number }>('SELECT id::int AS id FROM volunteer_team WHERE community_code = $1 ORDER BY id', [A]);
    const csv = await exportOf(`/api/volunteers/teams/export.csv?community=${A}`);
    const res = await postCsv(`/api/volunteers/teams/import?community=${A}`, csv, planner);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      added: { count: 0 },
      changed: { count: 0 },
      deleted: { count: 0 },
      unchanged: idsBefore.length,
    });
    expect(await q('SELECT id::int AS id FROM volunteer_team WHERE community_code = $1 ORDER BY id', [A])).toEqual(idsBefore);
  });
});

describe('party organisation import', () => {
  it('re-importing an export keeps every id; deleting one needs confirm and is audited', async () => {
    const csv = await exportOf(`/api/party/orgs/export.csv?community=${A}`);
    const idsBefore = await q<{ id: number }>('SELECT id::int AS id FROM party_org WHERE community_code = $1 ORDER BY id', [A]);
    const same = await postCsv(`/api/party/orgs/import?community=${A}`, csv, planner);
    expect(same.status).toBe(200);
    expect(await q('SELECT id::int AS id FROM party_org WHERE community_code = $1 ORDER BY id', [A])).toEqual(idsBefore);

    // A leaf (an organisation no other row names as its parent) is dropped from the file.
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const parents = new Set(rows.slice(1).map((r) => r.split(',')[1]));
    const leaf = rows.slice(1).find((r) => !parents.has(r.split(',')[0]))!;
    const leafId = Number(leaf.split(',')[0]);
    const without = rows.filter((r) => r !== leaf).join('\r\n');
    const dry = await postCsv(`/api/party/orgs/import?community=${A}&dryRun=1`, without, planner);
    expect(await dry.json()).toMatchObject({ dryRun: true, deleted: { count: 1, keys: [String(leafId)] }, added: { count: 0 } });
    expect((await postCsv(`/api/party/orgs/import?community=${A}`, without, planner)).status).toBe(409);
    expect(await count('party_org', 'community_code = $1', [A])).toBe(idsBefore.length);
    const done = await postCsv(`/api/party/orgs/import?community=${A}&confirm=1`, without, planner);
    expect(done.status).toBe(200);
    expect(await count('party_org', 'id = $1', [leafId])).toBe(0);
    expect(await auditRows('party_org', 'delete', [leafId])).toBe(1);
    // The others kept their ids.
    expect(await q('SELECT id::int AS id FROM party_org WHERE community_code = $1 ORDER BY id', [A])).toEqual(
      idsBefore.filter((r) => r.id !== leafId),
    );
  });
});

describe('CSV exports neutralise formulas', () => {
  it('writes a =HYPERLINK name inert in the registers, the roster and the layer export, and reads it back as it was', async () => {
    const person = await newPerson(A, { name: FORMULA.slice(0, 60) });
    const name = FORMULA.slice(0, 60);
    const inertPerson = `"'${name.replace(/"/g, '""')}"`;
    const assignment = await (
      await call('POST', '/api/assignments', { cellCode: cellA, personId: person, role: 'liaison' }, planner)
    ).json();
    const team = await (
      await call('POST', '/api/volunteers/teams', { communityCode: A, name: FORMULA, category: 'health' }, planner)
    ).json();

    const exports = {
      assignments: await exportOf(`/api/assignments/export.csv?community=${A}`),
      roster: await exportOf(`/api/roster/export.csv?community=${A}`),
      people: await exportOf(`/api/export/people?format=csv&community=${A}`),
      teams: await exportOf(`/api/volunteers/teams/export.csv?community=${A}`),
    };
    for (const [which, text] of Object.entries(exports)) {
      expect(text.startsWith('\uFEFF'), which).toBe(true);
      expect(text, which).not.toMatch(/(^|,)=HYPERLINK/m);
    }
    expect(exports.assignments).toContain(inertPerson);
    expect(exports.roster).toContain(inertPerson);
    expect(exports.people).toContain(inertPerson);
    expect(exports.teams).toContain(INERT);

    // Re-importing the team register reads the name as it was: nothing changes.
    const again = await postCsv(`/api/volunteers/teams/import?community=${A}`, exports.teams, planner);
    expect(await again.json()).toMatchObject({ added: { count: 0 }, changed: { count: 0 }, deleted: { count: 0 } });
    expect(await q('SELECT name FROM volunteer_team WHERE id = $1', [team.id])).toEqual([{ name: FORMULA }]);

    await call('DELETE', `/api/volunteers/teams/${team.id}?version=1`, {}, planner);
    await call('DELETE', `/api/assignments/${assignment.id}`, {}, planner);
  });
});
