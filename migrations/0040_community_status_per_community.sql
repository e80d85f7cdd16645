-- A community's status (households, required and current office/service space) read one community
-- at a time. The view summed every facility of the installation before joining, so a map tile of
-- one community, or a report of one town, cost as much as the whole installation: a z16 tile of the
-- communities layer took 1 ms at 100 communities and 14 ms at 10,000. Each community now reads its
-- own summary row and its own facilities through their indexes; the columns are unchanged.
CREATE INDEX IF NOT EXISTS facility_county_community_idx ON facility (county_code, community_code);

CREATE OR REPLACE VIEW community_status AS
  SELECT c.code,
         coalesce(b.households, 0) AS households,
         coalesce(b.residents, 0) AS residents,
         coalesce(b.buildings, 0) AS building_count,
         -- PRODUCT §4: required = max(minimum, per-100-households × households / 100)
         greatest(s.min_area, s.per_hundred * coalesce(b.households, 0) / 100.0)::float8 AS required_area_m2,
         coalesce(f.area, 0)::float8 AS current_area_m2,
         c.county_code
    FROM community c
   CROSS JOIN (SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
                      (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred) s
    LEFT JOIN community_building_summary b ON b.county_code = c.county_code AND b.community_code = c.code
    LEFT JOIN LATERAL (SELECT sum(fa.area_m2)::float8 AS area FROM facility fa
                        WHERE fa.county_code = c.county_code AND fa.community_code = c.code) f ON true;
