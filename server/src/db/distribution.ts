/**
 * How the schema is laid out on a Citus cluster (docs/citus.sql): the one list the migration,
 * the schema test, the SQL test and docs/citus.sql are checked against.
 *
 * Distributed tables are split by `county_code` (the first 6 digits of a community code), so a
 * county's communities, buildings, grid plans and registers live on one node and every join
 * inside a county stays there. Reference tables are small, read everywhere and copied to every
 * node. Local tables stay on the coordinator (logs and jobs the API reads by id).
 */

/** The distribution column of every distributed table. */
export const DISTRIBUTION_COLUMN = 'county_code';

/**
 * Distributed tables in dependency order (a table after every table it references), each with
 * where its county code comes from: a code column (`left(column, 6)`), or the parent row a
 * composite foreign key ties it to.
 */
export const DISTRIBUTED_TABLES = [
  { table: 'community', countyFrom: { column: 'code' } },
  { table: 'compound', countyFrom: { column: 'community_code' } },
  { table: 'building', countyFrom: { column: 'community_code' } },
  { table: 'building_atom', countyFrom: { column: 'community_code' } },
  { table: 'atom_adjacency', countyFrom: { column: 'community_code' } },
  { table: 'community_building_summary', countyFrom: { column: 'community_code' } },
  { table: 'community_office', countyFrom: { column: 'community_code' } },
  { table: 'grid_cell_numbering', countyFrom: { column: 'community_code' } },
  { table: 'grid_plan', countyFrom: { column: 'community_code' } },
  { table: 'grid_cell', countyFrom: { parent: 'grid_plan', via: 'plan_id' } },
  { table: 'grid_cell_claim', countyFrom: { parent: 'grid_cell', via: 'cell_id' } },
  { table: 'cell_building', countyFrom: { column: 'building_code' } },
  { table: 'cell_lineage', countyFrom: { parent: 'grid_cell', via: 'child_cell_id' } },
  { table: 'grid_plan_edit', countyFrom: { parent: 'grid_plan', via: 'plan_id' } },
  { table: 'person', countyFrom: { column: 'community_code' } },
  { table: 'cell_assignment', countyFrom: { parent: 'grid_cell', via: 'cell_id' } },
  { table: 'party_org', countyFrom: { column: 'community_code' } },
  { table: 'party_org_building', countyFrom: { column: 'building_code' } },
  { table: 'party_area', countyFrom: { parent: 'person', via: 'person_id' } },
  { table: 'party_area_building', countyFrom: { column: 'building_code' } },
  { table: 'volunteer_team', countyFrom: { column: 'community_code' } },
  { table: 'volunteer_member', countyFrom: { parent: 'volunteer_team', via: 'team_id' } },
  { table: 'volunteer_team_area', countyFrom: { parent: 'volunteer_team', via: 'team_id' } },
  { table: 'facility', countyFrom: { column: 'community_code' } },
  { table: 'community_overview', countyFrom: { column: 'code' } },
  { table: 'facility_option', countyFrom: { column: 'community_code' } },
  { table: 'facility_project', countyFrom: { column: 'community_code' } },
  { table: 'community_indicator', countyFrom: { column: 'community_code' } },
  { table: 'community_grade', countyFrom: { column: 'community_code' } },
  { table: 'grading_score', countyFrom: { column: 'community_code' } },
  { table: 'dispute', countyFrom: { column: 'community_code' } },
  { table: 'dispute_event', countyFrom: { parent: 'dispute', via: 'dispute_id' } },
  { table: 'dispute_photo', countyFrom: { parent: 'dispute', via: 'dispute_id' } },
  { table: 'search_entry', countyFrom: { column: 'county_code' } },
  { table: 'search_piece', countyFrom: { column: 'county_code' } },
] as const satisfies readonly { table: string; countyFrom: { column: string } | { parent: string; via: string } }[];

/**
 * Reference tables in dependency order: settings, places above the community, vocabularies,
 * accounts and sessions, town-wide rounds and plans. Small, and joined with any county's rows.
 */
export const REFERENCE_TABLES = [
  'setting',
  'division',
  'town',
  'road',
  'app_user',
  'session',
  'scorecard_target',
  'grading_round',
  'facility_scenario',
] as const;

/** Tables that stay on the coordinator only: logs, jobs and counters, never joined with county rows. */
export const LOCAL_TABLES = ['schema_migration', 'audit_log', 'import_job', 'login_failure', 'map_data_version'] as const;

/**
 * Views over distributed tables: they expose `county_code` and join their tables on it, so a
 * query naming them obeys the same rules as one naming the tables.
 */
export const DISTRIBUTED_VIEWS = ['community_status', 'search_source'] as const;

export type DistributedTable = (typeof DISTRIBUTED_TABLES)[number]['table'];

const distributed = new Set<string>([...DISTRIBUTED_TABLES.map((t) => t.table), ...DISTRIBUTED_VIEWS]);
const reference = new Set<string>(REFERENCE_TABLES);

/** Whether `name` is a distributed table or a view over them. */
export function isDistributed(name: string): boolean {
  return distributed.has(name);
}

/** Whether `name` is a reference table. */
export function isReference(name: string): boolean {
  return reference.has(name);
}

/**
 * The county of grid plan `param` (a statement parameter such as `$1`), for a write addressed by
 * plan id: `AND county_code = ${planCounty('$1')}` lets a cluster send it to that county's node
 * (the subquery runs first), at the cost of one index lookup on a single node.
 */
export const planCounty = (param: string): string => `(SELECT county_code FROM grid_plan WHERE id = ${param})`;

/** The column a distributed table's county code is the first 6 digits of, when the row has one. */
export function countySourceColumn(table: string): string | undefined {
  const found = DISTRIBUTED_TABLES.find((t) => t.table === table)?.countyFrom;
  return found && 'column' in found ? found.column : undefined;
}
