// Texts of printing maps.
import type { printMessages } from '$contract/messages/print';
import type { Text } from '../../types';

export const print: Record<keyof typeof printMessages, Text> = {
  'print.font_missing': 'Printing needs the {font} font: install the {package} package on the server',
  'basemap.tile_unreachable': 'The basemap server did not give tile {tile}: {reason}',
  'basemap.no_layer': 'This basemap has no layer {layer}',
};
