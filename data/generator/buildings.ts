// Building footprints and their placement. Buildings are rotated rectangles laid out in rows
// inside a quadrilateral (a compound, or a slot of old street), with the spacing Chinese
// residential planning uses (rows of slabs about twice their depth apart for sunlight).
import type { Prng } from './prng';
import { bilinear, convexPolygonsTooClose, distance, pointInRing, quadAngle, quadRing, rectangle, type Quad, type XY } from './geo';
import type { BuildingKind } from './types';

/** A building before it has a code: geometry in local metres. */
export interface BuildingDraft {
  kind: BuildingKind;
  floors: number;
  entrances: number;
  households: number;
  residents: number;
  corners: XY[];
  centre: XY;
  /** Name of a public building; residential ones are named by number within their compound. */
  publicName: string;
}

export type Era = 'old' | 'mid' | 'new' | 'tower';

interface Footprint {
  kind: BuildingKind;
  floors: number;
  entrances: number;
  lengthM: number;
  depthM: number;
}

function residentsOf(rng: Prng, households: number): number {
  return Math.round(households * rng.float(2.6, 2.9));
}

function slab(rng: Prng, era: Era): Footprint {
  const entrances = rng.int(2, 4);
  const floors = era === 'old' ? (rng.chance(0.8) ? 6 : 7) : rng.int(6, 7);
  return { kind: 'slab', floors, entrances, lengthM: entrances * 15 + rng.float(0, 6), depthM: rng.float(11, 13) };
}

function tower(rng: Prng, era: Era): Footprint {
  const entrances = rng.chance(0.7) ? 1 : 2;
  const floors = era === 'tower' ? rng.int(18, 33) : rng.int(11, 18);
  return { kind: 'tower', floors, entrances, lengthM: entrances === 1 ? rng.float(22, 26) : rng.float(28, 32), depthM: rng.float(22, 26) };
}

function lowrise(rng: Prng): Footprint {
  return {
    kind: 'lowrise',
    floors: rng.int(1, 3),
    entrances: rng.chance(0.8) ? 1 : 2,
    lengthM: rng.float(12, 18),
    depthM: rng.float(8, 12),
  };
}

function householdsOf(f: Footprint): number {
  // Two flats per landing in slabs and towers; old low-rise houses hold one family per floor
  // and entrance, fewer when a house is shared as shop and home.
  return f.kind === 'lowrise' ? Math.max(1, f.floors * f.entrances - (f.floors > 1 ? 1 : 0)) : f.floors * f.entrances * 2;
}

/** Row spacing by kind, metres: [gap between neighbours in a row, gap between rows]. */
const GAPS: Record<'slab' | 'tower' | 'lowrise', [number, number]> = { slab: [12, 26], tower: [24, 34], lowrise: [5, 8] };

function rowKindFor(rng: Prng, era: Era | 'street'): 'slab' | 'tower' | 'lowrise' {
  if (era === 'street') return 'lowrise';
  if (era === 'tower') return 'tower';
  if (era === 'new') return rng.chance(0.35) ? 'tower' : 'slab';
  return 'slab';
}

function footprintFor(rng: Prng, kind: 'slab' | 'tower' | 'lowrise', era: Era | 'street'): Footprint {
  if (kind === 'lowrise') return lowrise(rng);
  return kind === 'tower' ? tower(rng, era === 'street' ? 'new' : era) : slab(rng, era === 'street' ? 'old' : era);
}

/**
 * Candidate buildings in rows filling `quad`, south row first; callers take a prefix of the
 * list until they have the households they want. Each candidate lies inside the quad and
 * keeps its clearance from all earlier candidates.
 */
export function layoutRows(rng: Prng, quad: Quad, era: Era | 'street'): BuildingDraft[] {
  const widthM = distance(bilinear(quad, 0, 0.5), bilinear(quad, 1, 0.5));
  const heightM = distance(bilinear(quad, 0.5, 0), bilinear(quad, 0.5, 1));
  const ring = quadRing(quad);
  // Old streets are irregular: houses turn a little and stand unevenly.
  const wobble = era === 'street' ? 0.12 : 0.03;
  const placed: BuildingDraft[] = [];
  let rowStartM = 6;
  while (rowStartM < heightM) {
    const kind = rowKindFor(rng, era);
    const [alongGapM, rowGapM] = GAPS[kind];
    const row: { f: Footprint; gapM: number }[] = [];
    let usedM = 0;
    for (;;) {
      const f = footprintFor(rng, kind, era);
      const gapM = alongGapM * rng.float(0.9, 1.3);
      if (6 + usedM + f.lengthM + 6 > widthM) break;
      row.push({ f, gapM });
      usedM += f.lengthM + gapM;
    }
    const depthM = Math.max(0, ...row.map((r) => r.f.depthM));
    if (row.length === 0 || rowStartM + depthM + 6 > heightM) break;
    // Centre the row across the compound, leaving the slack at both ends.
    let atM = (widthM - usedM + row[row.length - 1].gapM) / 2;
    for (const { f, gapM } of row) {
      const sM = atM + f.lengthM / 2 + rng.float(-1, 1);
      const tM = rowStartM + depthM / 2 + (era === 'street' ? rng.float(-1.5, 1.5) : 0);
      atM += f.lengthM + gapM;
      const v = tM / heightM;
      const centre = bilinear(quad, sM / widthM, v);
      const corners = rectangle(centre, f.lengthM, f.depthM, quadAngle(quad, v) + rng.float(-wobble, wobble));
      if (!corners.every((p) => pointInRing(p, ring))) continue;
      if (placed.some((b) => convexPolygonsTooClose(b.corners, corners, 3))) continue;
      const households = householdsOf(f);
      placed.push({ ...f, households, residents: residentsOf(rng, households), corners, centre, publicName: '' });
    }
    rowStartM += depthM + rowGapM * rng.float(0.95, 1.2);
  }
  return placed;
}

/** One public building (school, clinic, market…) standing in the middle of `quad`. */
export function publicBuilding(rng: Prng, quad: Quad, publicName: string): BuildingDraft {
  const centre = bilinear(quad, 0.5, 0.5);
  const lengthM = rng.float(35, 60);
  const depthM = rng.float(16, 22);
  const corners = rectangle(centre, lengthM, depthM, quadAngle(quad, 0.5));
  return { kind: 'public', floors: rng.int(2, 4), entrances: rng.int(1, 3), households: 0, residents: 0, corners, centre, publicName };
}
