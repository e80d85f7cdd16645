// Colours of the grid editor: one qualitative colour per cell (from its number, so it keeps it for life),
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

const NUMBERED = /^第([1-9][0-9]*)网格$/;

/**
 * Colour of a cell label: 第N网格 takes the N-th colour, so a cell's colour depends on its own
 * number only and no edit of another cell changes it. An older letter label gets a colour from
 * its characters.
 */
export function cellColour(label: string): string {
  const m = NUMBERED.exec(label);
  const index = m ? Number(m[1]) - 1 : [...label].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  return CELL_COLOURS[index % CELL_COLOURS.length];
}
