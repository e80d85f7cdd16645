// Clearing the town before a demo load: every row of town data goes; settings, the audit
// log and accounts other than the demo ones stay (their links to people are cut, since
// people are town data).
import type { Queryable } from '../../server/src/db/pool';

export const DEMO_USERNAMES = ['admin', 'planner', 'official', 'worker'];

// app_user and session have to be in the TRUNCATE because person (town data) is referenced
// by app_user; the accounts to keep are parked in temporary tables and put back. CASCADE
// also clears tables later migrations hang off town data (plan edit histories and the like).
const TOWN_TABLES = [
  'dispute_photo',
  'dispute_event',
  'dispute',
  'community_office',
  'grading_score',
  'grading_round',
  'facility_project',
  'facility_scenario',
  'facility_option',
  'facility',
  'community_indicator',
  'community_grade',
  'volunteer_team_area',
  'volunteer_member',
  'volunteer_team',
  'party_area_building',
  'party_area',
  'party_org_building',
  'party_org',
  'cell_assignment',
  'cell_lineage',
  'cell_building',
  'grid_cell',
  'grid_plan',
  'atom_adjacency',
  'building_atom',
  'person',
  'building',
  'compound',
  'road',
  'community',
  'town',
  'session',
  'app_user',
];

export async function wipeTown(c: Queryable): Promise<void> {
  await c.query('CREATE TEMP TABLE kept_user ON COMMIT DROP AS SELECT * FROM app_user WHERE NOT (username = ANY($1::text[]))', [
    DEMO_USERNAMES,
  ]);
  await c.query('CREATE TEMP TABLE kept_session ON COMMIT DROP AS SELECT s.* FROM session s JOIN kept_user u ON u.username = s.username');
  await c.query('UPDATE kept_user SET person_id = NULL');
  await c.query(`TRUNCATE ${TOWN_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  await c.query('INSERT INTO app_user SELECT * FROM kept_user');
  await c.query('INSERT INTO session SELECT * FROM kept_session');
}
