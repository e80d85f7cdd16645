import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportInspection, ImportJob } from '../../server/src/contract/io';
import { IMPORT_JOB_STAGES } from '../../server/src/contract/io';
import { jobPercent } from '../../web/src/lib/import/progress';
import { formatOf } from '../../web/src/lib/import/format';
import { hasSavedMapping, initialMapping, saveMapping } from '../../web/src/lib/import/mapping';

describe('jobPercent', () => {
  it('starts at 0, never goes back through the stages and ends at 100 either way', () => {
    const job = (state: ImportJob['state'], stage: ImportJob['stage'], done: number, total: number) => ({ state, stage, done, total });
    expect(jobPercent(job('queued', null, 0, 0))).toBe(0);
    const walk = IMPORT_JOB_STAGES.flatMap((stage) => [0, 1, 5, 10].map((done) => jobPercent(job('running', stage, done, 10))));
    for (let i = 1; i < walk.length; i++) expect(walk[i]).toBeGreaterThanOrEqual(walk[i - 1]);
    expect(walk.at(-1)).toBeLessThanOrEqual(100);
    // a stage that reports no total yet counts as its start
    expect(jobPercent(job('running', 'write', 0, 0))).toBe(jobPercent(job('running', 'write', 0, 10)));
    expect(jobPercent(job('done', 'atoms', 1, 1))).toBe(100);
    expect(jobPercent(job('failed', 'validate', 3, 10))).toBe(100);
  });
});

describe('column mapping remembered per set of headers', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
  });

  const inspection = (columns: string[]): ImportInspection => ({
    format: 'csv',
    records: 1,
    columns,
    geometryTypes: ['Polygon'],
    extent: null,
    declaredCrs: null,
    crsGuess: null,
    layers: [
      {
        layer: 'buildings',
        geometryFits: true,
        recognised: 1,
        fields: Object.fromEntries(columns.map((c) => [c, c === '户数' ? 'households' : null])),
        choices: [
          { field: 'code', required: false },
          { field: 'households', required: false },
          { field: 'name', required: false },
        ],
      },
    ],
  });

  it("starts from what the layer's names recognise, then from the user's last choice for the same headers in any order", () => {
    const first = inspection(['楼栋编号', '户数', '备注']);
    expect(initialMapping(first, 'buildings')).toEqual({ 楼栋编号: '', 户数: 'households', 备注: '' });
    expect(hasSavedMapping('buildings', first.columns)).toBe(false);
    saveMapping('buildings', { 楼栋编号: 'code', 户数: 'households', 备注: '' });
    const again = inspection(['备注', '楼栋编号', '户数']);
    expect(hasSavedMapping('buildings', again.columns)).toBe(true);
    expect(initialMapping(again, 'buildings')).toEqual({ 备注: '', 楼栋编号: 'code', 户数: 'households' });
    // another set of headers, or another layer, starts afresh
    expect(initialMapping(inspection(['楼栋编号', '户数']), 'buildings')).toEqual({ 楼栋编号: '', 户数: 'households' });
    expect(hasSavedMapping('compounds', again.columns)).toBe(false);
  });

  it('drops a saved choice of a field the layer does not have', () => {
    saveMapping('buildings', { 楼栋编号: 'no_longer_a_field', 户数: 'households' });
    expect(initialMapping(inspection(['楼栋编号', '户数']), 'buildings')).toEqual({ 楼栋编号: '', 户数: 'households' });
  });
});

describe('formatOf', () => {
  it('sends each file the server can read under its own format, by file name', () => {
    expect(formatOf('测绘楼栋.zip')).toBe('shapefile');
    expect(formatOf('buildings.GPKG')).toBe('gpkg');
    expect(formatOf('register.csv')).toBe('csv');
    expect(formatOf('310115.json')).toBe('geojson');
  });
});
