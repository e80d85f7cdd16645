// Colours of the grid editor: one qualitative colour per cell (by its position in label order),
// grey for unassigned buildings, and the state colours of the app (in range, out of range).

export const CELL_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#e15759',
  '#8cd17d',
  '#86bcb6',
  '#d4a6c8',
];
export const UNASSIGNED = '#9aa3ad';
export const SELECTED = '#ffd400';
export const OUT_OF_RANGE = '#e0542b';
export const IN_RANGE = '#1f9d55';
export const MOVED = '#d6266e';

/** Colour of each cell label, stable for a given set of labels. */
export function cellColours(labels: readonly string[]): Map<string, string> {
  const sorted = [...labels].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return new Map(sorted.map((label, i) => [label, CELL_COLOURS[i % CELL_COLOURS.length]]));
}
