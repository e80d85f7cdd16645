/** A community's printable grid map (PDF or PNG), for the roster page's print button and the CLI's twin. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { printParams, printQuery } from '../contract/print';
import { printCommunity } from '../data/print-basemap';

export const printRoute = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{code}/print',
    tags: ['map'],
    summary:
      "The community's published grid map on one landscape A4/A3 page: title, legend, scale bar, north arrow, 第N网格 labels with their grid workers, and the date. PDF (vector) or PNG (150 dpi). Over the admin's basemap (map.basemap) when one is set: its tiles are fetched by the server (8 s for the page, cached) and its attribution printed; over a GCJ-02 basemap the data is shifted to match; when the tiles cannot be had the page is printed without them, with a note.",
    ...allow(),
    request: { params: printParams, query: printQuery },
    responses: {
      200: {
        description: 'The file (Content-Disposition: attachment)',
        content: { 'application/pdf': { schema: z.any() }, 'image/png': { schema: z.any() } },
      },
      404: json(errorBodySchema, 'Unknown community (community.not_found)'),
      503: json(errorBodySchema, 'The server has no CJK font to print with (print.font_missing, naming the package)'),
    },
  }),
  async (c) => {
    const { code } = c.req.valid('param');
    const options = c.req.valid('query');
    const { file } = await printCommunity(c.var.db, code, { format: options.format, size: options.size, language: options.lang });
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
    });
  },
);
