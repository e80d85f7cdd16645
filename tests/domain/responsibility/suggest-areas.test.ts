import { describe, expect, it } from 'vitest';
import {
  areaCapacity,
  greedyAreas,
  suggestAreas,
  type AreaBuilding,
  type AreaMember,
} from '../../../server/src/domain/responsibility/suggest-areas';
import { distanceMetres } from '../../../server/src/domain/responsibility/distance';

const BASE: [number, number] = [119.55, 32.43];
const at = (east: number, north: number): [number, number] => [BASE[0] + east / 94_000, BASE[1] + north / 111_000];

// A 6 × 5 block of buildings 60 m apart with uneven household counts.
const buildings: AreaBuilding[] = Array.from({ length: 30 }, (_, i) => ({
  code: `3210121000060${String(i).padStart(4, '0')}`,
  households: [12, 24, 36, 48, 90][i % 5],
  center: at((i % 6) * 60, Math.floor(i / 6) * 60),
}));
// Four party members, three of them living in the same corner: nearest-only would overload them.
const members: AreaMember[] = [
  { personId: 1, home: at(0, 0), currentHouseholds: 0 },
  { personId: 2, home: at(10, 10), currentHouseholds: 0 },
  { personId: 3, home: at(20, 0), currentHouseholds: 0 },
  { personId: 4, home: at(300, 240), currentHouseholds: 0 },
];

const cost = (areas: { personId: number; buildingCodes: string[] }[]) =>
  areas.reduce((s, a) => {
    const m = members.find((x) => x.personId === a.personId)!;
    return s + a.buildingCodes.reduce((t, code) => t + distanceMetres(m.home!, buildings.find((b) => b.code === code)!.center), 0);
  }, 0);

describe('suggestAreas', () => {
  it('puts every building in exactly one area, within the balanced capacity', async () => {
    const r = await suggestAreas(buildings, members, { tolerance: 0.2 });
    const total = buildings.reduce((s, b) => s + b.households, 0);
    expect(r.capacityHouseholds).toBe(Math.ceil((total / 4) * 1.2));
    const codes = r.areas.flatMap((a) => a.buildingCodes).sort();
    expect(codes).toEqual(buildings.map((b) => b.code).sort());
    for (const a of r.areas) expect(a.households).toBeLessThanOrEqual(r.capacityHouseholds);
    expect(r.areas.find((a) => a.personId === 4)!.households).toBeGreaterThan(0);
  });

  it('is no farther in total than the greedy start', async () => {
    const capacity = areaCapacity(buildings, members, 0.2);
    const owner = greedyAreas(buildings, members, capacity);
    const greedy = members.map((m, j) => ({
      personId: m.personId,
      buildingCodes: buildings.filter((_, i) => owner[i] === j).map((b) => b.code),
    }));
    const r = await suggestAreas(buildings, members, { tolerance: 0.2 });
    expect(cost(r.areas)).toBeLessThanOrEqual(cost(greedy) + 1);
  });

  it('counts households members already carry against their capacity', async () => {
    const loaded = members.map((m) => (m.personId === 1 ? { ...m, currentHouseholds: 400 } : m));
    const r = await suggestAreas(buildings, loaded, { tolerance: 0.2 });
    const one = r.areas.find((a) => a.personId === 1)!;
    expect(one.households).toBe(400 + one.addedHouseholds);
    expect(one.households).toBeLessThanOrEqual(r.capacityHouseholds);
  });
});
