/**
 * Loads the generated demo town into a database, replacing whatever town data it held, in
 * one transaction: a failed load leaves the previous town in place.
 */
import type { Db } from '../server/src/db/pool';
import { rebuildAllAtoms } from '../server/src/db/atoms';
import { deferSearchEntries, fillPlaceSearchEntries } from '../server/src/db/search';
import { hashPassword } from '../server/src/domain/auth/password';
import { DEFAULT_COMMUNITIES, DEFAULT_SEED, generateTown } from './generator/index';
import { wipeTown } from './loader/wipe';
import { insertPlaces } from './loader/places';
import {
  insertAccounts,
  insertFacilities,
  insertParty,
  insertPeople,
  insertVolunteers,
  setBudget,
  syncSequences,
} from './loader/community-life';
import { insertGridPlans, type GridSummary } from './loader/grid';
import { insertDisputes } from './loader/disputes';
import { insertScorecard } from './loader/scorecard';

export interface LoadOptions {
  communities?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Threads the grid partitions are computed on: by default one per core from 200 communities on, else in place. */
  partitionThreads?: number;
}

export interface LoadCounts {
  communities: number;
  roads: number;
  compounds: number;
  buildings: number;
  households: number;
  residents: number;
  atoms: number;
  adjacencies: number;
  facilities: number;
  compliantCommunities: number;
  options: number;
  people: number;
  partyOrgs: number;
  partyAreas: number;
  volunteerTeams: number;
  gridPlans: number;
  cells: number;
  cellAssignments: number;
  accounts: number;
}

export interface LoadReport {
  seed: number;
  counts: LoadCounts;
  budgetPerYearYuan: [number, number];
  /** Communities whose automatic partition reported problems (cells still cover every building). */
  infeasibleGrids: GridSummary['infeasible'];
  generateMs: number;
  writeMs: number;
  durationMs: number;
}

/**
 * A progress callback that passes on the first count past each tenth of the total, and the total:
 * batches differ in size, so the counts step over most exact tenths.
 */
export function byTenths(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let tenth = 0;
  return (done, total) => {
    const now = Math.floor((done * 10) / total);
    if (now === tenth && done !== total) return;
    tenth = now;
    report(done, total);
  };
}

export async function loadDemoTown(db: Db, opts: LoadOptions = {}): Promise<LoadReport> {
  const log = opts.log ?? (() => undefined);
  const communities = opts.communities ?? DEFAULT_COMMUNITIES;
  const seed = opts.seed ?? DEFAULT_SEED;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const town = generateTown({ communities, seed });
  // scrypt is deliberately slow: hash the shared demo password once for all accounts.
  const passwordHash = await hashPassword('demo');
  const generateMs = Date.now() - started;
  log(`generated ${town.communities.length} communities, ${town.buildings.length} buildings (seed ${seed}) in ${elapsed()}`);

  const { grid, atoms, adjacencies } = await db.withTransaction(async (c) => {
    // PostGIS functions carry high planner costs, which makes PostgreSQL JIT-compile most
    // statements here: compiling takes longer than running them.
    await c.query('SET LOCAL jit = off');
    await wipeTown(c);
    // The places' search entries are written once the places are in (search.ts).
    await deferSearchEntries(c);
    await insertPlaces(c, town);
    await c.query('ANALYZE town, road, community, compound, building');
    await fillPlaceSearchEntries(c);
    log(`wrote town, ${town.roads.length} roads, ${town.compounds.length} compounds, ${town.buildings.length} buildings (${elapsed()})`);
    await rebuildAllAtoms(
      c,
      byTenths((done, total) => log(`atoms and adjacency: ${done}/${total} communities (${elapsed()})`)),
    );
    await insertFacilities(c, town);
    await insertPeople(c, town);
    await insertParty(c, town);
    await insertVolunteers(c, town);
    await insertAccounts(c, town, passwordHash);
    await setBudget(c, town.budget.budgetPerYearYuan);
    log(`wrote facilities, options, people, party organisations, volunteer teams and accounts (${elapsed()})`);
    const grid = await insertGridPlans(c, town, log, opts.partitionThreads);
    log(`wrote ${grid.plans} published grid plans, ${grid.cells} cells (${elapsed()})`);
    // Disputes find their cells through the plans just written: planned without statistics of
    // them, the 10,000-community load took about 13 minutes over its 60,000 disputes.
    await c.query('ANALYZE grid_plan, grid_cell, cell_building, person, app_user');
    await insertScorecard(c, town, seed);
    await syncSequences(c);
    const cases = await insertDisputes(c, town);
    log(`wrote ${cases} disputes and hazards, community office phones (${elapsed()})`);
    await c.query("INSERT INTO audit_log (username, action, entity, entity_id, after) VALUES (NULL, 'load_demo', 'town', $1, $2::jsonb)", [
      town.town.code,
      JSON.stringify({ communities, seed, buildings: town.buildings.length }),
    ]);
    const count = async (table: 'building_atom' | 'atom_adjacency') =>
      (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return { grid, atoms: await count('building_atom'), adjacencies: await count('atom_adjacency') };
  });

  const durationMs = Date.now() - started;
  log(`demo town loaded in ${elapsed()}`);
  return {
    seed,
    counts: {
      communities: town.communities.length,
      roads: town.roads.length,
      compounds: town.compounds.length,
      buildings: town.buildings.length,
      households: town.communities.reduce((t, x) => t + x.households, 0),
      residents: town.communities.reduce((t, x) => t + x.residents, 0),
      atoms,
      adjacencies,
      facilities: town.facilities.length,
      compliantCommunities: town.communities.filter((x) => x.compliant).length,
      options: town.options.length,
      people: town.people.length,
      partyOrgs: town.partyOrgs.length,
      partyAreas: town.partyAreas.length,
      volunteerTeams: town.volunteerTeams.length,
      gridPlans: grid.plans,
      cells: grid.cells,
      cellAssignments: grid.assignments,
      accounts: town.accounts.length,
    },
    budgetPerYearYuan: town.budget.budgetPerYearYuan,
    infeasibleGrids: grid.infeasible,
    generateMs,
    writeMs: durationMs - generateMs,
    durationMs,
  };
}
