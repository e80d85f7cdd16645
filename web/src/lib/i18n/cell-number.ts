// A cell label in English text: 第N网格 is the cell's number N, so "cell {cell}" reads "cell 2"
// and never "cell 第2网格". Letter labels of older drafts stay as they are.
const NUMBERED = /^第([1-9][0-9]*)网格$/;

/** The number of a 第N网格 label as text; any other string unchanged. */
export function cellNumberText(value: string): string {
  const m = NUMBERED.exec(value);
  return m ? m[1] : value;
}
