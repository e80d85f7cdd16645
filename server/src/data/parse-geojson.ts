/** Reads a GeoJSON FeatureCollection (or a single Feature, or a bare array of Features) into records numbered by feature index. */
import type { Geometry } from 'geojson';
import { findUnsafeText, unsafeTextError } from '../domain/text/unsafe';
import { problem, type ParsedFile, type ParsedRecord, type Problem } from './types';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `crs` member of old-style (2008) GeoJSON, which QGIS still writes for non-WGS84 files. */
function declaredCrs(doc: Record<string, unknown>): string | undefined {
  const crs = doc.crs;
  if (!isObject(crs) || !isObject(crs.properties)) return undefined;
  const name = crs.properties.name;
  return typeof name === 'string' ? name : undefined;
}

/** Collects features one at a time, in file order (a streaming reader hands them over as they end). */
export class FeatureReader {
  readonly problems: Problem[] = [];
  private readonly records: ParsedRecord[] = [];
  private readonly columns = new Set<string>();
  private count = 0;

  add(f: unknown): void {
    const feature = this.count++;
    if (!isObject(f) || f.type !== 'Feature') {
      this.problems.push({ feature, ...problem('import.not_feature') });
      return;
    }
    const props = f.properties === null || f.properties === undefined ? {} : f.properties;
    if (!isObject(props)) {
      this.problems.push({ feature, ...problem('import.properties_not_object', {}, 'properties') });
      return;
    }
    const unsafe = findUnsafeText(props, `feature ${feature}`);
    if (unsafe) throw unsafeTextError(unsafe.field, unsafe.problem);
    for (const k of Object.keys(props)) this.columns.add(k);
    const g = f.geometry;
    if (g !== null && g !== undefined && (!isObject(g) || typeof g.type !== 'string')) {
      this.records.push({
        ref: { feature },
        props,
        geometry: null,
        geometryError: { ...problem('import.geometry_not_object'), field: 'geometry' },
      });
      return;
    }
    this.records.push({ ref: { feature }, props, geometry: (g ?? null) as Geometry | null });
  }

  /** The file, given the document's members other than its features. */
  file(doc: Record<string, unknown>): { file: ParsedFile; problems: Problem[] } {
    return {
      file: { records: this.records, columns: [...this.columns], declaredCrs: declaredCrs(doc), notes: [] },
      problems: this.problems,
    };
  }
}

/** The features of a parsed document, or the problem that it has none. */
export function featuresOf(doc: unknown): { doc: Record<string, unknown>; features: unknown[] } | { problem: Problem } {
  // A bare array of Features is how DataV GeoAtlas serves a county's boundary.
  if (Array.isArray(doc)) doc = { type: 'FeatureCollection', features: doc };
  if (!isObject(doc)) return { problem: problem('import.not_object') };
  const features =
    doc.type === 'Feature' ? [doc] : doc.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : undefined;
  if (!features) return { problem: problem('import.not_feature_collection') };
  return { doc, features };
}

export function parseGeoJson(text: string): { file?: ParsedFile; problems: Problem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { problems: [problem('import.not_json', { detail: (err as Error).message })] };
  }
  const found = featuresOf(parsed);
  if ('problem' in found) return { problems: [found.problem] };
  const reader = new FeatureReader();
  for (const f of found.features) reader.add(f);
  return reader.file(found.doc);
}
