/** Reads a GeoJSON FeatureCollection (or a single Feature, or a bare array of Features) into records numbered by feature index. */
import type { Geometry } from 'geojson';
import { findUnsafeText, unsafeTextError } from '../domain/text/unsafe';
import { problem, type ParsedFile, type ParsedRecord, type Problem } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `crs` member of old-style (2008) GeoJSON, which QGIS still writes for non-WGS84 files. */
function declaredCrs(doc: Record<string, unknown>): string | undefined {
  const crs = doc.crs;
  if (!isObject(crs) || !isObject(crs.properties)) return undefined;
  const name = crs.properties.name;
  return typeof name === 'string' ? name : undefined;
}

export function parseGeoJson(text: string): { file?: ParsedFile; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { problems: [problem('import.not_json', { detail: (err as Error).message })] };
  }
  // A bare array of Features is how DataV GeoAtlas serves a county's boundary.
  if (Array.isArray(doc)) doc = { type: 'FeatureCollection', features: doc };
  if (!isObject(doc)) return { problems: [problem('import.not_object')] };
  const features =
    doc.type === 'Feature' ? [doc] : doc.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : undefined;
  if (!features) return { problems: [problem('import.not_feature_collection')] };
  const problems: Problem[] = [];
  const records: ParsedRecord[] = [];
  const columns = new Set<string>();
  features.forEach((f: unknown, feature) => {
    if (!isObject(f) || f.type !== 'Feature') {
      problems.push({ feature, ...problem('import.not_feature') });
      return;
    }
    const props = f.properties === null || f.properties === undefined ? {} : f.properties;
    if (!isObject(props)) {
      problems.push({ feature, ...problem('import.properties_not_object', {}, 'properties') });
      return;
    }
    const unsafe = findUnsafeText(props, `feature ${feature}`);
    if (unsafe) throw unsafeTextError(unsafe.field, unsafe.problem);
    for (const k of Object.keys(props)) columns.add(k);
    const g = f.geometry;
    if (g !== null && g !== undefined && (!isObject(g) || typeof g.type !== 'string')) {
      records.push({
        ref: { feature },
        props,
        geometry: null,
        geometryError: { ...problem('import.geometry_not_object'), field: 'geometry' },
      });
      return;
    }
    records.push({ ref: { feature }, props, geometry: (g ?? null) as Geometry | null });
  });
  return { file: { records, columns: [...columns], declaredCrs: declaredCrs(doc), notes: [] }, problems };
}
