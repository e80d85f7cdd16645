-- purpose: grid editor: an edit log per plan for server-side undo/redo, and what an automatic proposal reported
-- Each row is one applied (or undone) edit of a draft. `diff` holds the change both ways:
--   {"cells": [{"label", "before": {"locked"} | null, "after": {"locked"} | null}],
--    "moves": [[building_code, from_label | null, to_label | null], ...]}
-- so undo applies it backwards and redo forwards. Edits 1..p with undone = false are applied;
-- p+1..n are undone and are discarded when a new edit is made.
CREATE TABLE grid_plan_edit (
  id        bigserial PRIMARY KEY,
  plan_id   bigint NOT NULL REFERENCES grid_plan (id) ON DELETE CASCADE,
  seq       integer NOT NULL CHECK (seq > 0),
  op        text NOT NULL CHECK (op IN ('move', 'new_cell', 'merge', 'split_line', 'draw', 'lock', 'rebalance', 'regenerate', 'rename')),
  request   jsonb NOT NULL DEFAULT '{}',
  diff      jsonb NOT NULL,
  undone    boolean NOT NULL DEFAULT false,
  username  text REFERENCES app_user (username),
  at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, seq)
);

-- What the partitioner said when it made this plan (seed, range, feasible, reasons); null for hand-made plans.
ALTER TABLE grid_plan ADD COLUMN generation jsonb;
