import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { count, newPerson, postCsv, q, twoCommunities } from './responsibility-helpers';

let A: string;
let B: string;
let cellA: string;
let cellB: string;
let planner: string;

beforeAll(async () => {
  await testApp();
  ({ a: A, b: B, cellA, cellB } = await twoCommunities());
  planner = await loginAs('planner');
});

describe('POST /api/assignments', () => {
  it('assigns a person of the community, then refuses the duplicate with 409', async () => {
    const person = await newPerson(A);
    const res = await call('POST', '/api/assignments', { cellCode: cellA, personId: person, role: 'liaison' }, planner);
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const again = await call('POST', '/api/assignments', { cellCode: cellA, personId: person, role: 'liaison' }, planner);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: 'assignments.duplicate',
      params: { personId: person, role: 'liaison', cellCode: cellA },
    });
    const listed = await (await call('GET', `/api/assignments?cell=${cellA}`, undefined, planner)).json();
    expect(listed.some((a: { id: number }) => a.id === id)).toBe(true);
    expect((await call('DELETE', `/api/assignments/${id}`, {}, planner)).status).toBe(204);
    const ended = await call('DELETE', `/api/assignments/${id}`, {}, planner);
    expect(ended.status).toBe(409);
    expect((await ended.json()).error.code).toBe('assignments.already_ended');
    const after = await (await call('GET', `/api/assignments?cell=${cellA}`, undefined, planner)).json();
    expect(after.some((a: { id: number }) => a.id === id)).toBe(false);
  });

  it('refuses a person of another community and an unknown cell, changing nothing', async () => {
    const stranger = await newPerson(B);
    const before = await count('cell_assignment');
    const res = await call('POST', '/api/assignments', { cellCode: cellA, personId: stranger, role: 'grid_worker' }, planner);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'assignments.other_community',
      params: { personId: stranger, personCommunity: B, cellCode: cellA, cellCommunity: A },
    });
    const unknown = await call('POST', '/api/assignments', { cellCode: `${A}999`, personId: stranger, role: 'grid_worker' }, planner);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({
      code: 'assignments.unknown_cell',
      params: { cellCode: `${A}999` },
      details: { field: 'json.cellCode' },
    });
    expect(await count('cell_assignment')).toBe(before);
  });

  it('applies a batch all or nothing', async () => {
    const [p1, p2, stranger] = [await newPerson(A), await newPerson(A), await newPerson(B)];
    const before = await count('cell_assignment');
    const bad = await call(
      'POST',
      '/api/assignments/batch',
      {
        assignments: [
          { cellCode: cellA, personId: p1, role: 'grid_worker' },
          { cellCode: cellA, personId: stranger, role: 'grid_worker' },
        ],
      },
      planner,
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: 'assignments.other_community',
      details: { field: 'json.assignments.1.personId' },
    });
    expect(await count('cell_assignment')).toBe(before);
    const ok = await call(
      'POST',
      '/api/assignments/batch',
      {
        assignments: [
          { cellCode: cellA, personId: p1, role: 'volunteer' },
          { cellCode: cellA, personId: p2, role: 'volunteer' },
        ],
      },
      planner,
    );
    expect(ok.status).toBe(201);
    expect(await count('cell_assignment')).toBe(before + 2);
    for (const id of (await ok.json()).ids) await call('DELETE', `/api/assignments/${id}`, {}, planner);
  });
});

describe('POST /api/assignments/suggest', () => {
  it('proposes a worker for every cell that lacks one when free people exist, and writes nothing', async () => {
    const [target] = await q<{ community: string }>(
      `SELECT p.community_code AS community FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
        WHERE p.status = 'published' AND g.valid_to IS NULL
          AND NOT EXISTS (SELECT 1 FROM cell_assignment a WHERE a.cell_id = g.id AND a.valid_to IS NULL AND a.role = 'grid_worker')
        ORDER BY p.community_code LIMIT 1`,
    );
    expect(target).toBeDefined();
    const before = await count('cell_assignment');
    const res = await call('POST', '/api/assignments/suggest', { communityCode: target.community }, planner);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(await count('cell_assignment')).toBe(before);
    const report = await (await call('GET', `/api/coverage-report?community=${target.community}`, undefined, planner)).json();
    const lacking = report.cells.filter((c: { gridWorkers: number }) => c.gridWorkers === 0).map((c: { cellCode: string }) => c.cellCode);
    expect(lacking.length).toBeGreaterThan(0);
    if (body.candidateCount >= lacking.length) {
      for (const cell of lacking) expect(body.proposals.some((p: { cellCode: string }) => p.cellCode === cell)).toBe(true);
    }
    const short = body.notes.find((n: { code: string }) => n.code === 'suggest.cells_short');
    expect(short?.params.count ?? 0).toBe(body.unfilled.length);
    const ids = body.proposals.map((p: { personId: number }) => p.personId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of body.proposals)
      expect(['community_cadre', 'in_service_cadre', 'retiree', 'volunteer', 'resident_representative']).toContain(p.personType);
    // The planner accepts the proposal through the batch endpoint, then it is ended again.
    const applied = await call(
      'POST',
      '/api/assignments/batch',
      {
        assignments: body.proposals.map((p: { cellCode: string; personId: number }) => ({
          cellCode: p.cellCode,
          personId: p.personId,
          role: 'grid_worker',
        })),
      },
      planner,
    );
    expect(applied.status).toBe(201);
    const after = await (await call('GET', `/api/coverage-report?community=${target.community}`, undefined, planner)).json();
    expect(after.cells.filter((c: { gridWorkers: number }) => c.gridWorkers === 0).length).toBe(
      body.unfilled.filter((u: { noWorker: boolean }) => u.noWorker).length,
    );
    for (const id of (await applied.json()).ids) await call('DELETE', `/api/assignments/${id}`, {}, planner);
  });
});

describe('assignments CSV', () => {
  it('round-trips: exporting and importing the same file changes nothing', async () => {
    const exported = await call('GET', `/api/assignments/export.csv?community=${A}`, undefined, planner);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await exported.text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0].replace(/^\uFEFF/, '')).toBe('cell_code,person_id,person_name,role,valid_from');
    const res = await postCsv(`/api/assignments/import?community=${A}`, csv, planner);
    expect(res.status).toBe(200);
    const none = { count: 0, keys: [] };
    expect(await res.json()).toEqual({
      dryRun: false,
      added: none,
      changed: none,
      ended: none,
      deleted: none,
      unchanged: lines.length - 1,
    });
    expect(await (await call('GET', `/api/assignments/export.csv?community=${A}`, undefined, planner)).text()).toBe(csv);
  });

  it('ends the rows left out, adds them back, and rejects a bad file by row without changing anything', async () => {
    const csv = await (await call('GET', `/api/assignments/export.csv?community=${A}`, undefined, planner)).text();
    const lines = csv.split('\r\n');
    const shorter = [lines[0], ...lines.slice(2)].join('\r\n');
    const [cell, person, , role] = lines[1].split(',');
    const leftOut = `${cell}|${person}|${role}`;
    const unconfirmed = await postCsv(`/api/assignments/import?community=${A}`, shorter, planner);
    expect(unconfirmed.status).toBe(409);
    expect((await unconfirmed.json()).error).toMatchObject({
      code: 'csv.confirm_needed',
      details: { ended: { count: 1, keys: [leftOut] } },
    });
    expect(await (await postCsv(`/api/assignments/import?community=${A}&confirm=1`, shorter, planner)).json()).toMatchObject({
      ended: { count: 1, keys: [leftOut] },
      added: { count: 0 },
    });
    expect(await (await postCsv(`/api/assignments/import?community=${A}`, csv, planner)).json()).toMatchObject({
      ended: { count: 0 },
      added: { count: 1, keys: [leftOut] },
    });
    const open = await count('cell_assignment', 'valid_to IS NULL');
    const foreign = `${csv.trimEnd()}\r\n${cellB},1,x,grid_worker,\r\n${cellA},abc,x,boss,\r\n`;
    const bad = await postCsv(`/api/assignments/import?community=${A}`, foreign, planner);
    expect(bad.status).toBe(400);
    const problems = (await bad.json()).error.details.problems as { row: number; field?: string }[];
    const lastRow = csv.trimEnd().split('\r\n').length + 2;
    expect(problems.map((p) => p.row)).toEqual(expect.arrayContaining([lastRow]));
    expect(problems.some((p) => p.field === 'role' || p.field === 'person_id')).toBe(true);
    const onlyForeign = await postCsv(
      `/api/assignments/import?community=${A}`,
      `${csv.trimEnd()}\r\n${cellB},1,x,grid_worker,\r\n`,
      planner,
    );
    expect(onlyForeign.status).toBe(400);
    expect((await onlyForeign.json()).error.details.problems).toEqual([
      expect.objectContaining({
        row: lastRow - 1,
        field: 'cell_code',
        code: 'csv.cell_other_community',
        params: { cellCode: cellB, cellCommunity: B, communityCode: A },
      }),
    ]);
    expect(await count('cell_assignment', 'valid_to IS NULL')).toBe(open);
    const notCsv = await call('POST', `/api/assignments/import?community=${A}`, { csv }, planner);
    expect(notCsv.status).toBe(415);
    expect((await notCsv.json()).error.code).toBe('csv.not_csv');
  });
});
