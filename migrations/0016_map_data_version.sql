-- purpose: one counter of the map's data that every committed change to a tiled layer's tables raises, so cached vector tiles of every API server know when they are stale
CREATE TABLE map_data_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO map_data_version (one, version) VALUES (true, 1);

-- Raised once per transaction, after its first statement that writes a tiled layer's table (a
-- statement trigger: no per-row work, nothing queued), and visible with the data at commit, so a
-- reader that sees the new number also sees the new data.
CREATE FUNCTION raise_map_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('gridplan.map_data_raised', true), '') <> 'yes' THEN
    PERFORM set_config('gridplan.map_data_raised', 'yes', true);
    UPDATE map_data_version SET version = version + 1;
  END IF;
  RETURN NULL;
END $$;

-- The tables the tiled layers (communities, compounds, buildings, cells) are drawn from: the
-- communities' figures come from buildings, facilities and the housing-standard settings.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'building', 'facility', 'setting', 'compound', 'grid_plan', 'grid_cell', 'cell_building'] LOOP
    EXECUTE format('CREATE TRIGGER map_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION raise_map_data_version()', t);
  END LOOP;
END $$;
