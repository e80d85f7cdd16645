/** Reads a GeoJSON FeatureCollection (or a single Feature) into records numbered by feature index. */
import type { Geometry } from 'geojson';
import type { ParsedFile, ParsedRecord, Problem } from './types';

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
    return { problems: [{ code: 'file', message: `Not valid JSON: ${(err as Error).message}` }] };
  }
  if (!isObject(doc)) return { problems: [{ code: 'file', message: 'GeoJSON must be an object' }] };
  const features = doc.type === 'Feature' ? [doc] : doc.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : undefined;
  if (!features) return { problems: [{ code: 'file', message: 'GeoJSON must be a FeatureCollection with a features array' }] };
  const problems: Problem[] = [];
  const records: ParsedRecord[] = [];
  const columns = new Set<string>();
  features.forEach((f: unknown, feature) => {
    if (!isObject(f) || f.type !== 'Feature') {
      problems.push({ feature, code: 'file', message: 'is not a GeoJSON Feature' });
      return;
    }
    const props = f.properties === null || f.properties === undefined ? {} : f.properties;
    if (!isObject(props)) {
      problems.push({ feature, field: 'properties', code: 'file', message: 'properties must be an object' });
      return;
    }
    for (const k of Object.keys(props)) columns.add(k);
    const g = f.geometry;
    if (g !== null && g !== undefined && (!isObject(g) || typeof g.type !== 'string')) {
      records.push({ ref: { feature }, props, geometry: null, geometryError: { field: 'geometry', message: 'geometry is not a GeoJSON geometry object' } });
      return;
    }
    records.push({ ref: { feature }, props, geometry: (g ?? null) as Geometry | null });
  });
  return { file: { records, columns: [...columns], declaredCrs: declaredCrs(doc), notes: [] }, problems };
}
