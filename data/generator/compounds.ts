// Inside a community: each block is cut into twelve slots (3 × 4) leaving a band along the
// middle lane; slots hold a compound, a patch of old street houses, a public building, or
// stay open (fields, school grounds, water). Compounds are added until the community
// reaches its household target (1,800–4,200, plus at most one building).
import type { Prng } from './prng';
import { subQuad, bilinear, distance, pointInRing, quadRing, ringAreaSquareMetres, type Quad, type XY } from './geo';
import { layoutRows, publicBuilding, type BuildingDraft, type Era } from './buildings';
import type { Block, CommunityPlan } from './communities';
import type { Lattice } from './roads';
import { COMPOUND_PREFIXES, COMPOUND_SUFFIXES, PROPERTY_COMPANIES, PUBLIC_BUILDINGS, chineseNumeral } from './names';

/** Where an address is taken from: the road a slot faces and a position along it. */
export interface Frontage {
  road: string;
  /** 0 = west/south side of the road, 1 = east/north side (odd / even numbers). */
  side: 0 | 1;
  alongM: number;
}

export interface CompoundDraft {
  name: string;
  era: Era;
  propertyCompany: string | null;
  builtYear: number;
  quad: Quad;
  frontage: Frontage;
  buildings: BuildingDraft[];
}

export interface LooseBuilding {
  building: BuildingDraft;
  frontage: Frontage;
}

export interface CommunityLayout {
  compounds: CompoundDraft[];
  /** Buildings outside any compound: old street houses and public buildings. */
  loose: LooseBuilding[];
}

interface Slot {
  quad: Quad;
  frontage: Frontage;
}

const U_CUTS = [0.06, 0.353, 0.647, 0.94];
// The gap between 0.45 and 0.55 keeps buildings clear of the block's middle lane.
const V_CUTS: [number, number][] = [
  [0.06, 0.255],
  [0.255, 0.45],
  [0.55, 0.745],
  [0.745, 0.94],
];
const SLOT_INSET_M = 10;

function frontageOf(l: Lattice, block: Block, u: number, v: number): Frontage {
  const p = bilinear(block.quad, u, v);
  const nearest = Math.min(u, 1 - u, v, 1 - v);
  if (nearest === u) return { road: l.northSouthNames[block.i], side: 1, alongM: p.y };
  if (nearest === 1 - u) return { road: l.northSouthNames[block.i + 1], side: 0, alongM: p.y };
  if (nearest === v) return { road: l.eastWestNames[block.j], side: 1, alongM: p.x };
  return { road: l.eastWestNames[block.j + 1], side: 0, alongM: p.x };
}

function slotsOf(l: Lattice, block: Block): Slot[] {
  const widthM = distance(block.quad.p00, block.quad.p10);
  const heightM = distance(block.quad.p00, block.quad.p01);
  const du = SLOT_INSET_M / widthM;
  const dv = SLOT_INSET_M / heightM;
  const slots: Slot[] = [];
  for (const [v0, v1] of V_CUTS) {
    for (let a = 0; a < 3; a++) {
      const [u0, u1] = [U_CUTS[a], U_CUTS[a + 1]];
      const quad = subQuad(block.quad, u0 + du, u1 - du, v0 + dv, v1 - dv);
      slots.push({ quad, frontage: frontageOf(l, block, (u0 + u1) / 2, (v0 + v1) / 2) });
    }
  }
  return slots;
}

const ERA_YEARS: Record<Era, [number, number]> = { old: [1978, 1995], mid: [1996, 2002], new: [2003, 2008], tower: [2005, 2008] };
const COMPANY_SHARE: Record<Era, number> = { old: 0.25, mid: 0.7, new: 1, tower: 1 };

/** Town-wide compound names: unique while the name lists last, then numbered phases. */
export class CompoundNames {
  private readonly used = new Set<string>();

  next(rng: Prng, era: Era): string {
    for (let tries = 0; tries < 12; tries++) {
      const name = rng.pick(COMPOUND_PREFIXES) + rng.pick(COMPOUND_SUFFIXES[era]);
      if (!this.used.has(name)) return this.take(name);
    }
    const base = rng.pick(COMPOUND_PREFIXES) + rng.pick(COMPOUND_SUFFIXES[era]);
    for (let phase = 2; ; phase++) {
      const name = `${base}${chineseNumeral(phase)}期`;
      if (!this.used.has(name)) return this.take(name);
    }
  }

  private take(name: string): string {
    this.used.add(name);
    return name;
  }
}

function pickEra(rng: Prng): Era {
  const r = rng.next();
  return r < 0.3 ? 'old' : r < 0.6 ? 'mid' : r < 0.85 ? 'new' : 'tower';
}

const householdsOf = (buildings: readonly BuildingDraft[]): number => buildings.reduce((sum, b) => sum + b.households, 0);

/** Takes candidates in order until `wantedHouseholds` is reached, skipping any that would pass `maxHouseholds`. */
function takeUntil(candidates: BuildingDraft[], wantedHouseholds: number, maxHouseholds = Infinity): BuildingDraft[] {
  const taken: BuildingDraft[] = [];
  let households = 0;
  for (const b of candidates) {
    if (households >= wantedHouseholds) break;
    if (households + b.households > maxHouseholds) continue;
    taken.push(b);
    households += b.households;
  }
  return taken;
}

// Compound sizes follow what the grid partition can work with under the default 300–500
// households per cell: most compounds are small (80–200 households), so neighbours combine
// into cells, and a quarter are large developments (700–900) that split into two in-range
// pieces. Sizes of 480–680 are avoided: too big for one cell, too small for two.
const SMALL_COMPOUND_MAX = 480;
const LARGE_COMPOUND_MIN = 680;
const LARGE_COMPOUND_MAX = 950;

/** The fewest households any community gets, whatever its draws (PRODUCT §6: 1,500–4,500). */
const MIN_COMMUNITY_HOUSEHOLDS = 1500;

function compoundTarget(rng: Prng, remaining: number, placed: number, slotsLeft: number): { wanted: number; max: number } {
  // Large as well when the smallest compounds in the slots left could not reach the minimum;
  // never a large one for a remainder below its size (that would be a rigid near-full cell).
  const short = placed + slotsLeft * 80 < MIN_COMMUNITY_HOUSEHOLDS;
  const large = (rng.chance(0.25) || short) && remaining >= LARGE_COMPOUND_MIN;
  if (large) return { wanted: Math.min(remaining, rng.int(700, 900)), max: LARGE_COMPOUND_MAX };
  return { wanted: Math.min(remaining, short ? SMALL_COMPOUND_MAX - 10 : rng.int(80, 200)), max: SMALL_COMPOUND_MAX };
}

/** Shrinks a compound to the rows it actually uses, so part-filled slots do not look empty. */
function trimToBuildings(quad: Quad, buildings: BuildingDraft[]): Quad {
  const heightM = distance(bilinear(quad, 0.5, 0), bilinear(quad, 0.5, 1));
  const south = bilinear(quad, 0.5, 0);
  const north = bilinear(quad, 0.5, 1);
  const axis: XY = { x: (north.x - south.x) / heightM, y: (north.y - south.y) / heightM };
  let topM = 0;
  for (const b of buildings) for (const c of b.corners) topM = Math.max(topM, (c.x - south.x) * axis.x + (c.y - south.y) * axis.y);
  // The centre line only approximates a skewed quad's height: grow until every corner is in.
  for (let marginM = 10; ; marginM += 10) {
    const t1 = Math.min(1, (topM + marginM) / heightM);
    const trimmed = subQuad(quad, 0, 1, 0, t1);
    const ring = quadRing(trimmed);
    if (t1 === 1 || buildings.every((b) => b.corners.every((c) => pointInRing(c, ring)))) return trimmed;
  }
}

/** Land per household, m², including the open space between rows. */
const LAND_PER_HOUSEHOLD_M2: Record<Era | 'street', number> = { street: 150, old: 80, mid: 80, new: 70, tower: 45 };

/**
 * Lays buildings out in a part of the slot sized to the households wanted (compounds are
 * roughly square, not a strip across the slot), growing it when the first try falls short.
 */
function fitInSlot(rng: Prng, slot: Quad, era: Era | 'street', wanted: number, max: number): { quad: Quad; buildings: BuildingDraft[] } {
  const slotAreaM2 = ringAreaSquareMetres(quadRing(slot));
  const offsetS = rng.next();
  const offsetT = rng.next();
  // A share of 0.12 keeps the sides above ~110 m, long enough for a four-entrance slab.
  let share = Math.min(1, Math.max(0.12, (wanted * LAND_PER_HOUSEHOLD_M2[era]) / slotAreaM2));
  for (;;) {
    const side = Math.sqrt(share);
    const s0 = offsetS * (1 - side);
    const t0 = offsetT * (1 - side);
    const quad = subQuad(slot, s0, s0 + side, t0, t0 + side);
    const buildings = takeUntil(layoutRows(rng, quad, era), wanted, max);
    if (householdsOf(buildings) >= wanted || share >= 1) return { quad, buildings };
    share = Math.min(1, share * 1.4);
  }
}

export function layoutCommunity(rng: Prng, l: Lattice, plan: CommunityPlan, names: CompoundNames): CommunityLayout {
  const slots = rng.shuffle(plan.blocks.flatMap((b) => slotsOf(l, b)));
  const targetHouseholds = rng.int(1800, 4200);
  let remaining = targetHouseholds;
  const loose: LooseBuilding[] = [];
  const compounds: CompoundDraft[] = [];
  let next = 0;
  if (rng.chance(0.9)) {
    // Old street: a patch of one- to three-storey houses that belongs to no compound. Its
    // small houses are also what lets the partition even out cells between compounds.
    const slot = slots[next++];
    const { buildings: houses } = fitInSlot(rng, slot.quad, 'street', rng.int(80, 200), Infinity);
    houses.forEach((building) => loose.push({ building, frontage: slot.frontage }));
    remaining -= householdsOf(houses);
  }
  while (remaining > 0 && next < slots.length) {
    const slot = slots[next++];
    const era = pickEra(rng);
    const { wanted, max } = compoundTarget(rng, remaining, targetHouseholds - remaining, slots.length - next + 1);
    const fitted = fitInSlot(rng, slot.quad, era, wanted, max);
    const buildings = fitted.buildings;
    // A slot too small for a large compound: trim it back to one cell's worth.
    while (householdsOf(buildings) > SMALL_COMPOUND_MAX && householdsOf(buildings) < LARGE_COMPOUND_MIN) buildings.pop();
    if (buildings.length === 0) continue;
    remaining -= householdsOf(buildings);
    const [fromYear, toYear] = ERA_YEARS[era];
    compounds.push({
      name: names.next(rng, era),
      era,
      propertyCompany: rng.chance(COMPANY_SHARE[era]) ? rng.pick(PROPERTY_COMPANIES) : null,
      builtYear: rng.int(fromYear, toYear),
      quad: trimToBuildings(fitted.quad, buildings),
      frontage: slot.frontage,
      buildings,
    });
  }
  const publicCount = rng.chance(0.6) ? 1 : rng.chance(0.5) ? 2 : 0;
  for (let k = 0; k < publicCount && next < slots.length; k++) {
    const slot = slots[next++];
    const building = publicBuilding(rng, slot.quad, `${plan.name}${rng.pick(PUBLIC_BUILDINGS)}`);
    loose.push({ building, frontage: slot.frontage });
  }
  return { compounds, loose };
}
