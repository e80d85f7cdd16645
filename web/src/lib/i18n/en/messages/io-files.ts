// English texts of what real files contain: pieces of one building, overlapping footprints, grid plans as a layer, GeoPackage files.
import type { ioFilesMessages } from '$contract/messages/io-files';
import type { Text } from '../../types';

export const ioFiles: Record<keyof typeof ioFilesMessages, Text> = {
  'import.note.building_pieces_merged':
    'Features {pieces} are pieces of one building (the same source id, or overlapping by more than half) and were merged into feature {kept}, whose attributes were kept',
  'import.note.building_pieces_merged_rows':
    'Rows {pieces} are pieces of one building (the same source id, or overlapping by more than half) and were merged into row {kept}, whose attributes were kept',
  'import.building_pieces_apart': 'The pieces of one building (features/rows {pieces}) do not join into one outline',
  'import.building_overlap_feature':
    'The footprint overlaps feature {other} by {overlapM2} m²; at most {maximumM2} m² is allowed (setting import.buildingOverlapMaxM2)',
  'import.building_overlap_row':
    'The footprint overlaps row {other} by {overlapM2} m²; at most {maximumM2} m² is allowed (setting import.buildingOverlapMaxM2)',
  'import.building_overlap_stored':
    'The footprint overlaps stored building {code} by {overlapM2} m²; at most {maximumM2} m² is allowed (setting import.buildingOverlapMaxM2)',
  'import.gpkg_not_sqlite': 'Not a GeoPackage: the file is not an SQLite database',
  'import.gpkg_not_geopackage': 'Not a GeoPackage: the database has no gpkg_contents table',
  'import.gpkg_no_features': 'The GeoPackage holds no feature table',
  'import.gpkg_many_tables': 'The GeoPackage holds {count} tables this layer can be read from ({names}); choose one with table=',
  'import.gpkg_unreadable': 'Cannot read the GeoPackage: {detail}',
  'import.gpkg_geometry_unreadable': 'Cannot read the GeoPackage geometry: {detail}',
  'import.note.gpkg_table': 'Read the features of GeoPackage table {table}',
  'export.gpkg_not_spatial': '{layer} have no geometry; export them as CSV',
  'import.gpkg_table_unknown': 'The GeoPackage has no table {table} this layer can be read from (it has: {names})',
  'import.gpkg_no_attributes': 'The GeoPackage holds no attribute table (a layer without geometry is read from one)',
  'grid_import.not_feature_collection': 'A grid plan file is a GeoJSON FeatureCollection of cells (as the grid plan export writes it)',
  'grid_import.field_invalid': '{column} "{value}" is not valid here (e.g. {example})',
  'grid_import.community_unknown': 'No community with code {community} in this installation',
  'grid_import.code_other_community': 'Cell code {code} does not start with its community code {community}',
  'grid_import.label_twice': 'Plan {planNo} of community {community} has two cells labelled {label} (features {first} and this one)',
  'grid_import.building_unknown': 'Cell {label}: building {building} does not exist in this installation',
  'grid_import.building_other_community': 'Cell {label}: building {building} is in community {buildingCommunity}, not {community}',
  'grid_import.building_twice': 'Cell {label}: building {building} is already in cell {otherLabel} of the same plan',
  'grid_import.plan_status_mixed': 'Plan {planNo} of community {community} is {status} in one feature and {otherStatus} in another',
  'grid_import.two_published': 'Community {community} has more than one published plan in the file (plans {plans})',
  'grid_import.publish_failed':
    'The published plan of community {community} fails {count} integrity check(s) here (first: {first}); nothing was written',
  'grid_import.note.published_as_draft':
    'The published plan of community {community} was imported as a draft: only an admin imports a plan as published',
  'grid_import.note.published':
    'The plan of community {community} was published (the plan in force before is archived, responsibilities follow its cells)',
  'grid_import.drawn_outlines_overlap': 'The drawn outlines of cells {label} and {otherLabel} overlap by {areaM2} m²',
  'grid_import.drawn_outline_covers_building':
    'The drawn outline of cell {label} covers {areaM2} m² of building {building}, which is in cell {otherLabel}; that building would stick out of its cell',
};
