/**
 * Buildings a file brings again: a record without a code whose source id (an OpenStreetMap way,
 * a survey office's feature id) names one stored building takes that building's code and
 * community, so the import updates it, or leaves it unchanged, instead of adding a second footprint
 * over it. A newer extract of the same area so updates what the last one made, and an import
 * interrupted part way, run again, adds only what it had not yet written. An insert-only import
 * matches nothing: there a building already stored is an overlap to report.
 */
import type { ImportMode } from '../contract/io';
import { buildingsBySource } from '../db/import-places';
import type { Queryable } from '../db/pool';
import { sourceId } from './building-pieces';
import type { ImportLayerDef } from './layers';
import { at, note, type Problem } from './types';
import { duplicate, type ValidRow, type Validation } from './validate';

/** Finds the file's buildings already stored by their source ids; answers the rows found. */
export async function findBuildingsBySource(c: Queryable, layer: ImportLayerDef, v: Validation, mode: ImportMode): Promise<Set<ValidRow>> {
  const found = new Set<ValidRow>();
  if (layer.id !== 'buildings' || mode === 'insert') return found;
  const uncoded = v.rows.flatMap((row) => {
    const id = row.key === null ? sourceId(row.values.source_id) : null;
    return id === null ? [] : [{ row, id }];
  });
  if (uncoded.length === 0) return found;
  const stored = await buildingsBySource(c, [...new Set(uncoded.map((u) => u.id))]);
  for (const { row, id } of uncoded) {
    const building = stored.get(id);
    // a code names its community: a file that files the building under another one is adding a new building
    const given = row.values.community_code;
    if (!building || (typeof given === 'string' && given !== building.communityCode)) continue;
    row.key = building.code;
    row.values.code = building.code;
    // placing then checks that the footprint still lies in it
    row.values.community_code = building.communityCode;
    v.existing.add(building.code);
    found.add(row);
  }
  // pieces of one building share its id: the note counts buildings
  const buildings = new Set([...found].map((row) => row.key));
  if (buildings.size) v.notes.push(note('import.note.found_by_source_id', { count: buildings.size }));
  return found;
}

/**
 * After the pieces are merged: a row found by its source id whose building another row of the
 * file also stands for (two features with one id that are not pieces of one building, or a row
 * giving that code) is a duplicate, named at the later row.
 */
export function foundTwice(v: Validation, found: Set<ValidRow>): Problem[] {
  if (found.size === 0) return [];
  const first = new Map<string, ValidRow>();
  const problems: Problem[] = [];
  for (const row of v.rows) {
    if (row.key === null) continue;
    const earlier = first.get(row.key);
    if (!earlier) first.set(row.key, row);
    else if (found.has(row) || found.has(earlier))
      problems.push(at(row.ref, duplicate('source_id', String(row.values.source_id ?? row.key), earlier.ref, 'source_id')));
  }
  return problems;
}
