/** English fallback texts of printing maps. */
export const printMessages = {
  'print.font_missing': 'Printing needs the {font} font: install the {package} package on the server',
  'basemap.tile_unreachable': 'The basemap server did not give tile {tile}: {reason}',
  'basemap.no_layer': 'This basemap has no layer {layer}',
} as const;
