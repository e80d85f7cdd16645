-- purpose: a drawn outline stays a cell's boundary: the parts of the community a cell holds beyond its buildings' atoms
-- A claim is an area a cell owns whatever the atoms under it say. A cell's outline is the atoms
-- of its buildings minus the other cells' claims, plus its own claim; claims of one plan never
-- overlap, so the cells still tile the community. A cell without a row is the union of its atoms.
-- Distributed by county with its cell (0024): the county is part of the key and of the link.
CREATE TABLE grid_cell_claim (
  cell_id     bigint NOT NULL,
  county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (cell_id, county_code),
  FOREIGN KEY (cell_id, county_code) REFERENCES grid_cell (id, county_code) ON DELETE CASCADE
);
CREATE TRIGGER county_code_fill BEFORE INSERT ON grid_cell_claim FOR EACH ROW WHEN (NEW.county_code IS NULL)
  EXECUTE FUNCTION county_code_fill('cell_id', 'grid_cell');
CREATE INDEX grid_cell_claim_geom_idx ON grid_cell_claim USING gist (geom);
