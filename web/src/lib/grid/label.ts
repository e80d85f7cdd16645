// How a cell is named on screen: its label in the active language (第2网格, "Cell 2"), and its
// name beside it when it has one (第2网格 · 福星新村片).
import { t } from '../i18n/index.svelte';
import { cellNumberText } from '../i18n/cell-number';

/** A cell label in the active language; letter labels of older drafts as they are. */
export function cellLabelText(label: string): string {
  const n = cellNumberText(label);
  return n === label ? label : t('grid.cellNumber', { n });
}

/** A cell's label with its name, when it has one. */
export function cellTitle(cell: { label: string; name?: string | null }): string {
  return cell.name ? `${cellLabelText(cell.label)} · ${cell.name}` : cellLabelText(cell.label);
}
