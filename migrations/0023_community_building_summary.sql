-- purpose: each community's building, household and resident counts kept up to date by the writes themselves, so community figures, low-zoom map tiles and scoped reports cost the same at 10,000 communities as at 100
CREATE TABLE community_building_summary (
  community_code text PRIMARY KEY,
  buildings      integer NOT NULL,
  households     integer NOT NULL,
  residents      integer NOT NULL
);

INSERT INTO community_building_summary (community_code, buildings, households, residents)
SELECT community_code, count(*), sum(households), sum(residents) FROM building GROUP BY community_code;

-- Statement triggers with transition tables: a bulk write of 100,000 buildings adds one grouped
-- upsert per statement, not one per row. An update moves its rows' old figures out and the new in.
CREATE FUNCTION community_building_summary_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM community_building_summary;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO community_building_summary AS s (community_code, buildings, households, residents)
    SELECT community_code, count(*), sum(households), sum(residents) FROM new_rows GROUP BY community_code
    ON CONFLICT (community_code) DO UPDATE
      SET buildings = s.buildings + EXCLUDED.buildings, households = s.households + EXCLUDED.households,
          residents = s.residents + EXCLUDED.residents;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE community_building_summary s
       SET buildings = s.buildings - d.buildings, households = s.households - d.households, residents = s.residents - d.residents
      FROM (SELECT community_code, count(*) AS buildings, sum(households) AS households, sum(residents) AS residents
              FROM old_rows GROUP BY community_code) d
     WHERE s.community_code = d.community_code;
  ELSE
    INSERT INTO community_building_summary AS s (community_code, buildings, households, residents)
    SELECT community_code, sum(n), sum(h), sum(r) FROM (
      SELECT community_code, 1 AS n, households AS h, residents AS r FROM new_rows
      UNION ALL
      SELECT community_code, -1, -households, -residents FROM old_rows) d
     GROUP BY community_code
    ON CONFLICT (community_code) DO UPDATE
      SET buildings = s.buildings + EXCLUDED.buildings, households = s.households + EXCLUDED.households,
          residents = s.residents + EXCLUDED.residents;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER community_building_summary_insert AFTER INSERT ON building
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_building_summary_apply();
CREATE TRIGGER community_building_summary_delete AFTER DELETE ON building
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_building_summary_apply();
CREATE TRIGGER community_building_summary_update AFTER UPDATE ON building
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_building_summary_apply();
CREATE TRIGGER community_building_summary_truncate AFTER TRUNCATE ON building
  FOR EACH STATEMENT EXECUTE FUNCTION community_building_summary_apply();

-- The same view and columns as before (0005), reading the kept counts instead of grouping every
-- building of the town on each use.
CREATE OR REPLACE VIEW community_status AS
  WITH s AS (
    SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
           (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred
  ), b AS (
    SELECT community_code, households, residents, buildings AS n FROM community_building_summary
  ), f AS (
    SELECT community_code, sum(area_m2)::float8 AS area FROM facility GROUP BY community_code
  )
  SELECT c.code,
         coalesce(b.households, 0) AS households,
         coalesce(b.residents, 0) AS residents,
         coalesce(b.n, 0) AS building_count,
         -- PRODUCT §4: required = max(minimum, per-100-households × households / 100)
         greatest(s.min_area, s.per_hundred * coalesce(b.households, 0) / 100.0)::float8 AS required_area_m2,
         coalesce(f.area, 0)::float8 AS current_area_m2
    FROM community c CROSS JOIN s
    LEFT JOIN b ON b.community_code = c.code
    LEFT JOIN f ON f.community_code = c.code;
