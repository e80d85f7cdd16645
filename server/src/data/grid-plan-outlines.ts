/**
 * Drawn outlines in a grid plan file. A cell's claim (the area it holds beyond its buildings'
 * atoms, db/grid-claims.ts) travels as the `drawn_outline` property, a GeoJSON Polygon or
 * MultiPolygon (null or absent: none), so that a re-imported plan has the same cell shapes. A file
 * written before drawn outlines travelled has no such property and imports as before.
 */
import type { Queryable } from '../db/pool';
import { drawnOutlineConflicts, invalidDrawnOutlines } from '../db/grid-plan-io';
import { type Position, checkRing } from '../domain/grid-edit/outline';
import { isObject } from './parse-geojson';
import { at, problem, type Problem } from './types';

/** The property of a cell feature that holds its drawn outline. */
export const DRAWN_OUTLINE = 'drawn_outline';

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.every((v) => typeof v === 'number');
const isRing = (r: unknown): r is Position[] => Array.isArray(r) && r.every(isPosition);

/** The polygons of a GeoJSON Polygon or MultiPolygon, or null when the value is not one. */
function polygonsOf(value: unknown): Position[][][] | null {
  if (!isObject(value) || !Array.isArray(value.coordinates)) return null;
  const polygons = value.type === 'Polygon' ? [value.coordinates] : value.type === 'MultiPolygon' ? value.coordinates : null;
  if (polygons === null || polygons.length === 0) return null;
  return polygons.every((p) => Array.isArray(p) && p.length > 0 && p.every(isRing)) ? (polygons as Position[][][]) : null;
}

/**
 * A feature's drawn outline as GeoJSON text: null when it has none, undefined when it is not a
 * usable (Multi)Polygon (the problem is added, located at the feature). GIS programs that keep
 * the object as text hand it back as a JSON string, which is read the same.
 */
export function readDrawnOutline(feature: number, value: unknown, problems: Problem[]): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  let geometry: unknown = value;
  if (typeof value === 'string') {
    try {
      geometry = JSON.parse(value);
    } catch {
      geometry = null;
    }
  }
  const polygons = polygonsOf(geometry);
  const field = DRAWN_OUTLINE;
  if (polygons === null) {
    const example = '{"type":"MultiPolygon","coordinates":[…]}';
    const shown = typeof value === 'string' ? value.slice(0, 60) : JSON.stringify(value).slice(0, 60);
    problems.push(at({ feature }, problem('grid_import.field_invalid', { column: field, value: shown, example }, field)));
    return undefined;
  }
  for (let p = 0; p < polygons.length; p++) {
    for (let r = 0; r < polygons[p].length; r++) {
      const check = checkRing(polygons[p][r], `${field}.coordinates[${p}][${r}]`);
      if (!check.valid) {
        problems.push(at({ feature }, problem(`grid.shape.${check.reason}`, check.params, field)));
        return undefined;
      }
    }
  }
  return JSON.stringify({ type: 'MultiPolygon', coordinates: polygons });
}

/** A cell of one plan as the outline checks see it. */
export interface OutlinedCell {
  feature: number;
  label: string;
  buildings: string[];
  drawnOutline: string | null;
}

/**
 * Problems of one plan's drawn outlines in this installation: a shape PostGIS finds invalid, two
 * outlines that overlap, or an outline covering more than 1 m² of a building another cell holds
 * (that building would stick out of its cell).
 */
export async function drawnOutlineProblems(c: Queryable, community: string, cells: readonly OutlinedCell[]): Promise<Problem[]> {
  const outlined = cells.filter((cell) => cell.drawnOutline !== null);
  if (outlined.length === 0) return [];
  const outlines = outlined.map((cell) => ({ feature: cell.feature, label: cell.label, outline: cell.drawnOutline! }));
  const field = DRAWN_OUTLINE;
  const invalid = await invalidDrawnOutlines(c, outlines);
  if (invalid.length > 0) {
    return invalid.map((r) =>
      at({ feature: r.feature }, problem('grid.shape.invalid', { field, reason: r.reason, location: r.location }, field)),
    );
  }
  const conflicts = await drawnOutlineConflicts(c, community, outlines, cells);
  return conflicts.map((r) => {
    const params = { label: r.label, otherLabel: r.otherLabel, areaM2: r.areaM2 };
    return r.building === null
      ? at({ feature: r.feature }, problem('grid_import.drawn_outlines_overlap', params, field))
      : at({ feature: r.feature }, problem('grid_import.drawn_outline_covers_building', { ...params, building: r.building }, field));
  });
}
