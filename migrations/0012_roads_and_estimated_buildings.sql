-- purpose: roads keep their OpenStreetMap attributes and can be imported and edited like other layers; buildings say whether their households or their outline were estimated on import
ALTER TABLE road
  ADD COLUMN highway    text NOT NULL DEFAULT '',
  ADD COLUMN oneway     boolean,
  ADD COLUMN lanes      integer CHECK (lanes BETWEEN 1 AND 50),
  ADD COLUMN osm_id     text,
  ADD COLUMN version    integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX road_town_idx ON road (town_code);

ALTER TABLE building
  ADD COLUMN households_estimated boolean NOT NULL DEFAULT false,
  ADD COLUMN footprint_estimated  boolean NOT NULL DEFAULT false;

INSERT INTO setting (key, value, description) VALUES
  ('import.dwellingSizeM2', '90', 'Floor area of one dwelling (m²): households of a building imported without them = footprint × floors ÷ this'),
  ('import.pointFootprintM2', '150', 'Footprint (m²) drawn as a square around a building imported as a point')
ON CONFLICT (key) DO NOTHING;
