// Party organisation of a community, as the plan lays it out: a general branch (党总支) over
// compound branches (小区党支部) over building branches (楼幢党支部) bound to 1–4 buildings,
// with party groups (党小组) below; plus party members' responsibility areas (党员责任区).
// A few buildings are deliberately left without a building branch or an area, as in any
// real town, so coverage reports have something to find.
import type { Prng } from './prng';
import { chineseNumeral } from './names';
import type { DemoBuilding, DemoCompound, DemoPartyArea, DemoPartyOrg, DemoPerson } from './types';

export interface PartyIds {
  nextOrgId: number;
  nextAreaId: number;
}

/** Consecutive runs of 1–4 buildings (buildings come in code order, so runs are neighbours). */
function runs<T>(rng: Prng, items: readonly T[], min: number, max: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length;) {
    const size = rng.int(min, max);
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/** "3幢" or "3-5幢" from the numbers in building names. */
function buildingLabel(run: readonly DemoBuilding[]): string {
  const first = run[0].name.replace('幢', '');
  const last = run[run.length - 1].name.replace('幢', '');
  return run.length === 1 ? `${first}幢` : `${first}-${last}幢`;
}

export function partyOf(
  rng: Prng,
  community: { code: string; name: string },
  compounds: readonly DemoCompound[],
  buildings: readonly DemoBuilding[],
  people: readonly DemoPerson[],
  ids: PartyIds,
): { orgs: DemoPartyOrg[]; areas: DemoPartyArea[] } {
  const members = people.filter((p) => p.partyMember);
  const cadres = members.filter((p) => p.type === 'community_cadre');
  const groupLeaders = people.filter((p) => p.type === 'party_group_leader');
  const secretary = (pool: readonly DemoPerson[]): number | null =>
    pool.length > 0 ? rng.pick(pool).id : members.length > 0 ? rng.pick(members).id : null;
  const orgs: DemoPartyOrg[] = [];
  const org = (o: Omit<DemoPartyOrg, 'id' | 'communityCode'>): DemoPartyOrg => {
    const made = { id: ids.nextOrgId++, communityCode: community.code, ...o };
    orgs.push(made);
    return made;
  };
  const general = org({
    parentId: null,
    level: 'general_branch',
    scope: 'community',
    name: `${community.name}党总支`,
    compoundCode: null,
    secretaryPersonId: secretary(cadres),
    buildingCodes: [],
  });

  const buildingBranches = (parent: DemoPartyOrg, prefix: string, homes: DemoBuilding[]) => {
    for (const run of runs(rng, homes, 1, 4)) {
      if (rng.chance(0.05)) continue;
      const label = `${prefix}${buildingLabel(run)}`;
      const branch = org({
        parentId: parent.id,
        level: 'branch',
        scope: 'building',
        name: `${label}党支部`,
        compoundCode: parent.compoundCode,
        secretaryPersonId: secretary(members),
        buildingCodes: run.map((b) => b.code),
      });
      if (rng.chance(0.5)) {
        org({
          parentId: branch.id,
          level: 'group',
          scope: 'building',
          name: `${label}党小组`,
          compoundCode: parent.compoundCode,
          secretaryPersonId: secretary(groupLeaders),
          buildingCodes: [],
        });
      }
    }
  };
  for (const compound of compounds) {
    const homes = buildings.filter((b) => b.compoundCode === compound.code && b.households > 0);
    const branch = org({
      parentId: general.id,
      level: 'branch',
      scope: 'compound',
      name: `${compound.name}党支部`,
      compoundCode: compound.code,
      secretaryPersonId: secretary(members),
      buildingCodes: [],
    });
    buildingBranches(branch, compound.name, homes);
  }
  // Street houses outside compounds hang directly under the general branch, named by street.
  const streetHomes = buildings.filter((b) => b.compoundCode === null && b.households > 0);
  for (const run of runs(rng, streetHomes, 2, 4)) {
    if (rng.chance(0.05)) continue;
    const street = run[0].address.replace(/^仙女镇/, '').replace(/\d+号$/, '');
    org({
      parentId: general.id,
      level: 'branch',
      scope: 'building',
      name: `${street}片区楼幢党支部`,
      compoundCode: null,
      secretaryPersonId: secretary(members),
      buildingCodes: run.map((b) => b.code),
    });
  }
  return { orgs, areas: responsibilityAreas(rng, compounds, buildings, members, ids) };
}

/** Runs of 2–6 neighbouring homes per party member; about one run in nine stays uncovered. */
function responsibilityAreas(
  rng: Prng,
  compounds: readonly DemoCompound[],
  buildings: readonly DemoBuilding[],
  members: readonly DemoPerson[],
  ids: PartyIds,
): DemoPartyArea[] {
  if (members.length === 0) return [];
  const homesOf = (compoundCode: string | null) => buildings.filter((b) => b.compoundCode === compoundCode && b.households > 0);
  const groups = [...compounds.map((c) => homesOf(c.code)), homesOf(null)];
  const order = rng.shuffle(members);
  const areasOfPerson = new Map<number, number>();
  const areas: DemoPartyArea[] = [];
  let turn = 0;
  for (const group of groups) {
    for (const run of runs(rng, group, 2, 6)) {
      if (rng.chance(0.11)) continue;
      const person = order[turn++ % order.length];
      const count = (areasOfPerson.get(person.id) ?? 0) + 1;
      areasOfPerson.set(person.id, count);
      const name = count === 1 ? `${person.name}党员责任区` : `${person.name}党员责任区（${chineseNumeral(count)}）`;
      areas.push({ id: ids.nextAreaId++, personId: person.id, name, buildingCodes: run.map((b) => b.code) });
    }
  }
  return areas;
}
