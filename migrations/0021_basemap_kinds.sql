-- purpose: one basemap setting with a kind (none, XYZ raster, 天地图, GCJ-02 tiles) replaces the bare XYZ URL; a URL set before becomes an XYZ basemap
INSERT INTO setting (key, value, description)
SELECT 'map.basemap',
       CASE WHEN old.value IS NOT NULL AND jsonb_typeof(old.value) = 'string'
            THEN jsonb_build_object('kind', 'xyz', 'url', old.value, 'subdomains', 'abc', 'attribution', '', 'maxZoom', 18)
            ELSE '{"kind": "none"}'::jsonb END,
       'Basemap beneath every map: none (works offline), an XYZ raster URL template, 天地图 with a key, or GCJ-02 tiles (the data is shifted on screen to match)'
  FROM (SELECT NULL) AS one
  LEFT JOIN setting old ON old.key = 'map.basemapUrl'
ON CONFLICT (key) DO NOTHING;

DELETE FROM setting WHERE key = 'map.basemapUrl';
