-- purpose: a facility project has an owner (a registered person or a free-text name), planned and actual start and finish dates, and progress, so officials can see who is responsible and which projects are late
ALTER TABLE facility_project ADD COLUMN owner_person_id bigint REFERENCES person (id) ON DELETE SET NULL;
ALTER TABLE facility_project ADD COLUMN owner_name text NOT NULL DEFAULT '' CHECK (length(owner_name) <= 60);
ALTER TABLE facility_project ADD COLUMN planned_start date;
ALTER TABLE facility_project ADD COLUMN planned_finish date;
ALTER TABLE facility_project ADD COLUMN actual_start date;
ALTER TABLE facility_project ADD COLUMN progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100);
ALTER TABLE facility_project ADD CONSTRAINT facility_project_planned_order CHECK (planned_finish >= planned_start);
-- Projects already delivered are complete.
UPDATE facility_project SET progress_percent = 100 WHERE status = 'delivered';
