/**
 * Proposes party member responsibility areas (党员责任区): every building not yet in an area goes
 * to one party member, preferring buildings near the member's home, with households balanced so
 * no member carries more than `capacity` (the fair share times 1 + tolerance, and never less than
 * the largest building). A capacitated assignment solved with HiGHS, started from the greedy
 * answer; overflow above capacity is allowed at a steep price so there is always an answer.
 */
import { MipModel } from '../solver/model';
import { runMip, type MipStatus } from '../solver/highs';
import { msg, type Message } from '../../contract/messages';
import { distanceMetres, type LngLat } from './distance';

export interface AreaBuilding {
  code: string;
  households: number;
  center: LngLat;
}

export interface AreaMember {
  personId: number;
  home: LngLat | null;
  /** Households already in this member's areas. */
  currentHouseholds: number;
}

export interface AreaSuggestion {
  status: MipStatus | 'greedy';
  capacityHouseholds: number;
  areas: { personId: number; buildingCodes: string[]; households: number; addedHouseholds: number }[];
}

const OVERFLOW_PER_HOUSEHOLD = 100; // km-equivalents: far worse than any walk within a community
const NEAREST_MEMBERS = 8;

/** The household load each member may carry. */
export function areaCapacity(buildings: readonly AreaBuilding[], members: readonly AreaMember[], tolerance: number): number {
  const total = buildings.reduce((s, b) => s + b.households, 0) + members.reduce((s, m) => s + m.currentHouseholds, 0);
  const fair = members.length ? total / members.length : total;
  const largest = buildings.reduce((m, b) => Math.max(m, b.households), 0);
  return Math.max(largest, Math.ceil(fair * (1 + tolerance)));
}

function homeOf(member: AreaMember, buildings: readonly AreaBuilding[]): LngLat {
  if (member.home) return member.home;
  // Without a home, members sit at the middle of the buildings to assign.
  const n = Math.max(1, buildings.length);
  return [buildings.reduce((s, b) => s + b.center[0], 0) / n, buildings.reduce((s, b) => s + b.center[1], 0) / n];
}

/** Greedy: largest buildings first, each to the nearest member with room (or the least loaded). */
export function greedyAreas(buildings: readonly AreaBuilding[], members: readonly AreaMember[], capacity: number): number[] {
  const load = members.map((m) => m.currentHouseholds);
  const homes = members.map((m) => homeOf(m, buildings));
  const owner = new Array<number>(buildings.length).fill(-1);
  const order = buildings.map((_, i) => i).sort((a, b) => buildings[b].households - buildings[a].households);
  for (const i of order) {
    const b = buildings[i];
    const byDistance = members.map((_, m) => m).sort((p, q) => distanceMetres(homes[p], b.center) - distanceMetres(homes[q], b.center));
    const fits = byDistance.find((m) => load[m] + b.households <= capacity);
    const m = fits ?? byDistance.reduce((best, m2) => (load[m2] < load[best] ? m2 : best), byDistance[0]);
    owner[i] = m;
    load[m] += b.households;
  }
  return owner;
}

function shape(buildings: readonly AreaBuilding[], members: readonly AreaMember[], owner: readonly number[]): AreaSuggestion['areas'] {
  return members.map((m, j) => {
    const mine = buildings.filter((_, i) => owner[i] === j);
    const added = mine.reduce((s, b) => s + b.households, 0);
    return {
      personId: m.personId,
      buildingCodes: mine.map((b) => b.code).sort(),
      households: m.currentHouseholds + added,
      addedHouseholds: added,
    };
  });
}

export async function suggestAreas(
  buildings: readonly AreaBuilding[],
  members: readonly AreaMember[],
  options: { tolerance?: number; timeLimitSeconds?: number } = {},
): Promise<AreaSuggestion> {
  const capacity = areaCapacity(buildings, members, options.tolerance ?? 0.25);
  if (members.length === 0 || buildings.length === 0)
    return { status: 'optimal', capacityHouseholds: capacity, areas: shape(buildings, members, []) };
  const greedy = greedyAreas(buildings, members, capacity);
  const homes = members.map((m) => homeOf(m, buildings));
  const model = new MipModel('minimize');
  const edges: { i: number; j: number; col: number }[] = [];
  buildings.forEach((b, i) => {
    const near = members.map((_, j) => j).sort((p, q) => distanceMetres(homes[p], b.center) - distanceMetres(homes[q], b.center));
    const allowed = new Set(near.slice(0, NEAREST_MEMBERS));
    allowed.add(greedy[i]); // keeps the greedy answer inside the model as a MIP start
    for (const j of allowed) edges.push({ i, j, col: model.addBinary(distanceMetres(homes[j], b.center) / 1000) });
  });
  buildings.forEach((_, i) =>
    model.equal(
      edges.filter((e) => e.i === i).map((e) => [e.col, 1] as const),
      1,
    ),
  );
  const overflow = members.map(() => model.addContinuous(0, Infinity, OVERFLOW_PER_HOUSEHOLD));
  members.forEach((m, j) => {
    const terms = edges.filter((e) => e.j === j).map((e) => [e.col, buildings[e.i].households] as const);
    model.atMost([...terms, [overflow[j], -1]], capacity - m.currentHouseholds);
  });
  const start = new Array<number>(model.columnCount).fill(0);
  for (const e of edges) if (greedy[e.i] === e.j) start[e.col] = 1;
  const load = members.map((m) => m.currentHouseholds);
  buildings.forEach((b, i) => (load[greedy[i]] += b.households));
  overflow.forEach((col, j) => (start[col] = Math.max(0, load[j] - capacity)));

  const result = await runMip(model, { timeLimitSeconds: options.timeLimitSeconds ?? 5, mipRelGap: 0.01, start });
  if (!result.values) return { status: 'greedy', capacityHouseholds: capacity, areas: shape(buildings, members, greedy) };
  const owner = new Array<number>(buildings.length).fill(-1);
  for (const e of edges) if (result.values[e.col] === 1) owner[e.i] = e.j;
  return { status: result.status, capacityHouseholds: capacity, areas: shape(buildings, members, owner) };
}

/** What the planner should know about a proposal: the fallback used, no members, members over capacity. */
export function areaNotes(suggestion: AreaSuggestion, memberCount: number): Message[] {
  const notes: Message[] = [];
  if (suggestion.status === 'greedy') notes.push(msg('suggest.greedy'));
  if (memberCount === 0) notes.push(msg('suggest.no_party_members'));
  const over = suggestion.areas.filter((a) => a.households > suggestion.capacityHouseholds).length;
  if (over > 0) notes.push(msg('suggest.over_capacity', { count: over, capacityHouseholds: suggestion.capacityHouseholds }));
  return notes;
}
