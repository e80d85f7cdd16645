-- A building keeps the id its source gave it (an OpenStreetMap way, a survey office's feature id),
-- so an import of the same data again finds the buildings it made by that id instead of meeting
-- their footprints as overlaps: a newer extract of the same area updates them, and an interrupted
-- import, run again, adds what it had not yet written. An id is not unique: two installations' data,
-- or pieces of one building stored before they were merged, may share one; the import uses an id
-- only where it names a single stored building.
ALTER TABLE building ADD COLUMN source_id text CHECK (length(source_id) <= 200);
CREATE INDEX building_source_idx ON building (source_id) WHERE source_id IS NOT NULL;
