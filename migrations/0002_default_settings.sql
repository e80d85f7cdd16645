-- purpose: default settings from the product rules (housing standard, grid size, staffing ratio, plan horizon)
INSERT INTO setting (key, value, description) VALUES
  ('standard.minimumAreaM2', '300', 'Minimum community office + service floor area (m²)'),
  ('standard.perHundredHouseholdsM2', '30', 'Required floor area per 100 households (m²)'),
  ('standard.requiredRooms', '[{"room":"one_stop_hall","minAreaM2":60},{"room":"party_service_centre","minAreaM2":30},{"room":"reading_room","minAreaM2":30},{"room":"elderly_room","minAreaM2":40},{"room":"talk_room","minAreaM2":10},{"room":"citizens_school","minAreaM2":40},{"room":"activity_hall","minAreaM2":80}]', 'Function rooms each community should have, with minimum areas'),
  ('grid.minHouseholds', '300', 'Default minimum households per grid cell'),
  ('grid.maxHouseholds', '500', 'Default maximum households per grid cell'),
  ('staffing.residentsPerWorker', '2000', 'Residents per community worker (plan: 1:2000)'),
  ('staffing.maxHouseholdsPerGridWorker', '500', 'Households one grid worker may cover'),
  ('facility.startYear', '2008', 'First year of the facility plan'),
  ('facility.years', '2', 'Deadline for all communities to comply (years)'),
  ('facility.budgetPerYear', '[3000000, 3000000]', 'Yearly facility budget (CNY)'),
  ('facility.accessibilityWeight', '0', 'CNY per household-km of distance to a site (0 = ignore)'),
  ('facility.maxSitesPerCommunity', '2', 'Most acquisitions for one community'),
  ('map.basemapUrl', 'null', 'Optional raster tile URL template for a basemap');
