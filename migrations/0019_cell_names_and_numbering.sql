-- purpose: grid cells get a name beside their 第N网格 label; new cell numbers are chosen under one row per community so two drafts never pick the same one
-- A name such as 福星新村片, shown beside the label; empty = none.
ALTER TABLE grid_cell ADD COLUMN name text NOT NULL DEFAULT '' CHECK (length(name) <= 40);

-- Every edit of a draft holds its community's row (upsert) until it commits, so a second
-- draft choosing a new number waits and then sees the number the first one took.
CREATE TABLE grid_cell_numbering (
  community_code text PRIMARY KEY REFERENCES community (code) ON DELETE CASCADE,
  chosen_at      timestamptz NOT NULL DEFAULT now()
);
