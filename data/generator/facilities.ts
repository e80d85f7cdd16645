// Existing community facility space (社区用房). The plan's situation is reproduced: about
// 6 communities in 22 meet the housing standard and the rest fall short by varied amounts.
import type { Prng } from './prng';
import { bilinear, toLngLat, type XY } from './geo';
import type { CommunityPlan } from './communities';
import type { FacilityRoom } from './types';

/** The default housing standard (settings standard.minimumAreaM2 and perHundredHouseholdsM2). */
export const MINIMUM_AREA_M2 = 300;
export const PER_HUNDRED_HOUSEHOLDS_M2 = 30;

export function requiredAreaSquareMetres(households: number): number {
  return Math.max(MINIMUM_AREA_M2, (PER_HUNDRED_HOUSEHOLDS_M2 * households) / 100);
}

/** The largest shortfall generated: two options of the method table can always cover it. */
export const MAX_GAP_M2 = 900;

/** Rooms in the order a community fits them in when space is short (setting standard.requiredRooms). */
const ROOMS: [string, number][] = [
  ['one_stop_hall', 60],
  ['party_service_centre', 30],
  ['talk_room', 10],
  ['reading_room', 30],
  ['elderly_room', 40],
  ['citizens_school', 40],
  ['activity_hall', 80],
];

/** How many communities comply: 6 of the real 22, the same share in larger towns. */
export function compliantCount(communities: number): number {
  return Math.round((communities * 6) / 22);
}

/** Floor area of the existing facility: 2–35% above the requirement, or 12–75% of it. */
export function currentArea(rng: Prng, requiredM2: number, compliant: boolean): number {
  if (compliant) return Math.ceil((requiredM2 * rng.float(1.02, 1.35)) / 10) * 10;
  const shortM2 = Math.floor((requiredM2 * rng.float(0.25, 0.88)) / 10) * 10;
  return Math.max(shortM2, Math.ceil((requiredM2 - MAX_GAP_M2) / 10) * 10, 60);
}

/** Splits the area over the standard rooms; what is left beyond them enlarges the hall. */
export function roomsFor(rng: Prng, areaM2: number): FacilityRoom[] {
  const rooms: FacilityRoom[] = [];
  // Corridors, stairs and toilets take about a fifth of the floor area.
  let left = Math.floor(areaM2 * 0.8);
  for (const [room, minimum] of ROOMS) {
    const size = Math.round(minimum * rng.float(1, 1.4));
    if (size > left) break;
    rooms.push({ room, areaSquareMetres: size });
    left -= size;
  }
  if (rooms.length > 0) rooms[0].areaSquareMetres += left;
  else rooms.push({ room: 'one_stop_hall', areaSquareMetres: Math.max(1, left) });
  return rooms;
}

/** A point inside the community: along a block's middle band, away from the compounds. */
export function pointInCommunity(rng: Prng, plan: CommunityPlan): { xy: XY; lngLat: [number, number] } {
  const block = rng.pick(plan.blocks);
  const xy = bilinear(block.quad, rng.float(0.15, 0.85), rng.float(0.47, 0.53));
  return { xy, lngLat: toLngLat(xy) };
}
