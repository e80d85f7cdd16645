// Codes and addresses of compounds and buildings. Codes follow the map's reading order
// (bands north to south, west to east within a band) like cell codes; addresses are house
// numbers along the road a compound or house faces, odd on one side and even on the other.
import { buildingCode } from '../../server/src/domain/grid/codes';
import { centroidOf, quadRing, ringToLngLat, type XY } from './geo';
import type { CommunityLayout, Frontage } from './compounds';
import type { BuildingDraft } from './buildings';
import type { DemoBuilding, DemoCompound } from './types';
import { TOWN_NAME } from './divisions';

/** Band height for numbering buildings: about one row of slab blocks and its open space. */
const BUILDING_BAND_M = 60;
const COMPOUND_BAND_M = 250;

/** Indices of `points` in reading order. */
export function readingOrder(points: readonly XY[], bandM: number): number[] {
  const northFirst = points.map((_, i) => i).sort((a, b) => points[b].y - points[a].y || points[a].x - points[b].x);
  const out: number[] = [];
  for (let start = 0; start < northFirst.length;) {
    const top = points[northFirst[start]].y;
    let end = start;
    while (end < northFirst.length && top - points[northFirst[end]].y <= bandM) end++;
    out.push(...northFirst.slice(start, end).sort((a, b) => points[a].x - points[b].x));
    start = end;
  }
  return out;
}

/** House numbers per road, unique town-wide. */
export class HouseNumbers {
  private readonly used = new Map<string, Set<number>>();

  constructor(private readonly offsetM: number) {}

  /** A number from the position along the road (about one per 20 m), odd or even by side. */
  next(f: Frontage): number {
    const taken = this.used.get(f.road) ?? new Set<number>();
    this.used.set(f.road, taken);
    let n = 2 * Math.max(0, Math.floor((f.alongM + this.offsetM) / 20)) + (f.side === 0 ? 1 : 2);
    while (taken.has(n)) n += 2;
    taken.add(n);
    return n;
  }
}

function polygonOf(corners: readonly XY[]) {
  return { type: 'Polygon' as const, coordinates: [ringToLngLat(corners)] };
}

/** Turns a laid-out community into coded compounds and buildings. */
export function codePlaces(
  communityCode: string,
  layout: CommunityLayout,
  numbers: HouseNumbers,
): { compounds: DemoCompound[]; buildings: DemoBuilding[] } {
  const compoundOrder = readingOrder(
    layout.compounds.map((c) => centroidOf(quadRing(c.quad))),
    COMPOUND_BAND_M,
  );
  const compounds: DemoCompound[] = [];
  const address = new Map<BuildingDraft, { compoundCode: string | null; text: string; name: string }>();
  compoundOrder.forEach((index, k) => {
    const c = layout.compounds[index];
    const code = `${communityCode}-${String(k + 1).padStart(3, '0')}`;
    compounds.push({
      code,
      communityCode,
      name: c.name,
      propertyCompany: c.propertyCompany,
      builtYear: c.builtYear,
      geometry: { type: 'MultiPolygon', coordinates: [[ringToLngLat(quadRing(c.quad))]] },
    });
    const gate = `${TOWN_NAME}${c.frontage.road}${numbers.next(c.frontage)}号${c.name}`;
    readingOrder(
      c.buildings.map((b) => b.centre),
      BUILDING_BAND_M,
    ).forEach((bi, n) => {
      address.set(c.buildings[bi], { compoundCode: code, text: `${gate}${n + 1}幢`, name: `${n + 1}幢` });
    });
  });
  for (const { building, frontage } of layout.loose) {
    address.set(building, {
      compoundCode: null,
      text: `${TOWN_NAME}${frontage.road}${numbers.next(frontage)}号`,
      name: building.publicName,
    });
  }
  const drafts = [...layout.compounds.flatMap((c) => c.buildings), ...layout.loose.map((l) => l.building)];
  const buildings = readingOrder(
    drafts.map((b) => b.centre),
    BUILDING_BAND_M,
  ).map((index, k): DemoBuilding => {
    const b = drafts[index];
    const place = address.get(b);
    if (!place) throw new Error('building without an address');
    return {
      code: buildingCode(communityCode, k + 1),
      communityCode,
      compoundCode: place.compoundCode,
      name: place.name,
      address: place.text,
      kind: b.kind,
      floors: b.floors,
      entrances: b.entrances,
      households: b.households,
      residents: b.residents,
      geometry: polygonOf(b.corners),
    };
  });
  return { compounds, buildings };
}
