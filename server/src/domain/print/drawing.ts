/**
 * A community's grid map as a page of simple shapes (paths in SVG path syntax and text), in
 * points, so the same drawing becomes an SVG/PNG and a vector PDF. Landscape A4 or A3: title,
 * the map (community outline, compounds, buildings, cells with 第N网格 and staff), legend with
 * every cell's staff, scale bar, north arrow and the date it was made.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { PaperSize, PrintLanguage } from '../../contract/print';
import { PRINT_WORDS } from './words';
import { tileCorners, type PrintBasemap } from './basemap';

/** Landscape page sizes in points (1/72 inch). */
const PAGE_POINTS: Record<PaperSize, [number, number]> = { A4: [842, 595], A3: [1191, 842] };

export interface PrintCell {
  code: string;
  label: string;
  households: number;
  staff: string[];
  geometry: Polygon | MultiPolygon;
  labelPoint: [number, number];
}

export interface PrintData {
  community: { code: string; name: string; geometry: Polygon | MultiPolygon };
  cells: PrintCell[];
  compounds: { name: string; geometry: Polygon | MultiPolygon; labelPoint: [number, number] }[];
  buildings: (Polygon | MultiPolygon)[];
  /** The town's date the map is made on, YYYY-MM-DD. */
  generatedOn: string;
}

type PathShape = {
  kind: 'path';
  d: string;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  dash?: [number, number];
  opacity?: number;
};
type TextShape = {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  size: number;
  bold?: boolean;
  colour: string;
  anchor: 'start' | 'middle' | 'end';
};
/** A raster (a basemap tile) stretched over x, y, w, h and cut to the `clip` rectangle. */
type ImageShape = {
  kind: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  image: Buffer;
  clip: { x: number; y: number; w: number; h: number };
};
export type Shape = PathShape | TextShape | ImageShape;

export interface Drawing {
  widthPoints: number;
  heightPoints: number;
  shapes: Shape[];
}

/** Cell fills that stay apart on paper and in greyscale copies. */
export const CELL_COLOURS = ['#8ecae6', '#ffb703', '#a7c957', '#f4a261', '#cdb4db', '#90be6d', '#f28482', '#84a59d', '#e9c46a', '#bde0fe'];

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LNG_AT_EQUATOR = 111_320;

const rings = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
const round = (n: number) => Math.round(n * 100) / 100;
const rect = (x: number, y: number, w: number, h: number) => `M${round(x)} ${round(y)}H${round(x + w)}V${round(y + h)}H${round(x)}Z`;

/** Text width estimate: CJK characters are square, Latin digits and letters about half as wide. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) < 0x100 ? 0.56 : 1;
  return em * size;
}

/** A round scale-bar length (1, 2 or 5 × 10ⁿ metres) no longer than `maxMetres`. */
export function scaleBarMetres(maxMetres: number): number {
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  return [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
}

function clip(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, size) <= maxWidth) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}

/** Where the map sits on the page and how it is projected: local equirectangular in metres, north up. */
export interface MapLayout {
  size: PaperSize;
  /** Page width and height in points, and the factor everything scales by (1 on A4). */
  W: number;
  H: number;
  k: number;
  margin: number;
  frame: { x: number; y: number; w: number; h: number };
  pointsPerMetre: number;
  project: (p: Position) => [number, number];
  /** The frame's lng/lat box [west, south, east, north]. */
  view: [number, number, number, number];
}

/** The page and the map frame for `data` on `size`: the community outline fills the frame's left two thirds. */
export function mapLayout(data: PrintData, size: PaperSize): MapLayout {
  const [W, H] = PAGE_POINTS[size];
  const k = W / 842; // everything scales with the page
  const margin = 28 * k;
  const frame = { x: margin, y: margin + 48 * k, w: W * 0.68 - margin, h: H - margin * 2 - 64 * k };
  const outline = rings(data.community.geometry).flat();
  const lngs = outline.map((p) => p[0]);
  const lats = outline.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const metresPerLng = METRES_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const widthMetres = Math.max((maxLng - minLng) * metresPerLng, 1);
  const heightMetres = Math.max((maxLat - minLat) * METRES_PER_DEGREE_LAT, 1);
  const inner = 16 * k;
  const pointsPerMetre = Math.min((frame.w - 2 * inner) / widthMetres, (frame.h - 2 * inner) / heightMetres);
  const originX = frame.x + (frame.w - widthMetres * pointsPerMetre) / 2;
  const originY = frame.y + (frame.h - heightMetres * pointsPerMetre) / 2;
  const project = ([lng, lat]: Position): [number, number] => [
    originX + (lng - minLng) * metresPerLng * pointsPerMetre,
    originY + (maxLat - lat) * METRES_PER_DEGREE_LAT * pointsPerMetre,
  ];
  const lngAt = (x: number) => minLng + (x - originX) / pointsPerMetre / metresPerLng;
  const latAt = (y: number) => maxLat - (y - originY) / pointsPerMetre / METRES_PER_DEGREE_LAT;
  const view: [number, number, number, number] = [lngAt(frame.x), latAt(frame.y + frame.h), lngAt(frame.x + frame.w), latAt(frame.y)];
  return { size, W, H, k, margin, frame, pointsPerMetre, project, view };
}

/**
 * Lays out the page; `language` picks the words printed around the map. With a basemap its tiles
 * lie under the data and its attribution is printed; a basemap whose tiles could not be fetched
 * leaves the map as without one, with a note saying so.
 */
export function buildDrawing(data: PrintData, size: PaperSize, language: PrintLanguage, basemap: PrintBasemap | null = null): Drawing {
  const words = PRINT_WORDS[language];
  const { W, H, k, margin, frame, pointsPerMetre, project } = mapLayout(data, size);
  const shapes: Shape[] = [];
  const path = (d: string, style: Omit<PathShape, 'kind' | 'd'>) => shapes.push({ kind: 'path', d, ...style });
  const text = (x: number, y: number, t: string, sizePoints: number, extra: Partial<TextShape> = {}) =>
    shapes.push({ kind: 'text', x, y, text: t, size: sizePoints, colour: '#1f2933', anchor: 'start', ...extra });
  const staffOf = (cell: PrintCell) => (cell.staff.length > 0 ? cell.staff.join('、') : words.noStaff);

  // Title block.
  const households = data.cells.reduce((sum, c) => sum + c.households, 0);
  text(margin, margin + 18 * k, words.title(data.community.name), 20 * k, { bold: true });
  text(margin, margin + 36 * k, words.subtitle(data.community.code, data.cells.length, households), 10 * k, { colour: '#52606d' });

  const pathOf = (g: Polygon | MultiPolygon) =>
    rings(g)
      .map((ring) => ring.map((p, i) => `${i === 0 ? 'M' : 'L'}${project(p).map(round).join(' ')}`).join('') + 'Z')
      .join('');

  path(rect(frame.x, frame.y, frame.w, frame.h), { fill: '#f7f8fa', stroke: '#9aa5b1', strokeWidth: 0.8 * k });
  const tiles = basemap && 'layers' in basemap ? basemap.layers.flat() : [];
  for (const tile of tiles) {
    const [[x0, y0], [x1, y1]] = tileCorners(tile).map(project);
    shapes.push({ kind: 'image', x: x0, y: y0, w: x1 - x0, h: y1 - y0, image: tile.image, clip: frame });
  }
  // Over a basemap the cells are paler, so its streets show through.
  const cellOpacity = tiles.length > 0 ? 0.4 : 0.55;
  data.cells.forEach((cell, i) => path(pathOf(cell.geometry), { fill: CELL_COLOURS[i % CELL_COLOURS.length], opacity: cellOpacity }));
  for (const compound of data.compounds) path(pathOf(compound.geometry), { stroke: '#8a6d1f', strokeWidth: 0.6 * k, dash: [3 * k, 2 * k] });
  for (const building of data.buildings) path(pathOf(building), { fill: '#7b8794', stroke: '#52606d', strokeWidth: 0.2 * k });
  for (const cell of data.cells) path(pathOf(cell.geometry), { stroke: '#ffffff', strokeWidth: 1.6 * k });
  path(pathOf(data.community.geometry), { stroke: '#c2410c', strokeWidth: 1.8 * k, dash: [6 * k, 3 * k] });

  // Compound names small and brown; cell labels and staff on a white plate above everything.
  for (const compound of data.compounds) {
    const [x, y] = project(compound.labelPoint);
    text(x, y + 2.5 * k, compound.name, 6.5 * k, { anchor: 'middle', colour: '#7c5e10' });
  }
  for (const cell of data.cells) {
    const [x, y] = project(cell.labelPoint);
    const plate = Math.max(textWidth(words.cell(cell.label), 10 * k), textWidth(staffOf(cell), 7.5 * k)) + 8 * k;
    path(rect(x - plate / 2, y - 11 * k, plate, 24 * k), { fill: '#ffffff', opacity: 0.85, stroke: '#52606d', strokeWidth: 0.4 * k });
    text(x, y, words.cell(cell.label), 10 * k, { anchor: 'middle', bold: true });
    text(x, y + 10 * k, staffOf(cell), 7.5 * k, { anchor: 'middle', colour: '#323f4b' });
  }

  // North arrow, top right of the map.
  const nx = frame.x + frame.w - 22 * k;
  const ny = frame.y + 14 * k;
  const arrow = [
    [nx, ny],
    [nx + 7 * k, ny + 22 * k],
    [nx, ny + 17 * k],
    [nx - 7 * k, ny + 22 * k],
  ];
  path(arrow.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join('') + 'Z', { fill: '#1f2933' });
  text(nx, ny + 33 * k, words.north, 9 * k, { anchor: 'middle', bold: true });

  // Scale bar, bottom left of the map: a round length of at most a quarter of the frame.
  const barMetres = scaleBarMetres(frame.w / 4 / pointsPerMetre);
  const barPoints = barMetres * pointsPerMetre;
  const barText = barMetres >= 1000 ? `${barMetres / 1000} km` : `${barMetres} m`;
  const bx = frame.x + 12 * k;
  const by = frame.y + frame.h - 14 * k;
  path(rect(bx - 4 * k, by - 16 * k, barPoints + 8 * k + textWidth(barText, 8 * k) / 2, 22 * k), { fill: '#ffffff', opacity: 0.85 });
  path(rect(bx, by, barPoints / 2, 3 * k), { fill: '#1f2933' });
  path(rect(bx + barPoints / 2, by, barPoints / 2, 3 * k), { fill: '#ffffff', stroke: '#1f2933', strokeWidth: 0.6 * k });
  text(bx, by - 4 * k, '0', 8 * k, { anchor: 'middle' });
  text(bx + barPoints, by - 4 * k, barText, 8 * k, { anchor: 'middle' });

  // The basemap's attribution, or why there is none, bottom right inside the map.
  const line = basemap && ('layers' in basemap ? words.basemap(basemap.attribution) : words.basemapFailed);
  if (basemap && line) {
    const width = textWidth(line, 7 * k) + 8 * k;
    const [rx, ry] = [frame.x + frame.w - 6 * k, frame.y + frame.h - 6 * k];
    path(rect(rx - width, ry - 10 * k, width, 13 * k), { fill: '#ffffff', opacity: 0.85 });
    text(rx - 4 * k, ry, line, 7 * k, { anchor: 'end', colour: 'layers' in basemap ? '#52606d' : '#b93d17' });
  }

  // Legend, right third.
  const lx = W * 0.68 + 14 * k;
  const lw = W - margin - lx;
  let ly = frame.y + 12 * k;
  text(lx, ly, words.legend, 12 * k, { bold: true });
  ly += 16 * k;
  const keyRow = (style: Omit<PathShape, 'kind' | 'd'>, label: string) => {
    path(rect(lx, ly - 8 * k, 18 * k, 10 * k), style);
    text(lx + 24 * k, ly, label, 8.5 * k);
    ly += 14 * k;
  };
  keyRow({ stroke: '#c2410c', strokeWidth: 1.8 * k, dash: [6 * k, 3 * k] }, words.communityBoundary);
  keyRow({ stroke: '#8a6d1f', strokeWidth: 0.6 * k, dash: [3 * k, 2 * k] }, words.compound);
  keyRow({ fill: '#7b8794' }, words.building);
  ly += 6 * k;
  text(lx, ly, words.cellsHeading, 10 * k, { bold: true });
  ly += 14 * k;
  const rowHeight = Math.min(22 * k, (frame.y + frame.h - ly) / Math.max(1, data.cells.length));
  const font = Math.min(8.5 * k, rowHeight * 0.42);
  data.cells.forEach((cell, i) => {
    const y = ly + i * rowHeight;
    path(rect(lx, y - font, 12 * k, font * 1.1), { fill: CELL_COLOURS[i % CELL_COLOURS.length], opacity: 0.8 });
    text(lx + 16 * k, y, `${words.cell(cell.label)}  ${words.households(cell.households)}`, font, { bold: true });
    text(lx + 16 * k, y + font * 1.15, clip(staffOf(cell), lw - 16 * k, font * 0.95), font * 0.95, { colour: '#323f4b' });
  });
  if (data.cells.length === 0) text(lx, ly, words.noPlan, 9 * k, { colour: '#b93d17' });

  // Footer.
  text(margin, H - margin + 4 * k, words.generated(data.generatedOn), 8 * k, { colour: '#52606d' });
  text(W - margin, H - margin + 4 * k, 'Gridplan', 8 * k, { colour: '#9aa5b1', anchor: 'end' });
  return { widthPoints: W, heightPoints: H, shapes };
}
