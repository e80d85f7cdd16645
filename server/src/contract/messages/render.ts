/**
 * Messages are data: every reason, problem and error that leaves the server is
 * `{code, params, message}`. The web app shows `code` + `params` from its own catalogue in the
 * active language; `message` is the English text, a fallback for API users only.
 */
import { z } from 'zod';

/** A message parameter: a number, a code or a name, or a list of them. */
export type MessageParam = string | number | boolean | null | (string | number)[];
export type MessageParams = Record<string, MessageParam>;

export const messageParamsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]),
);

/**
 * A cell label in English text: 第N网格 is the cell's number N (the templates say "cell {cell}",
 * so English reads "Cell 2", never "Cell 第2网格"); any other label stays as it is.
 */
export function englishCellLabel(value: string | number): string | number {
  const m = typeof value === 'string' ? /^第([1-9][0-9]*)网格$/.exec(value) : null;
  return m ? m[1] : value;
}

/** Fills `{name}` placeholders; lists are joined with commas; cell labels read as their number. */
export function renderTemplate(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Array.isArray(value)
      ? value.map(englishCellLabel).join(', ')
      : String(typeof value === 'string' ? englishCellLabel(value) : value);
  });
}
