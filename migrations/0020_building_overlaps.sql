-- purpose: imported building footprints may overlap each other or a stored building only by a small tolerance (pieces of one building are merged on import)
INSERT INTO setting (key, value, description) VALUES
  ('import.buildingOverlapMaxM2', '5', 'Imported building footprints may overlap each other or a stored building by at most this area (m²); pieces of one building are merged instead')
ON CONFLICT (key) DO NOTHING;
