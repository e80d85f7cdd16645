-- purpose: grid cells get a name beside their 第N网格 label and keep a drawn outline as their boundary; new cell numbers are chosen under one row per community so two drafts never pick the same one
-- A name such as 福星新村片, shown beside the label; empty = none.
ALTER TABLE grid_cell ADD COLUMN name text NOT NULL DEFAULT '' CHECK (length(name) <= 40);
-- The outline a planner drew for the cell. While it covers exactly the cell's buildings, the
-- cell's boundary is this outline clipped to the community instead of the union of its atoms.
ALTER TABLE grid_cell ADD COLUMN outline geometry(Polygon, 4326);

-- An edit that may create cells holds its community's row (upsert) until it commits, so a second
-- draft choosing a new number waits and then sees the number the first one took.
CREATE TABLE grid_cell_numbering (
  community_code text PRIMARY KEY REFERENCES community (code) ON DELETE CASCADE,
  chosen_at      timestamptz NOT NULL DEFAULT now()
);
