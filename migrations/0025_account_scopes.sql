-- purpose: an account's data scope (a city, county, town or community code prefix; null = the whole installation), and the index a scoped project list reads
ALTER TABLE app_user ADD COLUMN scope_code text
  CHECK (scope_code IS NULL OR scope_code ~ '^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$');

-- A scope is read as a code range (code >= prefix AND code < the next prefix), which a plain btree
-- index on the community code answers under any collation (PGlite's C as well as C.UTF-8 or a
-- language collation on PostgreSQL, where LIKE 'prefix%' would need text_pattern_ops). Building,
-- compound, person, grid_plan, dispute, facility and option tables have such an index already;
-- facility projects had none.
CREATE INDEX facility_project_community_idx ON facility_project (community_code);
