-- Atoms and their adjacency are derived from buildings and community outlines: they are only
-- ever written by the atom rebuild, which deletes a community's pairs and atoms and computes
-- them again from its buildings. Their foreign keys checked each written row one lookup at a
-- time: an import of 100,000 buildings writes about 300,000 pairs, and the three checks per pair
-- (two buildings, one community) were three quarters of the time to insert them on PostgreSQL.
-- The pairs' keys go; a deleted building still takes its pairs with it, through one statement
-- trigger instead of a cascade per row. An atom keeps its key to its building (the cascade that
-- removes it); its community is its building's, which the building's own key checks.
ALTER TABLE atom_adjacency DROP CONSTRAINT atom_adjacency_a_fkey;
ALTER TABLE atom_adjacency DROP CONSTRAINT atom_adjacency_b_fkey;
ALTER TABLE atom_adjacency DROP CONSTRAINT atom_adjacency_community_code_fkey;
ALTER TABLE building_atom DROP CONSTRAINT building_atom_community_code_fkey;

CREATE FUNCTION atom_adjacency_of_deleted_buildings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM atom_adjacency j USING old_rows o
   WHERE j.community_code = o.community_code AND j.county_code = o.county_code AND (j.a = o.code OR j.b = o.code);
  RETURN NULL;
END $$;

CREATE TRIGGER atom_adjacency_of_deleted_buildings AFTER DELETE ON building
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION atom_adjacency_of_deleted_buildings();
