/**
 * Pieces of one building, as OpenStreetMap extracts cut at tile edges deliver them, merged into
 * one building before anything else is decided about them: features with the same source id
 * (osm_id, `@id`, `id`, full_id) that meet, or whose footprints overlap by more than half of the
 * smaller one. The merged footprint is their union; the attributes are those of the largest
 * piece; households and floors are then estimated on the merged footprint as for any building.
 * Any other overlap beyond the setting `import.buildingOverlapMaxM2`, between two imported
 * footprints or with a stored building the import does not replace, is a problem.
 */
import type { Queryable } from '../db/pool';
import { pairFacts, storedNeighbours, storedOverlaps, unitedFootprints, type PairFacts } from '../db/building-overlaps';
import { getSettings } from '../db/settings';
import { overlappingBoxes } from './box-pairs';
import type { ImportLayerDef } from './layers';
import { at, note, problem, type ParsedFile, type Problem, type RecordRef } from './types';
import type { Validation } from './validate';
import { polygonBounds, type Bounds } from './wkb';

/** Footprints overlapping by more than this share of the smaller one are pieces of one building. */
export const PIECE_OVERLAP_SHARE = 0.5;
/** At most this many features with one source id are taken as pieces of one building. */
const MAX_PIECES = 50;

const refNumber = (ref: RecordRef) => ('row' in ref ? ref.row : ref.feature);
const round = (n: number) => Number(n.toFixed(1));

/** A source id that names a feature; ArcGIS writes `Id` 0 for every feature it did not number. */
export function sourceId(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  return text === '' || text === '0' ? null : text;
}

/** Groups of indices joined pair by pair; a group never holds two different building codes. */
class Pieces {
  private parent: number[];
  private code: (string | null)[];
  constructor(codes: (string | null)[]) {
    this.parent = codes.map((_, i) => i);
    this.code = [...codes];
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  /** Joins the groups of i and j unless they hold different codes; true when joined (or already one). */
  join(i: number, j: number): boolean {
    const [a, b] = [this.find(i), this.find(j)];
    if (a === b) return true;
    if (this.code[a] !== null && this.code[b] !== null && this.code[a] !== this.code[b]) return false;
    this.parent[b] = a;
    this.code[a] ??= this.code[b];
    return true;
  }
}

/** Imported footprints overlapping a stored building the import does not replace. */
async function overlapsWithStored(c: Queryable, v: Validation, boxes: (Bounds | null)[], maximumM2: number): Promise<Problem[]> {
  const replaced = new Set(v.rows.flatMap((r) => (r.key === null ? [] : [r.key])));
  const located = boxes.flatMap((bounds, i) => (bounds ? [{ i, bounds }] : []));
  // filtered here: a SQL `<> ALL` over every code of a large upsert would compare each pair
  const near = (await storedNeighbours(c, located)).filter((n) => !replaced.has(n.code));
  const found = await storedOverlaps(
    c,
    near.map(({ i, code }) => ({ i, code, ewkb: v.rows[i].ewkb! })),
    maximumM2,
  );
  return found.map((o) =>
    at(v.rows[o.i].ref, problem('import.building_overlap_stored', { code: o.code, overlapM2: round(o.overlapM2), maximumM2 }, 'geometry')),
  );
}

/** Pairs [i, j] (i < j) of located records with the same source id: candidates for pieces that meet. */
function sameSourceCandidates(v: Validation, boxes: (Bounds | null)[]): [number, number][] {
  const bySource = new Map<string, number[]>();
  v.rows.forEach((r, i) => {
    const id = boxes[i] ? sourceId(r.values.source_id) : null;
    if (id !== null) pushTo(bySource, id, i);
  });
  // an id shared by very many features is a column of something else (a class, a batch), not pieces
  const groups = [...bySource.values()].filter((g) => g.length <= MAX_PIECES);
  return groups.flatMap((group) => group.flatMap((i, k) => group.slice(k + 1).map((j): [number, number] => [i, j])));
}

function overlapProblem(v: Validation, p: PairFacts, maximumM2: number): Problem {
  const first = v.rows[p.i].ref;
  const params = { other: refNumber(first), overlapM2: round(p.overlapM2), maximumM2 };
  const code = 'row' in first ? 'import.building_overlap_row' : 'import.building_overlap_feature';
  return at(v.rows[p.j].ref, problem(code, params, 'geometry'));
}

/**
 * Merges the pieces of each building in a validated buildings import (removing the merged
 * pieces from `v.rows` and `file.records` alike, which stay index for index) and returns the
 * overlap problems.
 */
export async function mergeBuildingPieces(c: Queryable, layer: ImportLayerDef, file: ParsedFile, v: Validation): Promise<Problem[]> {
  if (layer.id !== 'buildings') return [];
  // points are drawn as estimated squares later and not checked
  const boxes = v.rows.map((r) => (r.ewkb ? polygonBounds(r.ewkb) : null));
  const candidates = new Map<string, [number, number]>();
  for (const p of [...sameSourceCandidates(v, boxes), ...overlappingBoxes(boxes)]) candidates.set(`${p[0]} ${p[1]}`, p);
  const ewkb = (i: number) => v.rows[i].ewkb!;
  const facts = await pairFacts(
    c,
    [...candidates.values()].map(([i, j]) => ({ i, j, a: ewkb(i), b: ewkb(j) })),
  );
  const maximumM2 = (await getSettings(c))['import.buildingOverlapMaxM2'];
  const areas = new Map<number, number>();
  const pieces = new Pieces(v.rows.map((r) => r.key));
  const overlaps: PairFacts[] = [];
  for (const p of facts) {
    areas.set(p.i, p.iAreaM2).set(p.j, p.jAreaM2);
    const id = sourceId(v.rows[p.i].values.source_id);
    const sameSource = p.meet && id !== null && id === sourceId(v.rows[p.j].values.source_id);
    const merge = sameSource || p.overlapM2 > PIECE_OVERLAP_SHARE * Math.min(p.iAreaM2, p.jAreaM2);
    if (!(merge && pieces.join(p.i, p.j)) && p.overlapM2 > maximumM2) overlaps.push(p);
  }
  const problems = overlaps.filter((p) => pieces.find(p.i) !== pieces.find(p.j)).map((p) => overlapProblem(v, p, maximumM2));
  problems.push(...(await overlapsWithStored(c, v, boxes, maximumM2)));

  const groups = new Map<number, number[]>();
  for (const i of areas.keys()) pushTo(groups, pieces.find(i), i);
  // the largest piece first: it keeps its attributes and its place in the file
  const merged = [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => [...g].sort((a, b) => areas.get(b)! - areas.get(a)! || a - b))
    .sort((a, b) => Math.min(...a) - Math.min(...b));
  const dropped = new Set<number>();
  for (const u of await unitedFootprints(
    c,
    merged.map((g) => g.map(ewkb)),
  )) {
    const group = merged[u.group];
    const kept = v.rows[group[0]];
    const numbers = group.map((i) => refNumber(v.rows[i].ref)).sort((a, b) => a - b);
    if (u.parts > 1) {
      problems.push(at(kept.ref, problem('import.building_pieces_apart', { pieces: numbers }, 'geometry')));
      continue;
    }
    kept.ewkb = u.ewkb;
    for (const i of group.slice(1)) dropped.add(i);
    const code = 'row' in kept.ref ? 'import.note.building_pieces_merged_rows' : 'import.note.building_pieces_merged';
    v.notes.push(note(code, { pieces: numbers, kept: refNumber(kept.ref) }));
  }
  if (dropped.size) {
    v.rows = v.rows.filter((_, i) => !dropped.has(i));
    file.records = file.records.filter((_, i) => !dropped.has(i));
  }
  return problems;
}

/** Appends `value` to the list under `key`, starting the list when there is none (no copy per value). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
