/**
 * The optional basemap beneath every map, chosen by the admin (setting `map.basemap`): none (the
 * default; the app's own layers are the map and it works offline), an XYZ raster URL template,
 * 天地图 (Tianditu) with a key, or a GCJ-02 raster (AMap-style tiles). The data stays WGS84; for a
 * GCJ-02 basemap the maps draw it shifted to GCJ-02 so it lines up (see web/src/lib/map/frame.ts).
 */
import { z } from 'zod';

/** Most tile zoom a basemap serves (MapLibre stretches its tiles beyond it). */
const DEFAULT_MAX_ZOOM = 18;

// A template host: letters, digits, dots, dashes, a port, and `{s}` for a subdomain. Quotes,
// spaces and semicolons never pass, so a template cannot add anything to the CSP header.
const TEMPLATE = /^https?:\/\/(?:[A-Za-z0-9-]|\{s\})+(?:\.(?:[A-Za-z0-9-]|\{s\})+)*(?::[0-9]{1,5})?\/[^\s"'<>\\;]*$/;

const tileTemplate = z
  .string()
  .max(500)
  .regex(TEMPLATE, 'an http(s) URL template')
  .refine((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), 'needs {z}, {x} and {y}');

const rasterFields = {
  url: tileTemplate,
  /** What `{s}` stands for, one character each (Leaflet's convention): "abc", "1234". */
  subdomains: z
    .string()
    .regex(/^[A-Za-z0-9]{1,8}$/)
    .default('abc'),
  attribution: z.string().max(200).default(''),
  maxZoom: z.number().int().min(1).max(22).default(DEFAULT_MAX_ZOOM),
};

export const BASEMAP_KINDS = ['none', 'xyz', 'tianditu', 'gcj02'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

export const basemapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('xyz'), ...rasterFields }),
  // A 天地图 browser key is 32 hexadecimal characters (console.tianditu.gov.cn).
  z.object({ kind: z.literal('tianditu'), key: z.string().regex(/^[0-9a-fA-F]{32}$/, 'a 32-character 天地图 key') }),
  z.object({ kind: z.literal('gcj02'), ...rasterFields }),
]);
export type Basemap = z.infer<typeof basemapSchema>;

/** The coordinate frame a map draws in: the data's own (WGS84) or the GCJ-02 offset of Chinese web maps. */
export const DISPLAY_CRS = ['wgs84', 'gcj02'] as const;
export type DisplayCrs = (typeof DISPLAY_CRS)[number];

/** The basemap as the maps draw it: raster layers (bottom first) with their tile URLs, and the frame the data must be drawn in. */
export const publicBasemapSchema = z.object({
  kind: z.enum(BASEMAP_KINDS),
  crs: z.enum(DISPLAY_CRS),
  layers: z.array(z.object({ tiles: z.array(z.string()), maxZoom: z.number() })),
  attribution: z.string(),
});
export type PublicBasemap = z.infer<typeof publicBasemapSchema>;

/** Tile URLs for one template: one per subdomain, since MapLibre has no `{s}`. */
function expand(url: string, subdomains: string): string[] {
  return url.includes('{s}') ? [...subdomains].map((s) => url.replaceAll('{s}', s)) : [url];
}

// 天地图's web-mercator ("_w") WMTS layers: vector map (vec) and its Chinese annotation (cva), on t0–t7.
const tiandituLayer = (layer: 'vec' | 'cva', key: string) =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`;
const TIANDITU_SUBDOMAINS = '01234567';
const TIANDITU_MAX_ZOOM = 18;

/** What the maps need to draw `basemap`; null for none. */
export function resolveBasemap(basemap: Basemap): PublicBasemap | null {
  switch (basemap.kind) {
    case 'none':
      return null;
    case 'tianditu':
      return {
        kind: 'tianditu',
        // 天地图 tiles are in CGCS2000, which agrees with WGS84 to centimetres: no shift.
        crs: 'wgs84',
        layers: (['vec', 'cva'] as const).map((layer) => ({
          tiles: expand(tiandituLayer(layer, basemap.key), TIANDITU_SUBDOMAINS),
          maxZoom: TIANDITU_MAX_ZOOM,
        })),
        attribution: '© 天地图',
      };
    case 'xyz':
    case 'gcj02':
      return {
        kind: basemap.kind,
        crs: basemap.kind === 'gcj02' ? 'gcj02' : 'wgs84',
        layers: [{ tiles: expand(basemap.url, basemap.subdomains), maxZoom: basemap.maxZoom }],
        attribution: basemap.attribution,
      };
  }
}

/** The CSP sources (scheme://host[:port]) a browser must reach for `basemap`, each named exactly. */
export function basemapHosts(basemap: Basemap): string[] {
  const tiles = resolveBasemap(basemap)?.layers.flatMap((layer) => layer.tiles) ?? [];
  const hosts = tiles.map((url) => {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  });
  return [...new Set(hosts)];
}

/**
 * `/settings/basemap-preview/{layer}/{z}/{x}/{y}?value=…`: one tile of an unsaved basemap choice
 * (`value`, the setting as JSON), fetched by the server, so the admin sees it before saving
 * (the page's CSP names only the saved basemap's hosts).
 */
export const basemapPreviewParams = z.object({
  layer: z.coerce.number().int().min(0).max(1),
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});
export const basemapPreviewQuery = z.object({
  value: z
    .string()
    .max(1000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'the basemap setting as JSON' });
        return z.NEVER;
      }
    })
    .pipe(basemapSchema),
});
