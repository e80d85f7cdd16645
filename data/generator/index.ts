// The deterministic demo town (PRODUCT §6): the same seed gives byte-identical output.
import { Prng } from './prng';
import { ringToLngLat, toLngLat } from './geo';
import { blockRoadNames, buildLattice, latticeRoads, townRing } from './roads';
import { latticeSize, planCommunities } from './communities';
import { CompoundNames, layoutCommunity } from './compounds';
import { HouseNumbers, codePlaces } from './places';
import { planFacilities } from './planning';
import { requiredAreaSquareMetres } from './facilities';
import { PhoneBook, peopleOf } from './people';
import { partyOf } from './party';
import { volunteerTeamsOf } from './volunteers';
import { TOWN_CODE, TOWN_NAME, communityDivisions } from './divisions';
import type {
  DemoAccount,
  DemoBuilding,
  DemoCommunity,
  DemoCompound,
  DemoPartyArea,
  DemoPartyOrg,
  DemoPerson,
  DemoRoad,
  DemoTown,
  DemoVolunteerTeam,
} from './types';

export type * from './types';

export interface GenerateOptions {
  communities?: number;
  seed?: number;
}

export const DEFAULT_COMMUNITIES = 22;
export const DEFAULT_SEED = 2008;
/** The community whose grid worker gets the demo `worker` account (引江社区). */
export const WORKER_COMMUNITY_CODE = '321012100006';

export function generateTown({ communities = DEFAULT_COMMUNITIES, seed = DEFAULT_SEED }: GenerateOptions = {}): DemoTown {
  if (!Number.isInteger(communities) || communities < 1) throw new RangeError(`communities must be a positive integer, got ${communities}`);
  const rng = new Prng(seed);
  const divisions = communityDivisions(communities);
  const { cols, rows } = latticeSize(communities);
  const lattice = buildLattice(rng.fork('lattice'), cols, rows);
  const plans = planCommunities(rng.fork('communities'), lattice, divisions);

  const roads: DemoRoad[] = latticeRoads(lattice);
  for (const plan of plans)
    for (const block of plan.blocks)
      if (block.lane)
        roads.push({
          name: block.lane.name,
          kind: 'local',
          geometry: { type: 'LineString', coordinates: [toLngLat(block.lane.from), toLngLat(block.lane.to)] },
        });

  const compoundNames = new CompoundNames();
  const numbers = new HouseNumbers(cols * 800);
  const compounds: DemoCompound[] = [];
  const buildings: DemoBuilding[] = [];
  const placesByCommunity = plans.map((plan) => {
    const layout = layoutCommunity(rng.fork(`layout:${plan.code}`), lattice, plan, compoundNames);
    const places = codePlaces(plan.code, layout, numbers);
    compounds.push(...places.compounds);
    buildings.push(...places.buildings);
    return places;
  });
  const households = placesByCommunity.map((p) => p.buildings.reduce((t, b) => t + b.households, 0));
  const residents = placesByCommunity.map((p) => p.buildings.reduce((t, b) => t + b.residents, 0));

  const planning = planFacilities(
    rng.fork('facilities'),
    plans.map((plan, i) => ({
      plan,
      households: households[i],
      compoundNames: placesByCommunity[i].compounds.map((c) => c.name),
      roadNames: [...new Set(plan.blocks.flatMap((b) => blockRoadNames(lattice, b.i, b.j)))],
    })),
    compoundNames,
  );

  const communityRows: DemoCommunity[] = plans.map((plan, i) => ({
    code: plan.code,
    name: plan.name,
    geometry: { type: 'MultiPolygon', coordinates: [[ringToLngLat(plan.ring)]] },
    households: households[i],
    residents: residents[i],
    requiredAreaSquareMetres: requiredAreaSquareMetres(households[i]),
    currentAreaSquareMetres: planning.currentAreaM2[i],
    compliant: planning.compliant[i],
  }));

  const phones = new PhoneBook();
  const people: DemoPerson[] = [];
  const partyOrgs: DemoPartyOrg[] = [];
  const partyAreas: DemoPartyArea[] = [];
  const volunteerTeams: DemoVolunteerTeam[] = [];
  const partyIds = { nextOrgId: 1, nextAreaId: 1 };
  plans.forEach((plan, i) => {
    const r = rng.fork(`people:${plan.code}`);
    const { compounds: communityCompounds, buildings: communityBuildings } = placesByCommunity[i];
    const residentsHere = peopleOf(r, plan.code, communityBuildings, phones, people.length + 1);
    people.push(...residentsHere);
    const party = partyOf(r, plan, communityCompounds, communityBuildings, residentsHere, partyIds);
    partyOrgs.push(...party.orgs);
    partyAreas.push(...party.areas);
    volunteerTeams.push(...volunteerTeamsOf(r, plan, communityCompounds, residentsHere, volunteerTeams.length + 1));
  });

  const workerCommunity = plans.some((p) => p.code === WORKER_COMMUNITY_CODE) ? WORKER_COMMUNITY_CODE : plans[0].code;
  const worker = people.find((p) => p.communityCode === workerCommunity && p.type === 'community_cadre');
  if (!worker) throw new Error(`no community cadre in ${workerCommunity}`);
  const accounts: DemoAccount[] = [
    { username: 'admin', role: 'admin', displayName: '系统管理员', personId: null },
    { username: 'planner', role: 'planner', displayName: '镇网格规划员', personId: null },
    { username: 'official', role: 'official', displayName: '镇分管领导', personId: null },
    { username: 'worker', role: 'worker', displayName: worker.name, personId: worker.id },
  ];

  return {
    seed,
    town: { code: TOWN_CODE, name: TOWN_NAME, geometry: { type: 'MultiPolygon', coordinates: [[ringToLngLat(townRing(lattice))]] } },
    roads,
    communities: communityRows,
    compounds,
    buildings,
    facilities: planning.facilities,
    options: planning.options,
    people,
    partyOrgs,
    partyAreas,
    volunteerTeams,
    accounts,
    workerPersonId: worker.id,
    budget: planning.budget,
  };
}
