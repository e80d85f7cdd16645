-- purpose: the schema is ready to be sharded by county (Citus, docs/citus.sql): every table that grows with communities and buildings carries county_code (the first 6 digits of its community code) in its keys, unique constraints and the foreign keys between them, so each county's rows and every check on them stay on one node

-- 1. The column, filled from the row's own code or from the parent row it belongs to (parents first).
ALTER TABLE community ADD COLUMN county_code text;
UPDATE community SET county_code = left(code, 6);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['compound', 'building', 'building_atom', 'atom_adjacency', 'community_building_summary',
      'community_office', 'grid_cell_numbering', 'grid_plan', 'person', 'party_org', 'volunteer_team', 'facility',
      'facility_option', 'facility_project', 'community_indicator', 'community_grade', 'grading_score', 'dispute'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN county_code text', t);
    EXECUTE format('UPDATE %I SET county_code = left(community_code, 6)', t);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (county_code = left(community_code, 6))', t, t || '_county_code_check');
  END LOOP;
  FOREACH t IN ARRAY ARRAY['cell_building', 'party_org_building', 'party_area_building'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN county_code text', t);
    EXECUTE format('UPDATE %I SET county_code = left(building_code, 6)', t);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (county_code = left(building_code, 6))', t, t || '_county_code_check');
  END LOOP;
END $$;
ALTER TABLE community ADD CONSTRAINT community_county_code_check CHECK (county_code = left(code, 6));

-- Rows without a code of their own take their parent's; the composite foreign keys below keep them equal.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      ('grid_cell', 'plan_id', 'grid_plan'), ('grid_plan_edit', 'plan_id', 'grid_plan'),
      ('cell_lineage', 'child_cell_id', 'grid_cell'), ('cell_assignment', 'cell_id', 'grid_cell'),
      ('party_area', 'person_id', 'person'), ('volunteer_member', 'team_id', 'volunteer_team'),
      ('volunteer_team_area', 'team_id', 'volunteer_team'), ('dispute_event', 'dispute_id', 'dispute'),
      ('dispute_photo', 'dispute_id', 'dispute')) AS v (tbl, via, parent)
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN county_code text', r.tbl);
    EXECUTE format('UPDATE %I t SET county_code = p.county_code FROM %I p WHERE p.id = t.%I', r.tbl, r.parent, r.via);
  END LOOP;
END $$;

-- 2. Keys. The county code goes last in every key, so a lookup by code or id alone still uses
-- the key's index; a foreign key between two distributed tables includes it on both sides
-- (Citus enforces a key only within one node); ON DELETE SET NULL clears only the reference,
-- never the county code.
CREATE TEMP TABLE county_fk (tbl text, conname text, cols text, ref text, refcols text, on_delete text) ON COMMIT DROP;

DO $$
DECLARE
  dist text[] := ARRAY['community', 'compound', 'building', 'building_atom', 'atom_adjacency',
    'community_building_summary', 'community_office', 'grid_cell_numbering', 'grid_plan', 'grid_cell',
    'cell_building', 'cell_lineage', 'grid_plan_edit', 'person', 'cell_assignment', 'party_org',
    'party_org_building', 'party_area', 'party_area_building', 'volunteer_team', 'volunteer_member',
    'volunteer_team_area', 'facility', 'facility_option', 'facility_project', 'community_indicator',
    'community_grade', 'grading_score', 'dispute', 'dispute_event', 'dispute_photo'];
  t text;
  r record;
BEGIN
  FOREACH t IN ARRAY dist LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN county_code SET NOT NULL', t);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (county_code ~ ''^[0-9]{6}$'')', t, t || '_county_code_format');
  END LOOP;

  -- Foreign keys that end at a distributed table: those from a distributed table come back
  -- composite; the one from a reference table (app_user.person_id) is replaced by triggers below.
  FOR r IN
    SELECT c.conname, c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref, c.confdeltype,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS refcols
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY (dist)
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.conname);
    IF r.tbl = ANY (dist) THEN
      INSERT INTO county_fk VALUES (r.tbl, r.conname, r.cols, r.ref, r.refcols,
        CASE r.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN format('SET NULL (%s)', r.cols)
                           WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END);
    END IF;
  END LOOP;

  FOR r IN
    SELECT c.conname, c.conrelid::regclass::text AS tbl, c.contype,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols
      FROM pg_constraint c
     WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY (dist)
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s (%s, county_code)', r.tbl, r.conname,
                   CASE r.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, r.cols);
  END LOOP;

  -- Unique indexes that back no constraint (partial ones: one published plan per community, one
  -- open assignment per cell, person and role, one open project per option).
  FOR r IN
    SELECT i.indexrelid::regclass::text AS idx, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
     WHERE i.indisunique AND i.indrelid::regclass::text = ANY (dist)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  LOOP
    EXECUTE format('DROP INDEX %I', r.idx);
    EXECUTE regexp_replace(r.def, 'USING (\w+) \(([^)]*)\)', 'USING \1 (\2, county_code)');
  END LOOP;

  FOR r IN SELECT * FROM county_fk LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%s, county_code) REFERENCES %I (%s, county_code) ON DELETE %s',
                   r.tbl, r.conname, r.cols, r.ref, r.refcols, r.on_delete);
  END LOOP;
END $$;

-- 3. An account's person is checked by triggers instead of a foreign key: a reference table may
-- not point into a distributed one.
CREATE FUNCTION app_user_person_exists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = NEW.person_id) THEN
    RAISE foreign_key_violation USING MESSAGE = format('person %s does not exist', NEW.person_id),
      CONSTRAINT = 'app_user_person_fk', TABLE = 'app_user';
  END IF;
  RETURN NEW;
END $$;
-- Checked at commit, like a deferred key: a restore writes accounts and people in either order.
CREATE CONSTRAINT TRIGGER app_user_person_exists AFTER INSERT OR UPDATE OF person_id ON app_user
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app_user_person_exists();

CREATE FUNCTION person_account_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM app_user WHERE person_id = OLD.id) THEN
    RAISE foreign_key_violation USING MESSAGE = format('person %s is linked to an account', OLD.id),
      CONSTRAINT = 'app_user_person_fk', TABLE = 'person';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER person_account_kept BEFORE DELETE ON person FOR EACH ROW EXECUTE FUNCTION person_account_kept();

-- 4. The API names county_code in every insert (a sharded cluster routes a row by it). Rows
-- written by hand or by older scripts on one node get it from their code or parent row; the
-- trigger fires only when the column was left out, and docs/citus.sql drops it before sharding.
CREATE FUNCTION county_code_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE source text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
  IF TG_NARGS = 1 THEN
    NEW.county_code := left(source, 6);
  ELSE
    EXECUTE format('SELECT county_code FROM %I WHERE id = $1', TG_ARGV[1]) INTO NEW.county_code USING source::bigint;
  END IF;
  RETURN NEW;
END $$;

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      ('community', 'code', NULL), ('compound', 'community_code', NULL), ('building', 'community_code', NULL),
      ('building_atom', 'community_code', NULL), ('atom_adjacency', 'community_code', NULL),
      ('community_building_summary', 'community_code', NULL), ('community_office', 'community_code', NULL),
      ('grid_cell_numbering', 'community_code', NULL), ('grid_plan', 'community_code', NULL),
      ('grid_cell', 'plan_id', 'grid_plan'), ('cell_building', 'building_code', NULL),
      ('cell_lineage', 'child_cell_id', 'grid_cell'), ('grid_plan_edit', 'plan_id', 'grid_plan'),
      ('person', 'community_code', NULL), ('cell_assignment', 'cell_id', 'grid_cell'),
      ('party_org', 'community_code', NULL), ('party_org_building', 'building_code', NULL),
      ('party_area', 'person_id', 'person'), ('party_area_building', 'building_code', NULL),
      ('volunteer_team', 'community_code', NULL), ('volunteer_member', 'team_id', 'volunteer_team'),
      ('volunteer_team_area', 'team_id', 'volunteer_team'), ('facility', 'community_code', NULL),
      ('facility_option', 'community_code', NULL), ('facility_project', 'community_code', NULL),
      ('community_indicator', 'community_code', NULL), ('community_grade', 'community_code', NULL),
      ('grading_score', 'community_code', NULL), ('dispute', 'community_code', NULL),
      ('dispute_event', 'dispute_id', 'dispute'), ('dispute_photo', 'dispute_id', 'dispute')
    ) AS v (tbl, source, parent)
  LOOP
    EXECUTE format('CREATE TRIGGER county_code_fill BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.county_code IS NULL)
                      EXECUTE FUNCTION county_code_fill(%L%s)', r.tbl, r.source,
                   CASE WHEN r.parent IS NULL THEN '' ELSE format(', %L', r.parent) END);
  END LOOP;
END $$;

-- 5. The community counts (0023) are kept per county and community, and the community status
-- view joins on the county too (and shows it, so a query on the view can be routed).
CREATE OR REPLACE FUNCTION community_building_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM community_building_summary;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO community_building_summary AS s (county_code, community_code, buildings, households, residents)
    SELECT county_code, community_code, count(*), sum(households), sum(residents) FROM new_rows GROUP BY county_code, community_code
    ON CONFLICT (community_code, county_code) DO UPDATE
      SET buildings = s.buildings + EXCLUDED.buildings, households = s.households + EXCLUDED.households,
          residents = s.residents + EXCLUDED.residents;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE community_building_summary s
       SET buildings = s.buildings - d.buildings, households = s.households - d.households, residents = s.residents - d.residents
      FROM (SELECT county_code, community_code, count(*) AS buildings, sum(households) AS households, sum(residents) AS residents
              FROM old_rows GROUP BY county_code, community_code) d
     WHERE s.county_code = d.county_code AND s.community_code = d.community_code;
  ELSE
    INSERT INTO community_building_summary AS s (county_code, community_code, buildings, households, residents)
    SELECT county_code, community_code, sum(n), sum(h), sum(r) FROM (
      SELECT county_code, community_code, 1 AS n, households AS h, residents AS r FROM new_rows
      UNION ALL
      SELECT county_code, community_code, -1, -households, -residents FROM old_rows) d
     GROUP BY county_code, community_code
    ON CONFLICT (community_code, county_code) DO UPDATE
      SET buildings = s.buildings + EXCLUDED.buildings, households = s.households + EXCLUDED.households,
          residents = s.residents + EXCLUDED.residents;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE VIEW community_status AS
  WITH s AS (
    SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
           (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred
  ), b AS (
    SELECT county_code, community_code, households, residents, buildings AS n FROM community_building_summary
  ), f AS (
    SELECT county_code, community_code, sum(area_m2)::float8 AS area FROM facility GROUP BY county_code, community_code
  )
  SELECT c.code,
         coalesce(b.households, 0) AS households,
         coalesce(b.residents, 0) AS residents,
         coalesce(b.n, 0) AS building_count,
         -- PRODUCT §4: required = max(minimum, per-100-households × households / 100)
         greatest(s.min_area, s.per_hundred * coalesce(b.households, 0) / 100.0)::float8 AS required_area_m2,
         coalesce(f.area, 0)::float8 AS current_area_m2,
         c.county_code
    FROM community c CROSS JOIN s
    LEFT JOIN b ON b.county_code = c.county_code AND b.community_code = c.code
    LEFT JOIN f ON f.county_code = c.county_code AND f.community_code = c.code;

-- 6. A community's county is its code's first six digits: the planner is told so, or it reads the
-- county and community equalities of a join as independent and underestimates the rows they keep.
CREATE STATISTICS building_county_of_community (dependencies) ON community_code, county_code FROM building;
CREATE STATISTICS building_atom_county_of_community (dependencies) ON community_code, county_code FROM building_atom;
