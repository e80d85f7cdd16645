-- What a map tile below z11 (and the buildings layer's per-community counts below z13) draws of
-- each community, kept by the writes themselves: the outline already in web mercator and
-- simplified by 9.55 m (half a pixel of a z12 tile drawn 512 pixels wide), the building
-- and household counts, and the office/service space it has. A z8 tile over a 10,000-community
-- town holds about 5,000 communities; projecting their outlines, working out each one's status
-- from its facilities and clipping every vertex cost about 100 ms. Compliance is still worked out when
-- the tile is drawn, from these figures and the standard's settings, so a change of the standard
-- needs no rewrite here.
CREATE TABLE community_overview (
  code            text NOT NULL,
  county_code     text NOT NULL CHECK (county_code ~ '^[0-9]{6}$' AND county_code = left(code, 6)),
  geom            geometry(MultiPolygon, 3857) NOT NULL,
  buildings       integer NOT NULL,
  households      integer NOT NULL,
  current_area_m2 double precision NOT NULL,
  PRIMARY KEY (code, county_code)
);
CREATE INDEX community_overview_geom_idx ON community_overview USING gist (geom);

-- The rows of `codes` (all when null) worked out again from the community, its counts and its
-- facilities; a community that no longer exists loses its row.
-- The overview rows of the communities `codes`, read by key.
CREATE FUNCTION community_overview_rows(codes text[])
  RETURNS TABLE (code text, county_code text, geom geometry, buildings integer, households integer, current_area_m2 float8)
  LANGUAGE sql STABLE AS $$
  SELECT c.code, c.county_code, ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(c.geom, 3857), 9.55)), coalesce(b.buildings, 0), coalesce(b.households, 0), coalesce(f.area, 0)
    FROM community c
    LEFT JOIN community_building_summary b ON b.county_code = c.county_code AND b.community_code = c.code
    LEFT JOIN LATERAL (SELECT sum(fa.area_m2)::float8 AS area FROM facility fa
                        WHERE fa.county_code = c.county_code AND fa.community_code = c.code) f ON true
   WHERE c.code = ANY (codes)
$$;

-- The rows of `codes` (all when null) worked out again from the community, its counts and its
-- facilities; a community that no longer exists loses its row.
CREATE FUNCTION community_overview_refresh(codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF codes IS NULL THEN
    DELETE FROM community_overview o
     WHERE NOT EXISTS (SELECT 1 FROM community c WHERE c.code = o.code AND c.county_code = o.county_code);
    codes := array(SELECT c.code FROM community c);
  ELSE
    DELETE FROM community_overview o
     WHERE o.code = ANY (codes)
       AND NOT EXISTS (SELECT 1 FROM community c WHERE c.code = o.code AND c.county_code = o.county_code);
  END IF;
  INSERT INTO community_overview AS o (code, county_code, geom, buildings, households, current_area_m2)
  SELECT * FROM community_overview_rows(codes)
  ON CONFLICT (code, county_code) DO UPDATE
    SET geom = EXCLUDED.geom, buildings = EXCLUDED.buildings, households = EXCLUDED.households,
        current_area_m2 = EXCLUDED.current_area_m2;
END $$;

-- Statement triggers: a bulk write refreshes the communities it touched once per statement.
CREATE FUNCTION community_overview_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM community_overview_refresh(NULL);
  ELSIF TG_TABLE_NAME = 'community' THEN
    IF TG_OP = 'INSERT' THEN
      PERFORM community_overview_refresh(array(SELECT code FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM community_overview_refresh(array(SELECT code FROM old_rows));
    ELSE
      PERFORM community_overview_refresh(array(SELECT code FROM new_rows UNION SELECT code FROM old_rows));
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM community_overview_refresh(array(SELECT DISTINCT community_code FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM community_overview_refresh(array(SELECT DISTINCT community_code FROM old_rows));
  ELSE
    PERFORM community_overview_refresh(array(SELECT community_code FROM new_rows UNION SELECT community_code FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'community_building_summary', 'facility'] LOOP
    EXECUTE format('CREATE TRIGGER community_overview_insert AFTER INSERT ON %I
                      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_overview_follow()', t);
    EXECUTE format('CREATE TRIGGER community_overview_update AFTER UPDATE ON %I
                      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION community_overview_follow()', t);
    EXECUTE format('CREATE TRIGGER community_overview_delete AFTER DELETE ON %I
                      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION community_overview_follow()', t);
    EXECUTE format('CREATE TRIGGER community_overview_truncate AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION community_overview_follow()', t);
  END LOOP;
END $$;

SELECT community_overview_refresh(NULL);
ANALYZE community_overview;
