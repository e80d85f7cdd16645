/**
 * Imports in the background (POST /api/import/jobs/{layer}, GET /api/import/jobs/{id}), the
 * column mapping, the dry run's map preview and the file inspection the import screen starts from.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';
import { failJobsLeftRunning, settleImportJobs } from '../../server/src/data/import-job';
import { IMPORT_JOB_STAGES, type ImportJob, type ImportReport } from '../../server/src/contract/io';
import { loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100006';
const SAMPLE_CODES = ['32101210000690001', '32101210000690002', '32101210000690003'];
const sample = (name: string) => readFileSync(new URL(`../../data/samples/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`../fixtures/divisions/${name}`, import.meta.url));

let db: Db;
beforeAll(async () => {
  await testApp();
  db = await testDb();
});
afterAll(async () => {
  await settleImportJobs();
  await db.withTransaction(async (c) => {
    await c.query('DELETE FROM building WHERE code = ANY($1)', [[...SAMPLE_CODES, '32101210000690077']]);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'jobs-test%'`);
    await c.query(`DELETE FROM import_job WHERE file_name LIKE 'jobs-test%'`);
    await rebuildAtoms(c, COMMUNITY);
  });
});

async function post(path: string, body: BodyInit, contentType: string, cookie: string): Promise<Response> {
  return (await testApp()).request(path, { method: 'POST', headers: { 'Content-Type': contentType, Cookie: cookie }, body });
}
async function getJob(id: number, cookie: string): Promise<Response> {
  return (await testApp()).request(`/api/import/jobs/${id}`, { headers: { Cookie: cookie } });
}

/** Polls until the job has finished, keeping every answer seen on the way. */
async function pollToEnd(id: number, cookie: string): Promise<ImportJob[]> {
  const seen: ImportJob[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await getJob(id, cookie);
    expect(res.status).toBe(200);
    const { job } = (await res.json()) as { job: ImportJob };
    seen.push(job);
    if (job.state === 'done' || job.state === 'failed') return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${id} did not finish`);
}

/** A job's place in the import: stage, then count within it. */
const position = (j: ImportJob) => [j.stage === null ? -1 : IMPORT_JOB_STAGES.indexOf(j.stage), j.done] as const;

describe('POST /api/import/jobs/{layer}', () => {
  it("answers 202 with a queued job, runs it to done, and its report is the synchronous route's", async () => {
    const planner = await loginAs('planner');
    const sync = await post(
      '/api/import/buildings?dryRun=true&name=jobs-test-sync.geojson',
      sample('buildings.geojson'),
      'application/geo+json',
      planner,
    );
    expect(sync.status).toBe(200);
    const syncReport = (await sync.json()) as ImportReport;

    const res = await post(
      '/api/import/jobs/buildings?dryRun=true&name=jobs-test-sync.geojson',
      sample('buildings.geojson'),
      'application/geo+json',
      planner,
    );
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: ImportJob };
    expect(job).toMatchObject({
      layer: 'buildings',
      fileName: 'jobs-test-sync.geojson',
      dryRun: true,
      state: 'queued',
      stage: null,
      report: null,
      error: null,
      finishedAt: null,
    });
    const seen = await pollToEnd(job.id, planner);
    const last = seen.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.error).toBeNull();
    expect(last.finishedAt).not.toBeNull();
    expect(last.report).toEqual(syncReport);
    expect(last.report!.counts).toEqual({ records: 3, inserted: 3, updated: 0, unchanged: 0 });
    // a dry run wrote nothing
    const { rows } = await db.withClient((c) =>
      c.query<{ n: number }>('SELECT count(*)::int AS n FROM building WHERE code = ANY($1)', [SAMPLE_CODES]),
    );
    expect(rows[0].n).toBe(0);
  });

  it('moves queued → running → done, its progress never going back, and writes the file when not a dry run', async () => {
    const planner = await loginAs('planner');
    const res = await post(
      '/api/import/jobs/buildings?name=jobs-test-write.geojson',
      sample('buildings.geojson'),
      'application/geo+json',
      planner,
    );
    expect(res.status).toBe(202);
    const first = ((await res.json()) as { job: ImportJob }).job;
    const seen = [first, ...(await pollToEnd(first.id, planner))];
    const states = seen.map((j) => j.state);
    const order = ['queued', 'running', 'done'];
    for (let i = 1; i < states.length; i++) expect(order.indexOf(states[i])).toBeGreaterThanOrEqual(order.indexOf(states[i - 1]));
    expect(states.at(-1)).toBe('done');
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [position(seen[i - 1]), position(seen[i])];
      expect(b[0] > a[0] || (b[0] === a[0] && b[1] >= a[1]), `progress went back: ${JSON.stringify(seen.map(position))}`).toBe(true);
    }
    const last = seen.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.report!.counts).toEqual({ records: 3, inserted: 3, updated: 0, unchanged: 0 });
    const { rows } = await db.withClient((c) =>
      c.query<{ n: number }>('SELECT count(*)::int AS n FROM building WHERE code = ANY($1)', [SAMPLE_CODES]),
    );
    expect(rows[0].n).toBe(3);
    // the finished job is read back from its row the same way
    const again = ((await (await getJob(first.id, planner)).json()) as { job: ImportJob }).job;
    expect(again).toMatchObject({ state: 'done', done: last.total, report: last.report });
  });

  it('ends failed with the report of every problem, as the synchronous route refuses the file', async () => {
    const planner = await loginAs('planner');
    const file = fixture('jiangdu-community.geojson');
    const sync = await post('/api/import/communities?crs=EPSG:4549&dryRun=true', file, 'application/geo+json', planner);
    expect(sync.status).toBe(400);
    const refused = (await sync.json()).error.details as ImportReport;
    const res = await post(
      '/api/import/jobs/communities?crs=EPSG:4549&dryRun=true&name=jobs-test-fail.geojson',
      file,
      'application/geo+json',
      planner,
    );
    const { job } = (await res.json()) as { job: ImportJob };
    const last = (await pollToEnd(job.id, planner)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error).toEqual({ code: 'import.failed', params: { count: refused.problemsTotal } });
    expect(last.report).toEqual({ ...refused, fileName: 'jobs-test-fail.geojson' });
    expect(last.report!.problems[0]).toMatchObject({ feature: 0, code: 'import.outside_china' });
  });

  it("answers 404 for another user's job, and shows it to an admin", async () => {
    const planner = await loginAs('planner');
    const res = await post(
      '/api/import/jobs/buildings?dryRun=true&name=jobs-test-owner.geojson',
      sample('buildings.geojson'),
      'application/geo+json',
      planner,
    );
    const { job } = (await res.json()) as { job: ImportJob };
    await pollToEnd(job.id, planner);
    const other = await getJob(job.id, await loginAs('admin'));
    expect(other.status).toBe(200);
    const { rows } = await db.withClient((c) =>
      c.query<{ id: number }>(
        `INSERT INTO import_job (username, layer, file_name, dry_run, state) VALUES ('admin', 'buildings', 'jobs-test-admin.csv', true, 'done') RETURNING id::int AS id`,
      ),
    );
    const refused = await getJob(rows[0].id, planner);
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('import.job_not_found');
    expect((await getJob(999_999_999, planner)).status).toBe(404);
  });

  it('refuses a bad request before a job exists: no format, an empty body, a column mapped to no field', async () => {
    const planner = await loginAs('planner');
    const count = async () => (await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM import_job'))).rows[0].n;
    const before = await count();
    const noFormat = await post('/api/import/jobs/buildings', sample('buildings.geojson'), 'application/octet-stream', planner);
    expect(noFormat.status).toBe(400);
    expect((await noFormat.json()).error.code).toBe('import.format_unknown');
    const empty = await post('/api/import/jobs/buildings', new Uint8Array(), 'application/geo+json', planner);
    expect((await empty.json()).error.code).toBe('import.body_empty');
    const columns = encodeURIComponent(JSON.stringify({ 户数: 'households', 栋号: 'no_such_field' }));
    const bad = await post(`/api/import/jobs/buildings?columns=${columns}`, sample('buildings.geojson'), 'application/geo+json', planner);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.details).toEqual([expect.objectContaining({ field: 'query.columns.栋号', code: 'import.columns_unknown_field' })]);
    expect(await count()).toBe(before);
  });

  it('marks failed, at start, a job a stopped server left running', async () => {
    const planner = await loginAs('planner');
    const { rows } = await db.withClient((c) =>
      c.query<{ id: number }>(
        `INSERT INTO import_job (username, layer, file_name, dry_run, state, stage, updated_at)
         VALUES ('planner', 'buildings', 'jobs-test-crashed.geojson', false, 'running', 'write', now() - interval '10 minutes') RETURNING id::int AS id`,
      ),
    );
    const finished = await db.withClient((c) =>
      c.query<{ id: number; file_name: string }>(
        `INSERT INTO import_job (username, layer, file_name, dry_run, state, finished_at)
         VALUES ('planner', 'buildings', 'jobs-test-old.geojson', true, 'done', now() - interval '31 days'),
                ('planner', 'buildings', 'jobs-test-recent.geojson', true, 'done', now() - interval '29 days')
         RETURNING id::int AS id, file_name`,
      ),
    );
    expect(await failJobsLeftRunning(db)).toBeGreaterThanOrEqual(1);
    // finished jobs are kept 30 days
    const [old, recent] = finished.rows;
    expect((await getJob(old.id, planner)).status).toBe(404);
    expect((await getJob(recent.id, planner)).status).toBe(200);
    const { job } = (await (await getJob(rows[0].id, planner)).json()) as { job: ImportJob };
    expect(job).toMatchObject({ state: 'failed', error: { code: 'import.job_abandoned', params: {} }, report: null });
    expect(job.finishedAt).not.toBeNull();
  });
});

describe('column mapping (?columns=)', () => {
  const csv = (header: string) =>
    `${header}\n32101210000690077,映射楼,,6,24,"POLYGON((119.5296 32.4392,119.5298 32.4392,119.5298 32.4393,119.5296 32.4393,119.5296 32.4392))"\n`;

  it('reads a header the aliases miss when the user maps it, and names it when not', async () => {
    const planner = await loginAs('planner');
    const file = csv('楼栋编号,楼名,地址,层数,户数,wkt');
    const unmapped = await post('/api/import/buildings?dryRun=true', file, 'text/csv', planner);
    expect(unmapped.status).toBe(200);
    const notes = ((await unmapped.json()) as ImportReport).notes;
    expect(notes).toContainEqual(
      expect.objectContaining({ code: 'import.note.ignored_columns', params: { layer: 'buildings', columns: ['楼栋编号', '楼名'] } }),
    );

    const columns = encodeURIComponent(JSON.stringify({ 楼栋编号: 'code', 楼名: 'name', 地址: '' }));
    const mapped = await post(`/api/import/buildings?dryRun=true&columns=${columns}`, file, 'text/csv', planner);
    expect(mapped.status).toBe(200);
    const report = (await mapped.json()) as ImportReport;
    expect(report.counts).toEqual({ records: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect(report.notes).toContainEqual(
      expect.objectContaining({ code: 'import.note.ignored_columns', params: { layer: 'buildings', columns: ['地址'] } }),
    );
    expect(report.notes.some((n) => n.code === 'import.note.codes_assigned')).toBe(false);
  });

  it('names a mapped column the file lacks, and two columns mapped to one field', async () => {
    const planner = await loginAs('planner');
    const absent = encodeURIComponent(JSON.stringify({ 楼栋编号: 'code', 幢号: 'name' }));
    const res = await post(
      `/api/import/buildings?dryRun=true&columns=${absent}`,
      csv('楼栋编号,楼名,地址,层数,户数,wkt'),
      'text/csv',
      planner,
    );
    expect(res.status).toBe(400);
    const report = (await res.json()).error.details as ImportReport;
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'import.mapped_column_absent', field: '幢号' }));
    const twice = encodeURIComponent(JSON.stringify({ 楼栋编号: 'code', 楼名: 'code' }));
    const refused = await post(`/api/import/buildings?columns=${twice}`, csv('楼栋编号,楼名,地址,层数,户数,wkt'), 'text/csv', planner);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details).toEqual([
      expect.objectContaining({ field: 'query.columns.楼名', code: 'import.columns_field_twice' }),
    ]);
    const notJson = await post('/api/import/buildings?columns=%7Bcode', csv('楼栋编号,楼名,地址,层数,户数,wkt'), 'text/csv', planner);
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.details).toEqual([
      expect.objectContaining({ field: 'query.columns', code: 'import.columns_not_json' }),
    ]);
  });
});

describe('dry run preview (?preview=true)', () => {
  it('returns every record as it would be stored, the ones with problems marked', async () => {
    const planner = await loginAs('planner');
    const doc = JSON.parse(sample('buildings.geojson').toString());
    doc.features[1].properties.households = -5;
    const res = await post('/api/import/buildings?dryRun=true&preview=true', JSON.stringify(doc), 'application/geo+json', planner);
    expect(res.status).toBe(400);
    const report = (await res.json()).error.details as ImportReport;
    const preview = report.preview!;
    expect(preview.total).toBe(3);
    expect(preview.features).toHaveLength(3);
    // the problem feature comes first, and only it is marked
    expect(preview.features.map((f) => [f.properties.feature, f.properties.problem])).toEqual([
      [1, true],
      [0, false],
      [2, false],
    ]);
    // the first sample building's outline, unchanged (WGS84 in, WGS84 out, 4 corners survive simplification)
    const ring = (preview.features[1].geometry.coordinates as number[][][])[0];
    expect(ring).toHaveLength(5);
    expect(ring).toEqual(
      expect.arrayContaining([
        [119.5296, 32.4388],
        [119.5298, 32.4389],
      ]),
    );
  });

  it('lands a projected file where it belongs, and is absent without preview=true', async () => {
    const planner = await loginAs('planner');
    const file = fixture('jiangdu-community-epsg4549.geojson');
    const res = await post('/api/import/communities?dryRun=true&preview=true&crs=EPSG:4549', file, 'application/geo+json', planner);
    const body = await res.json();
    const report = (res.status === 200 ? body : body.error.details) as ImportReport;
    const [feature] = report.preview!.features;
    const points: number[][] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') points.push(c as number[]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    walk(feature.geometry.coordinates);
    expect(points.length).toBeGreaterThan(3);
    // Jiangdu's town seat, around 119.55 E, 32.43 N (PRODUCT §6)
    for (const [lng, lat] of points) {
      expect(lng).toBeGreaterThan(119.4);
      expect(lng).toBeLessThan(119.7);
      expect(lat).toBeGreaterThan(32.3);
      expect(lat).toBeLessThan(32.6);
    }
    const plain = await post('/api/import/communities?dryRun=true&crs=EPSG:4549', file, 'application/geo+json', planner);
    const plainBody = await plain.json();
    expect((plain.status === 200 ? plainBody : plainBody.error.details).preview).toBeUndefined();
  });
});

describe('POST /api/import/inspect', () => {
  it('ranks divisions first for a DataV county file and reads its coordinates as longitude/latitude', async () => {
    const res = await post('/api/import/inspect', fixture('310115.json'), 'application/json', await loginAs('planner'));
    expect(res.status).toBe(200);
    const file = await res.json();
    expect(file.layers[0].layer).toBe('divisions');
    expect(file.layers[0].fields.adcode).toBe('code');
    expect(file.crsGuess.crs).toBe('wgs84');
    expect(file.crsGuess.reason.code).toBe('import.crs_guess.lnglat');
  });

  it('takes Gauss-Kruger metres without a zone number for the zone of this installation (Jiangdu: CM 120E, EPSG:4549)', async () => {
    const doc = JSON.parse(fixture('jiangdu-community-epsg4549.geojson').toString());
    delete doc.features[0].geometry.crs;
    const res = await post('/api/import/inspect', JSON.stringify(doc), 'application/geo+json', await loginAs('planner'));
    const file = await res.json();
    expect(file.crsGuess).toMatchObject({
      crs: 'EPSG:4549',
      reason: { code: 'import.crs_guess.gk_cm', params: { zone: 40, meridian: 120 } },
    });
    expect(file.layers[0].layer).toBe('communities');
  });

  it('reads the zone from eastings that carry it (zone 39 → EPSG:4527), and a Chinese CSV header through the aliases', async () => {
    const csv = '楼幢代码,户数,层数,wkt\n32101210000690078,24,6,"POINT(39500000 3590000)"\n';
    const res = await post('/api/import/inspect', csv, 'text/csv', await loginAs('planner'));
    const file = await res.json();
    expect(file.crsGuess).toMatchObject({ crs: 'EPSG:4527', reason: { params: { zone: 39 } } });
    const buildings = file.layers.find((l: { layer: string }) => l.layer === 'buildings');
    expect(buildings.fields).toEqual({ 楼幢代码: 'code', 户数: 'households', 层数: 'floors' });
    expect(file.layers[0].layer).toBe('buildings');
  });
});
