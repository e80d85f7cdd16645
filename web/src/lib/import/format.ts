// Which format the server reads a dropped or chosen file as (no imports: unit-tested on its own).

/** The format the server reads a file as, by its name. */
export function formatOf(name: string): 'shapefile' | 'csv' | 'geojson' | 'gpkg' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'shapefile';
  if (lower.endsWith('.gpkg')) return 'gpkg';
  if (lower.endsWith('.csv')) return 'csv';
  return 'geojson';
}
