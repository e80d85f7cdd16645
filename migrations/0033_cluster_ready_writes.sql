-- purpose: writes that a Citus cluster can run as they run on one node: the map data's version is raised by the code that writes (server/src/db/map-data.ts), since a cluster runs a distributed table's triggers on the workers, which cannot reach the coordinator's counter

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['community', 'building', 'facility', 'setting', 'compound', 'grid_plan', 'grid_cell', 'cell_building'] LOOP
    EXECUTE format('DROP TRIGGER map_data_changed ON %I', t);
  END LOOP;
END $$;
DROP FUNCTION raise_map_data_version();

