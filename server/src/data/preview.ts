/**
 * A dry run's map preview: the records as they would be stored (after the coordinate transform),
 * simplified, at most MAX_PREVIEW_FEATURES of them, the ones with problems first so every problem
 * the report lists can be found on the map. A geometry too broken to store is shown by the point
 * where PostGIS located its fault.
 */
import { MAX_PREVIEW_FEATURES, type ImportPreview, type PreviewFeature } from '../contract/io';
import type { Db } from '../db/pool';
import { simplifiedGeoJson } from '../db/io';
import { runImport, type ImportOptions } from './import';
import type { ImportReport, RecordRef } from './types';
import type { ValidRow } from './validate';

const refKey = (r: { feature?: number; row?: number }) => (r.feature !== undefined ? `f${r.feature}` : `r${r.row}`);
const refProps = (ref: RecordRef) => ('feature' in ref ? { feature: ref.feature } : { row: ref.row });

/** runImport, and for a dry run asked with `preview` the report's map preview. */
export async function runImportWithPreview(db: Db, bytes: Uint8Array, opts: ImportOptions & { preview: boolean }): Promise<ImportReport> {
  if (!opts.preview || !opts.dryRun) return runImport(db, bytes, opts);
  let rows: ValidRow[] = [];
  const report = await runImport(db, bytes, { ...opts, onValidated: (v) => (rows = v.rows) });
  return { ...report, preview: await buildPreview(db, rows, report) };
}

export async function buildPreview(db: Db, rows: ValidRow[], report: ImportReport): Promise<ImportPreview> {
  const withProblem = new Set(report.problems.filter((p) => p.feature !== undefined || p.row !== undefined).map(refKey));
  const stored = rows.filter((r) => r.ewkb !== null);
  const storedKeys = new Set(stored.map((r) => refKey(refProps(r.ref))));
  // problems located at a point on a geometry that could not be stored (one point per record)
  const located = new Map<string, PreviewFeature>();
  for (const p of report.problems) {
    const key = refKey(p);
    if (!p.location || storedKeys.has(key) || located.has(key)) continue;
    const where = p.feature !== undefined ? { feature: p.feature } : { row: p.row };
    located.set(key, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: p.location },
      properties: { ...where, problem: true, located: true },
    });
  }
  const problemFirst = [
    ...stored.filter((r) => withProblem.has(refKey(refProps(r.ref)))),
    ...stored.filter((r) => !withProblem.has(refKey(refProps(r.ref)))),
  ];
  const locatedFeatures = [...located.values()].slice(0, MAX_PREVIEW_FEATURES);
  const chosen = problemFirst.slice(0, MAX_PREVIEW_FEATURES - locatedFeatures.length);
  const geometries = chosen.length
    ? await db.withClient((c) =>
        simplifiedGeoJson(
          c,
          chosen.map((r) => r.ewkb!),
        ),
      )
    : [];
  const features: PreviewFeature[] = chosen.map((r, i) => {
    const where = refProps(r.ref);
    return { type: 'Feature', geometry: geometries[i], properties: { ...where, problem: withProblem.has(refKey(where)) } };
  });
  return { type: 'FeatureCollection', features: [...locatedFeatures, ...features], total: stored.length + located.size };
}
