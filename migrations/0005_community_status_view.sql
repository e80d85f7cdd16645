-- purpose: one definition of each community's households and housing-standard figures, shared by lists, map layers and reports
CREATE VIEW community_status AS
  WITH s AS (
    SELECT (SELECT value::text::float8 FROM setting WHERE key = 'standard.minimumAreaM2') AS min_area,
           (SELECT value::text::float8 FROM setting WHERE key = 'standard.perHundredHouseholdsM2') AS per_hundred
  ), b AS (
    SELECT community_code, sum(households)::int AS households, sum(residents)::int AS residents, count(*)::int AS n
      FROM building GROUP BY community_code
  ), f AS (
    SELECT community_code, sum(area_m2)::float8 AS area FROM facility GROUP BY community_code
  )
  SELECT c.code,
         coalesce(b.households, 0) AS households,
         coalesce(b.residents, 0) AS residents,
         coalesce(b.n, 0) AS building_count,
         -- PRODUCT §4: required = max(minimum, per-100-households × households / 100)
         greatest(s.min_area, s.per_hundred * coalesce(b.households, 0) / 100.0)::float8 AS required_area_m2,
         coalesce(f.area, 0)::float8 AS current_area_m2
    FROM community c CROSS JOIN s
    LEFT JOIN b ON b.community_code = c.code
    LEFT JOIN f ON f.community_code = c.code;
