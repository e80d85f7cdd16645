import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';

const dir = mkdtempSync(path.join(tmpdir(), 'print-'));
/** The printed pages, kept to be looked at beside the browser tests' screenshots. */
const shots = process.env.GRIDPLAN_SHOTS ?? path.resolve(import.meta.dirname, '../e2e/screenshots');
mkdirSync(shots, { recursive: true });
let community: { code: string; name: string };
let cells: { label: string; workers: string[] }[];

async function download(query: string, cookie?: string): Promise<Response> {
  return call('GET', `/api/communities/${community.code}/print${query}`, undefined, cookie ?? (await loginAs('official')));
}
/** PNG width and height from its IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

beforeAll(async () => {
  const db = await testDb();
  const q = <R>(sql: string, params: unknown[] = []) => db.withClient((c) => c.query<R>(sql, params)).then((r) => r.rows);
  [community] = await q<{ code: string; name: string }>(
    `SELECT m.code, m.name FROM community m JOIN grid_plan p ON p.community_code = m.code AND p.status = 'published' ORDER BY m.code LIMIT 1`,
  );
  cells = await q<{ label: string; workers: string[] }>(
    `SELECT g.label, coalesce(array_agg(pe.name) FILTER (WHERE pe.id IS NOT NULL), '{}') AS workers
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published'
       LEFT JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')
       LEFT JOIN person pe ON pe.id = a.person_id
      WHERE p.community_code = $1 AND g.valid_to IS NULL GROUP BY g.id, g.label`,
    [community.code],
  );
});

describe('GET /api/communities/{code}/print', () => {
  it('prints an A4 landscape PDF with the title, every cell label and grid worker, and the date', async () => {
    const res = await download('?format=pdf&size=A4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`grid-map-${community.code}-A4.pdf`);
    const file = path.join(dir, 'a4.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+842 x 595 pts/);
    const words = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    expect(words).toContain(`${community.name}网格划分图`);
    expect(words).toMatch(/生成日期：\d{4}-\d{2}-\d{2}/);
    expect(words).toContain('图例');
    expect(words).toContain('北');
    for (const cell of cells) {
      expect(words).toContain(cell.label);
      for (const worker of cell.workers) expect(words).toContain(worker);
    }
    // Rendered the way a printer would: the map is drawn, not an empty page.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.join(dir, 'a4')]);
    const png = readFileSync(path.join(dir, 'a4.png'));
    expect(pngSize(png)).toEqual([702, 496]); // 842 × 595 pt at 60 dpi
    writeFileSync(path.join(shots, 'print-a4-pdf.png'), png);
  });

  it('prints A3 when asked', async () => {
    const res = await download('?format=pdf&size=A3');
    const file = path.join(dir, 'a3.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+1191 x 842 pts/);
  });

  it('gives a 150 dpi PNG of the same page', async () => {
    const res = await download('?format=png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngSize(png)).toEqual([1754, 1239]); // 842 pt at 150 dpi wide, 595 / 842 of that high
    writeFileSync(path.join(shots, 'print-a4.png'), png);
  });

  it('answers 404 for an unknown community, 400 naming the format, and 401 without sign-in', async () => {
    const missing = await call('GET', '/api/communities/999999999999/print', undefined, await loginAs('official'));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('community.not_found');
    const bad = await download('?format=gif');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toContainEqual(expect.objectContaining({ field: 'query.format' }));
    expect((await call('GET', `/api/communities/${community.code}/print`)).status).toBe(401);
  });
});
