/**
 * Completes validated records from where they lie, as OpenStreetMap data comes: a building
 * without a code gets the next free number of the community that contains it, one without an
 * outline a square of the default size, one without households an estimate (footprint × floors ÷
 * dwelling size), each marked estimated; a road without a town the town it runs through, and a
 * kind from its highway class. A building outside its community is a problem.
 */
import type { Queryable } from '../db/pool';
import { existingCodes } from '../db/io';
import { footprintPlaces, highestBuildingNumbers, roadTowns, storedBuildingCounts } from '../db/import-places';
import type { Settings } from '../contract/settings';
import type { ImportLayerDef } from './layers';
import { at, note, problem, type Note, type Problem } from './types';
import type { ValidRow, Validation } from './validate';

/** Floors of a building known only by its height (OSM `height`, metres). */
export const METRES_PER_FLOOR = 3;
const MAX_BUILDING_NUMBER = 99_999;

const ARTERIAL = /^(motorway|trunk|primary)(_link)?$/;
const SECONDARY = /^(secondary|tertiary)(_link)?$/;

/** The road kind of an OSM highway value (`a;b` lists take the highest class). */
export function roadKind(highway: string): 'arterial' | 'secondary' | 'local' {
  const classes = highway.split(';');
  if (classes.some((h) => ARTERIAL.test(h))) return 'arterial';
  if (classes.some((h) => SECONDARY.test(h))) return 'secondary';
  return 'local';
}

const located = (v: Validation) =>
  v.rows.map((r, i) => [i, r.ewkb] as [number, string | null]).filter((e): e is [number, string] => e[1] !== null);

async function completeRoads(c: Queryable, v: Validation): Promise<Problem[]> {
  const problems: Problem[] = [];
  const missing = located(v).filter(([i]) => v.rows[i].values.town_code === null);
  for (const { i, town } of await roadTowns(c, missing)) {
    if (town === null) problems.push(at(v.rows[i].ref, problem('import.road_no_town', {}, 'geometry')));
    else v.rows[i].values.town_code = town;
  }
  for (const row of v.rows) if (row.values.kind === null) row.values.kind = roadKind(String(row.values.highway ?? ''));
  return problems;
}

async function assignCodes(c: Queryable, rows: ValidRow[]): Promise<Problem[]> {
  const uncoded = rows.filter((r) => r.key === null && typeof r.values.community_code === 'string');
  const communities = [...new Set(uncoded.map((r) => r.values.community_code as string))];
  const next = await highestBuildingNumbers(c, communities);
  for (const r of rows) {
    const code = r.key;
    if (code === null) continue;
    const n = Number(code.slice(12));
    if (n > (next.get(code.slice(0, 12)) ?? 0)) next.set(code.slice(0, 12), n);
  }
  const problems: Problem[] = [];
  for (const row of uncoded) {
    const community = row.values.community_code as string;
    const n = (next.get(community) ?? 0) + 1;
    if (n > MAX_BUILDING_NUMBER) {
      problems.push(at(row.ref, problem('import.building_numbers_used', { community }, 'code')));
      continue;
    }
    next.set(community, n);
    row.key = `${community}${String(n).padStart(5, '0')}`;
    row.values.code = row.key;
  }
  return problems;
}

async function completeBuildings(c: Queryable, v: Validation, settings: Settings, notes: Note[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const areas = new Map<number, number>();
  let points = 0;
  const named = v.rows.map((r) => r.values.community_code).filter((c): c is string => typeof c === 'string');
  const known = await existingCodes(c, 'community', [...new Set(named)]);
  for (const place of await footprintPlaces(c, located(v), settings['import.pointFootprintM2'])) {
    const row = v.rows[place.i];
    row.ewkb = place.ewkb;
    areas.set(place.i, place.areaM2);
    if (place.isPoint) points++;
    if (row.values.footprint_estimated === null || place.isPoint) row.values.footprint_estimated = place.isPoint;
    const given = row.values.community_code;
    if (typeof given === 'string') {
      // an unknown community is reported by validation already
      if (known.has(given) && !place.communities.includes(given))
        problems.push(at(row.ref, problem('import.building_outside_community', { community: given }, 'geometry')));
    } else if (place.communities.length === 0) {
      problems.push(at(row.ref, problem('import.building_in_no_community', {}, 'geometry')));
    } else row.values.community_code = place.communities[0];
  }
  const assigned = v.rows.filter((r) => r.key === null && typeof r.values.community_code === 'string').length;
  problems.push(...(await assignCodes(c, v.rows)));

  const stored = await storedBuildingCounts(c, [...v.existing]);
  const dwellingM2 = settings['import.dwellingSizeM2'];
  let estimated = 0;
  v.rows.forEach((row, i) => {
    const kept = row.key === null ? undefined : stored.get(row.key);
    const height = row.values.height;
    if (row.values.floors === null) {
      row.values.floors =
        typeof height === 'number' ? Math.min(200, Math.max(1, Math.round(height / METRES_PER_FLOOR))) : (kept?.floors ?? 1);
    }
    if (row.values.households === null && kept) {
      row.values.households = kept.households;
      row.values.households_estimated = kept.householdsEstimated;
    } else if (row.values.households === null) {
      row.values.households = Math.round(((areas.get(i) ?? 0) * (row.values.floors as number)) / dwellingM2);
      row.values.households_estimated = true;
      estimated++;
    }
    if (row.values.households_estimated === null) row.values.households_estimated = false;
    if (row.values.footprint_estimated === null) row.values.footprint_estimated = kept?.footprintEstimated ?? false;
  });
  if (assigned) notes.push(note('import.note.codes_assigned', { count: assigned }));
  if (points) notes.push(note('import.note.footprints_estimated', { count: points, footprintM2: settings['import.pointFootprintM2'] }));
  if (estimated) notes.push(note('import.note.households_estimated', { count: estimated, dwellingSizeM2: dwellingM2 }));
  return problems;
}

/** Fills what the records leave to their place; returns the problems found on the way. */
export async function completeFromPlace(c: Queryable, layer: ImportLayerDef, v: Validation, settings: Settings): Promise<Problem[]> {
  if (layer.id === 'roads') return completeRoads(c, v);
  if (layer.id === 'buildings') return completeBuildings(c, v, settings, v.notes);
  return [];
}
