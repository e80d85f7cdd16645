import { beforeAll, describe, expect, it } from 'vitest';
import { booleanIntersects, booleanWithin, bbox } from '@turf/turf';
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import { generateTown, type DemoTown } from '../../data/generator/index';
import { balancedTwoYearPlan, yearOneOnlyCost, type CommunityNeed } from '../../data/generator/budget';
import { METHOD_TERMS } from '../../data/generator/options';

// The first 22 residents' committees of 仙女镇 (town code 321012100) in the NBS 2023 statistical
// division codes, written out here from the published list rather than read from the generator's data.
const XIANNU_FIRST_22: [sequence: string, name: string][] = [
  ['001', '东苑社区'],
  ['002', '龙川社区'],
  ['003', '龙城社区'],
  ['004', '玉带社区'],
  ['005', '高阳社区'],
  ['006', '引江社区'],
  ['007', '禹王宫社区'],
  ['008', '西苑社区'],
  ['009', '云峰社区'],
  ['010', '仙女社区'],
  ['011', '北苑社区'],
  ['012', '龙溪社区'],
  ['013', '南苑社区'],
  ['014', '龙都社区'],
  ['015', '新都社区'],
  ['017', '砖桥社区'],
  ['019', '双沟社区'],
  ['020', '李坝社区'],
  ['021', '乐和社区'],
  ['022', '春江社区'],
  ['023', '镇北社区'],
  ['024', '孔庄社区'],
];

const requiredM2 = (households: number) => Math.max(300, (30 * households) / 100);

function householdsByCommunity(town: DemoTown): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of town.buildings) out.set(b.communityCode, (out.get(b.communityCode) ?? 0) + b.households);
  return out;
}

/** What each non-compliant community needs, rebuilt from the generated rows alone. */
function needsOf(town: DemoTown): CommunityNeed[] {
  const households = householdsByCommunity(town);
  return town.facilities
    .map((f) => ({ f, gap: requiredM2(households.get(f.communityCode) ?? 0) - f.areaSquareMetres }))
    .filter(({ gap }) => gap > 0)
    .map(({ f, gap }) => ({
      gapSquareMetres: gap,
      options: town.options
        .filter((o) => o.communityCode === f.communityCode)
        .map((o) => ({
          netAreaSquareMetres: o.areaSquareMetres - o.releasedAreaSquareMetres,
          oneOffCostYuan: o.oneOffCostYuan,
          yearlyCostYuan: o.yearlyCostYuan,
          availableAfterMonths: o.availableAfterMonths,
        })),
    }));
}

describe('generateTown', () => {
  let town: DemoTown;
  beforeAll(() => {
    town = generateTown({});
  });

  it('is a pure function of the seed', () => {
    expect(JSON.stringify(generateTown({ seed: 2008 }))).toBe(JSON.stringify(town));
    const other = generateTown({ seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(town));
    expect(other.communities.map((c) => c.code)).toEqual(town.communities.map((c) => c.code));
  });

  it('has the first 22 real residents’ committees of 仙女镇', () => {
    expect(town.town).toMatchObject({ code: '321012100', name: '仙女镇' });
    expect(town.communities.map(({ code, name }) => ({ code, name }))).toEqual(
      XIANNU_FIRST_22.map(([sequence, name]) => ({ code: `321012100${sequence}`, name })),
    );
    expect(town.communities.find((c) => c.code === '321012100006')?.name).toBe('引江社区');
  });

  it('puts 1,500–4,500 households in every community', () => {
    const households = householdsByCommunity(town);
    for (const c of town.communities) {
      expect(households.get(c.code)).toBe(c.households);
      expect(c.households).toBeGreaterThanOrEqual(1500);
      expect(c.households).toBeLessThanOrEqual(4500);
    }
  });

  it('leaves exactly 16 communities short of the default housing standard', () => {
    const households = householdsByCommunity(town);
    const short = town.facilities.filter((f) => f.areaSquareMetres < requiredM2(households.get(f.communityCode) ?? 0));
    expect(town.facilities).toHaveLength(22);
    expect(short).toHaveLength(16);
    expect(town.communities.filter((c) => !c.compliant).map((c) => c.code)).toEqual(short.map((f) => f.communityCode));
  });

  it('codes buildings and compounds under their community, uniquely', () => {
    const codes = new Set(town.buildings.map((b) => b.code));
    expect(codes.size).toBe(town.buildings.length);
    for (const b of town.buildings) {
      expect(b.code).toMatch(/^\d{17}$/);
      expect(b.code.startsWith(b.communityCode)).toBe(true);
      if (b.compoundCode) expect(b.compoundCode.startsWith(`${b.communityCode}-`)).toBe(true);
    }
    for (const c of town.compounds) expect(c.code).toMatch(/^\d{12}-\d{3}$/);
    expect(town.buildings[0].address).toMatch(/^仙女镇.+路\d+号/);
  });

  it('sizes buildings by kind', () => {
    const kinds = new Set(town.buildings.map((b) => b.kind));
    expect([...kinds].sort()).toEqual(['lowrise', 'public', 'slab', 'tower']);
    for (const b of town.buildings) {
      if (b.kind === 'slab') expect([b.floors >= 6 && b.floors <= 7, b.entrances >= 2 && b.entrances <= 4]).toEqual([true, true]);
      if (b.kind === 'tower') expect([b.floors >= 11 && b.floors <= 33, b.entrances >= 1 && b.entrances <= 2]).toEqual([true, true]);
      if (b.kind === 'lowrise') expect(b.floors).toBeLessThanOrEqual(3);
      if (b.kind === 'public') expect(b.households).toBe(0);
      if (b.kind === 'slab' || b.kind === 'tower') expect(b.households).toBe(b.floors * b.entrances * 2);
      if (b.households > 0) expect(b.residents / b.households).toBeGreaterThanOrEqual(2.5);
    }
  });

  it('places buildings without overlaps, inside their compounds (sample of communities)', () => {
    const compounds = new Map(town.compounds.map((c) => [c.code, c]));
    const feature = (geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry });
    for (const community of town.communities.filter((_, i) => i % 5 === 0)) {
      const buildings = town.buildings.filter((b) => b.communityCode === community.code);
      const boxes = buildings.map((b) => bbox(b.geometry));
      for (let i = 0; i < buildings.length; i++) {
        const b = buildings[i];
        if (b.compoundCode) expect(booleanWithin(feature(b.geometry), feature(compounds.get(b.compoundCode)!.geometry))).toBe(true);
        for (let j = i + 1; j < buildings.length; j++) {
          const [a, c] = [boxes[i], boxes[j]];
          if (a[2] < c[0] || c[2] < a[0] || a[3] < c[1] || c[3] < a[1]) continue;
          expect(booleanIntersects(feature(b.geometry), feature(buildings[j].geometry)), `${b.code} × ${buildings[j].code}`).toBe(false);
        }
      }
    }
  });

  it('gives each short community 2–6 options of mixed methods within the cost table', () => {
    const short = town.communities.filter((c) => !c.compliant);
    for (const c of short) {
      const options = town.options.filter((o) => o.communityCode === c.code);
      expect(options.length).toBeGreaterThanOrEqual(2);
      expect(options.length).toBeLessThanOrEqual(6);
      expect(new Set(options.map((o) => o.method)).size).toBeGreaterThanOrEqual(2);
    }
    for (const o of town.options) {
      const terms = METHOD_TERMS[o.method];
      const net = o.areaSquareMetres - o.releasedAreaSquareMetres;
      expect(o.code).toMatch(/^OPT-\d{3}-\d{2}$/);
      expect(net).toBeGreaterThanOrEqual(terms.areaM2[0]);
      expect(net).toBeLessThanOrEqual(terms.areaM2[1]);
      expect(o.availableAfterMonths).toBeGreaterThanOrEqual(terms.months[0]);
      expect(o.availableAfterMonths).toBeLessThanOrEqual(terms.months[1]);
      expect(o.oneOffCostYuan).toBeLessThanOrEqual(terms.oneOffPerM2[1] * net + 100);
      expect(o.yearlyCostYuan).toBeLessThanOrEqual(terms.yearlyPerM2[1] * net + 100);
      if (o.method === 'reallocate_idle_public') expect(o.needsApproval).toBe(true);
      if (o.method === 'swap') expect(o.releasedAreaSquareMetres).toBeGreaterThan(0);
    }
    expect(town.options.some((o) => o.shareRadiusMetres !== null)).toBe(true);
    expect(town.options.some((o) => o.uncertain)).toBe(true);
    expect(town.options.some((o) => o.availableAfterMonths > 12 && o.availableAfterMonths <= 24)).toBe(true);
  });

  it('sets a budget that reaches 22/22 in two years but not in the first', () => {
    const needs = needsOf(town);
    const [year1, year2] = town.budget.budgetPerYearYuan;
    expect(year1 % 10_000).toBe(0);
    expect(yearOneOnlyCost(needs)).toBeGreaterThan(year1);
    const plan = balancedTwoYearPlan(needs);
    expect(plan.year1).toBeLessThanOrEqual(year1);
    expect(plan.year2).toBeLessThanOrEqual(year2);
    // 10–20% slack over the tighter year, before rounding to 10,000 CNY
    const tighter = Math.max(plan.year1, plan.year2);
    expect(year1 / tighter).toBeGreaterThan(1.1);
    expect(year1 / tighter).toBeLessThan(1.2 + 10_000 / tighter);
  });

  it('staffs every community with every participant type and mobile numbers', () => {
    const types = [
      'community_cadre',
      'party_group_leader',
      'in_service_cadre',
      'retiree',
      'resident_representative',
      'volunteer',
      'property_staff',
    ];
    for (const c of town.communities) {
      const people = town.people.filter((p) => p.communityCode === c.code);
      expect(people.length).toBeGreaterThanOrEqual(30);
      expect(people.length).toBeLessThanOrEqual(80);
      expect(new Set(people.map((p) => p.type))).toEqual(new Set(types));
    }
    for (const p of town.people) expect(p.phone).toMatch(/^1[358]\d{9}$/);
    const partyShare = town.people.filter((p) => p.partyMember).length / town.people.length;
    expect(partyShare).toBeGreaterThan(0.2);
    expect(partyShare).toBeLessThan(0.45);
  });

  it('builds the party tree with building branches over most but not all homes', () => {
    const byId = new Map(town.partyOrgs.map((o) => [o.id, o]));
    for (const o of town.partyOrgs) {
      if (o.level === 'general_branch') expect(o.parentId).toBeNull();
      else expect(byId.get(o.parentId!)?.communityCode).toBe(o.communityCode);
      if (o.scope === 'building' && o.level === 'branch') {
        expect(o.buildingCodes.length).toBeGreaterThanOrEqual(1);
        expect(o.buildingCodes.length).toBeLessThanOrEqual(4);
      }
    }
    expect(town.partyOrgs.filter((o) => o.level === 'general_branch')).toHaveLength(22);
    expect(town.partyOrgs.some((o) => o.level === 'group')).toBe(true);
    const homes = town.buildings.filter((b) => b.households > 0);
    const branched = new Set(town.partyOrgs.flatMap((o) => o.buildingCodes));
    const share = homes.filter((b) => branched.has(b.code)).length / homes.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(1);
    const inAreas = new Set(town.partyAreas.flatMap((a) => a.buildingCodes));
    expect(inAreas.size / homes.length).toBeGreaterThan(0.75);
    expect(inAreas.size).toBeLessThan(homes.length);
  });

  it('gives most communities all eight volunteer team categories', () => {
    const counts = town.communities.map(
      (c) => new Set(town.volunteerTeams.filter((t) => t.communityCode === c.code).map((t) => t.category)).size,
    );
    expect(Math.max(...counts)).toBe(8);
    expect(counts.filter((n) => n === 8).length).toBeGreaterThan(11);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(6);
  });

  it('links the worker account to a community cadre of 引江社区', () => {
    expect(town.accounts.map((a) => `${a.username}:${a.role}`)).toEqual([
      'admin:admin',
      'planner:planner',
      'official:official',
      'worker:worker',
    ]);
    const worker = town.people.find((p) => p.id === town.workerPersonId);
    expect(worker?.communityCode).toBe('321012100006');
    expect(town.accounts[3].personId).toBe(town.workerPersonId);
  });

  it('scales beyond the real town with unique synthetic codes', () => {
    const big = generateTown({ communities: 40, seed: 3 });
    const codes = big.communities.map((c) => c.code);
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) expect(code).toMatch(/^\d{12}$/);
    expect(big.communities[39].name).toMatch(/^新区.+社区$/);
    expect(big.budget.yearOneOnlyCostYuan).toBeGreaterThan(big.budget.budgetPerYearYuan[0]);
  });
});
