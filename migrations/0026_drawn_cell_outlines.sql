-- purpose: a drawn outline stays a cell's boundary: the parts of the community a cell holds beyond its buildings' atoms
-- A claim is an area a cell owns whatever the atoms under it say. A cell's outline is the atoms
-- of its buildings minus the other cells' claims, plus its own claim; claims of one plan never
-- overlap, so the cells still tile the community. A cell without a row is the union of its atoms.
CREATE TABLE grid_cell_claim (
  cell_id bigint PRIMARY KEY REFERENCES grid_cell (id) ON DELETE CASCADE,
  geom    geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX grid_cell_claim_geom_idx ON grid_cell_claim USING gist (geom);
