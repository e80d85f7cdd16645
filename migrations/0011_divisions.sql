-- purpose: administrative divisions (province 2, city 4, county 6, town 9, community 12 digits) with an optional outline, so any place in China can be imported; towns made from community codes; import plausibility setting
CREATE TABLE division (
  code        text PRIMARY KEY CHECK (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$'),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'town', 'community')),
  parent_code text CHECK (parent_code IS NULL OR starts_with(code, parent_code)),
  name        text NOT NULL DEFAULT '',
  -- null: known by code and name only (the official code list has no outlines)
  geom        geometry(MultiPolygon, 4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (level = CASE length(code) WHEN 2 THEN 'province' WHEN 4 THEN 'city' WHEN 6 THEN 'county' WHEN 9 THEN 'town' ELSE 'community' END)
);
CREATE INDEX division_geom_idx ON division USING gist (geom);
CREATE INDEX division_parent_idx ON division (parent_code);

-- A town created by importing its communities has no surveyed outline: it is the union of its
-- communities, redrawn as they change, and is no parent outline for the plausibility checks.
ALTER TABLE town ADD COLUMN outline_from_communities boolean NOT NULL DEFAULT false;

-- A point read in another coordinate system, or null where that system cannot place it (import hints).
CREATE FUNCTION gridplan_try_transform(x float8, y float8, srid integer) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ST_Transform(ST_SetSRID(ST_MakePoint(x, y), srid), 4326);
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$$;

INSERT INTO setting (key, value, description) VALUES
  ('import.communityOverlapMaxPercent', '1', 'An imported community may overlap another community by at most this share of its area (%)')
ON CONFLICT (key) DO NOTHING;
