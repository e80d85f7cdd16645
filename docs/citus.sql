-- Sharding a Gridplan database with Citus, by county (see docs/scale.md, "Sharding with Citus").
-- Run on the coordinator of a Citus 12+ cluster with PostGIS on every node, after
-- `gridplan migrate` and before the API servers start. The table lists here are the ones in
-- server/src/db/distribution.ts (tests/db/distribution-schema.test.ts checks they match).

CREATE EXTENSION IF NOT EXISTS citus;

-- On one node a row left without county_code gets it from its code or parent row by trigger;
-- a cluster routes a row by the value in the statement, so the API, the demo loader and restores
-- name it in every insert (tests/db/distribution-sql.test.ts) and the fill triggers go.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT g.tgname, c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
            WHERE g.tgname = 'county_code_fill' LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', r.tgname, r.relname);
  END LOOP;
END $$;

-- Cached tiles: the map data counter (map_data_version, 0016) stays a local table on the
-- coordinator. Since migration 0033 no trigger raises it: every API server, import, demo load
-- and restore raises it in the transaction that wrote a tiled layer's table, just before COMMIT
-- (server/src/db/map-data.ts), so a cluster invalidates cached tiles as one node does. Writes
-- made by hand in psql must raise it too:
--   UPDATE map_data_version SET version = version + 1;

-- An account's person link (written by the demo loader and restores, by no API route) is
-- unchecked on a cluster: a trigger on a reference table cannot read a distributed one there.
DROP TRIGGER IF EXISTS app_user_person_exists ON app_user;

-- The building counts per community (community_building_summary), what a low-zoom tile draws of
-- each community (community_overview, 0041) and the search entries (search_entry, 0028, and their
-- pieces in rank order, search_piece, 0035) are kept by triggers on building, compound, community,
-- facility and person that write co-located shards of the same county: allowed with this setting.
ALTER SYSTEM SET citus.enable_unsafe_triggers = on;
SELECT pg_reload_conf();

-- Reference tables: copied to every node, in dependency order.
SELECT create_reference_table('setting');
SELECT create_reference_table('division');
SELECT create_reference_table('town');
SELECT create_reference_table('road');
SELECT create_reference_table('app_user');
SELECT create_reference_table('session');
SELECT create_reference_table('scorecard_target');
SELECT create_reference_table('grading_round');
SELECT create_reference_table('facility_scenario');

-- Distributed tables: sharded by county_code, all co-located with community, parents first.
SELECT create_distributed_table('community', 'county_code');
SELECT create_distributed_table('compound', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('building', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('building_atom', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('atom_adjacency', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('community_building_summary', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('community_office', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grid_cell_numbering', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grid_plan', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grid_cell', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grid_cell_claim', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('cell_building', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('cell_lineage', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grid_plan_edit', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('person', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('cell_assignment', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('party_org', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('party_org_building', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('party_area', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('party_area_building', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('volunteer_team', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('volunteer_member', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('volunteer_team_area', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('facility', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('community_overview', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('facility_option', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('facility_project', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('community_indicator', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('community_grade', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('grading_score', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('dispute', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('dispute_event', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('dispute_photo', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('search_entry', 'county_code', colocate_with => 'community');
SELECT create_distributed_table('search_piece', 'county_code', colocate_with => 'community');

-- Local tables, on the coordinator only: schema_migration, audit_log, import_job,
-- login_failure, map_data_version.
