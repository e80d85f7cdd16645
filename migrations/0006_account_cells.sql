-- purpose: accounts can be given the cells they work in directly (gridplan users add --cells),
-- besides the cells their linked person is assigned to.
ALTER TABLE app_user ADD COLUMN cell_codes text[] NOT NULL DEFAULT '{}';
