-- purpose: one counter of the map's data that every committed change to a tiled layer's tables raises, so cached vector tiles of every API server know when they are stale
CREATE TABLE map_data_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO map_data_version (one, version) VALUES (true, 1);

-- Raised once per transaction, at commit (deferred), so the counter row is locked only for the
-- moment of the commit: writers of different tables never wait on each other for long or deadlock,
-- and a reader that sees the new number also sees the new data.
CREATE FUNCTION raise_map_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('gridplan.map_data_raised', true), '') <> 'yes' THEN
    PERFORM set_config('gridplan.map_data_raised', 'yes', true);
    UPDATE map_data_version SET version = version + 1;
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE cannot be deferred: a plain statement trigger (loading a town).
CREATE FUNCTION raise_map_data_version_now() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE map_data_version SET version = version + 1;
  RETURN NULL;
END $$;

-- The tables the tiled layers (communities, compounds, buildings, cells) are drawn from: the
-- communities' figures come from buildings, facilities and the housing-standard settings.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'building', 'facility', 'setting', 'compound', 'grid_plan', 'grid_cell', 'cell_building'] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER map_data_changed AFTER INSERT OR UPDATE OR DELETE ON %I
                      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_map_data_version()', t);
    EXECUTE format('CREATE TRIGGER map_data_truncated AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION raise_map_data_version_now()', t);
  END LOOP;
END $$;
