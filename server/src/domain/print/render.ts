/** A community's grid map as a PDF or PNG file, from its print data. */
import { renderAsync } from '@resvg/resvg-js';
import type { PaperSize, PrintFormat, PrintLanguage } from '../../contract/print';
import { buildDrawing, type PrintData } from './drawing';
import type { PrintBasemap } from './basemap';
import { cjkFonts } from './fonts';
import { drawingToPdf } from './pdf';
import { drawingToSvg } from './svg';
import { PRINT_WORDS } from './words';

export interface PrintOptions {
  format: PrintFormat;
  size: PaperSize;
  language: PrintLanguage;
}

/** PNGs are made at 150 dots per inch: sharp on paper, a few hundred kB. */
const PNG_DPI = 150;

/** The page as a file; `basemap` (tiles fetched already, or failed) lies under the data when given. */
export async function renderPrint(
  data: PrintData,
  options: PrintOptions,
  basemap: PrintBasemap | null = null,
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const fonts = await cjkFonts();
  const drawing = buildDrawing(data, options.size, options.language, basemap);
  const fileName = `grid-map-${data.community.code}-${options.size}.${options.format}`;
  if (options.format === 'pdf') {
    const body = await drawingToPdf(drawing, fonts, PRINT_WORDS[options.language].title(data.community.name));
    return { body, contentType: 'application/pdf', fileName };
  }
  // renderAsync draws on libuv's thread pool, so other requests go on meanwhile.
  const image = await renderAsync(drawingToSvg(drawing, fonts.family), {
    fitTo: { mode: 'width', value: Math.round((drawing.widthPoints / 72) * PNG_DPI) },
    font: { loadSystemFonts: false, fontFiles: [fonts.regular.file, fonts.bold.file], defaultFontFamily: fonts.family },
    background: '#ffffff',
  });
  return { body: image.asPng(), contentType: 'image/png', fileName };
}
