/** Printable grid maps of a community. */
import { z } from 'zod';

export const PAPER_SIZES = ['A4', 'A3'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export const PRINT_FORMATS = ['pdf', 'png'] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];
export const PRINT_LANGUAGES = ['zh-CN', 'en'] as const;
export type PrintLanguage = (typeof PRINT_LANGUAGES)[number];

export const printParams = z.object({ code: z.string().min(1).max(40) });

export const printQuery = z.object({
  format: z.enum(PRINT_FORMATS).default('pdf'),
  size: z.enum(PAPER_SIZES).default('A4'),
  /** Language of the words around the map (title, legend); names stay as they are. */
  lang: z.enum(PRINT_LANGUAGES).default('zh-CN'),
});
