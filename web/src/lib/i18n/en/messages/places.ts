// English texts of administrative divisions and the plausibility checks of an import (see zh-CN/messages/places.ts).
import type { placesMessages } from '$contract/messages/places';
import type { Text } from '../../types';

export const places: Record<keyof typeof placesMessages, Text> = {
  'import.division_level_mismatch':
    'Code {code} cannot be a {level}: a province has 2 digits, a city 4, a county 6, a town 9, a community 12 (6- and 12-digit codes padded with zeros are shortened)',
  'import.outside_china': 'Read as {crs}, the geometry lies at {lng}, {lat}: outside China (73.4–135.1 E, 3.8–53.6 N)',
  'import.outside_parent': 'Read as {crs}, only {insidePercent}% of the geometry lies inside {parent} {parentName}',
  'import.datum_mix_up':
    'Read as {crs}, {outsidePercent}% of the outline lies outside {parent} {parentName}; read as {better} only {betterOutsidePercent}% does: import it with crs={better} (or correct the outline of {parent})',
  'import.crs_hint_parent': 'Read as {crs} it would lie inside {parent}: is that the coordinate system of the file?',
  'import.crs_hint_china': 'Read as {crs} it would lie in China: is that the coordinate system of the file?',
  'import.swap_hint': 'With longitude and latitude swapped it would lie where it belongs: did you swap longitude and latitude?',
  'import.zero_area': 'The geometry has no area ({areaM2} m²)',
  'import.community_overlap':
    'Overlaps community {other} by {percent}% of its area; at most {maximum}% is allowed (setting import.communityOverlapMaxPercent)',
  'import.coordinate_swapped':
    'Coordinate [{x}, {y}] is outside longitude/latitude range, but [{y}, {x}] lies in China: did you swap longitude and latitude? ({count} bad coordinates in this record)',
  'import.note.assumed_wgs84': 'The zip has no .prj: the coordinates were taken as WGS84 longitude/latitude',
  'import.datum_mix_up_buildings':
    'Read as {crs}, {insidePercent}% of the {count} buildings filed under {code} lie inside the outline; read as {better}, {betterInsidePercent}% do: import it with crs={better}',
  'import.datum_mix_up_community':
    "Read as {crs}, {insidePercent}% of the file's buildings of community {community} lie inside its outline; read as {better}, {betterInsidePercent}% do: import the file with crs={better} (or correct the outline of {community})",
  'import.datum_mix_up_clashes':
    'Read as {crs}, {clashing} of {sampled} sampled footprints ({clashPercent}%) lie across a stored road or partly over a stored building; read as {better}, {betterClashPercent}% do: import the file with crs={better}',
};
