-- purpose: the data scope a facility scenario was solved for and an import job was started in (the account's scope then; null = the whole installation), so scoped accounts see and approve only their own
ALTER TABLE facility_scenario ADD COLUMN scope_code text
  CHECK (scope_code IS NULL OR scope_code ~ '^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$');
ALTER TABLE import_job ADD COLUMN scope_code text
  CHECK (scope_code IS NULL OR scope_code ~ '^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$');
