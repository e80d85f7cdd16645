-- A coverage report finds the volunteer teams serving its cells through their areas, by cell code
-- and by compound. Without an index on either, a report scoped to 33 of 10,000 communities read
-- every team area of the installation twice.
CREATE INDEX IF NOT EXISTS volunteer_team_area_cell_idx ON volunteer_team_area (cell_code);
CREATE INDEX IF NOT EXISTS volunteer_team_area_compound_idx ON volunteer_team_area (compound_code, county_code);
