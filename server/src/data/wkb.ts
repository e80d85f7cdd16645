/**
 * Well-known binary, read into GeoJSON: ISO WKB (Z, M, ZM as type + 1000/2000/3000) and PostGIS
 * EWKB (flags in the high bits, optional SRID), either byte order, the seven simple feature
 * types. Z and M are dropped (the layers are 2D). Used for GeoPackage geometries and for the
 * bounding boxes of validated footprints (hex EWKB).
 */
import type { Geometry, Position } from 'geojson';

export class WkbError extends Error {}

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;
const TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'] as const;

class Reader {
  private pos: number;
  private little = true;
  private view: DataView;
  constructor(bytes: Uint8Array, offset: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }
  private need(n: number) {
    if (this.pos + n > this.view.byteLength) throw new WkbError(`WKB ends early at byte ${this.pos}`);
  }
  order() {
    this.need(1);
    const b = this.view.getUint8(this.pos++);
    if (b > 1) throw new WkbError(`byte order ${b} at byte ${this.pos - 1}`);
    this.little = b === 1;
  }
  uint32() {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }
  double() {
    this.need(8);
    const v = this.view.getFloat64(this.pos, this.little);
    this.pos += 8;
    return v;
  }
  /** A count that cannot exceed what the bytes left could hold (a corrupt count must not allocate gigabytes). */
  count(minBytesEach: number) {
    const n = this.uint32();
    if (n * minBytesEach > this.view.byteLength - this.pos) throw new WkbError(`count ${n} exceeds the bytes left`);
    return n;
  }
  get offset() {
    return this.pos;
  }
}

function readGeometry(r: Reader, top: boolean): { geometry: Geometry; srid?: number } {
  r.order();
  const raw = r.uint32();
  let srid: number | undefined;
  if (raw & EWKB_SRID) srid = r.uint32();
  let dims = 2 + (raw & EWKB_Z ? 1 : 0) + (raw & EWKB_M ? 1 : 0);
  const iso = raw & 0x0fffffff;
  const kind = iso % 1000;
  const isoDims = Math.floor(iso / 1000);
  if (isoDims === 1 || isoDims === 2) dims = 3;
  else if (isoDims === 3) dims = 4;
  else if (isoDims !== 0) throw new WkbError(`geometry type ${iso}`);
  const type = TYPES[kind];
  if (!type) throw new WkbError(`geometry type ${iso}`);
  const position = (): Position => {
    const x = r.double();
    const y = r.double();
    for (let k = 2; k < dims; k++) r.double();
    return [x, y];
  };
  const points = () => {
    const n = r.count(dims * 8);
    const out: Position[] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = position();
    return out;
  };
  const rings = () => {
    const n = r.count(4);
    const out: Position[][] = new Array(n);
    for (let k = 0; k < n; k++) out[k] = points();
    return out;
  };
  const parts = <T extends Geometry>(want: string) => {
    const n = r.count(5);
    const out: T[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const g = readGeometry(r, false).geometry;
      if (want && g.type !== want) throw new WkbError(`${g.type} inside ${type}`);
      out[k] = g as T;
    }
    return out;
  };
  let geometry: Geometry;
  switch (type) {
    case 'Point': {
      const p = position();
      // an empty point is NaN, NaN in WKB
      geometry = { type, coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
      break;
    }
    case 'LineString':
      geometry = { type, coordinates: points() };
      break;
    case 'Polygon':
      geometry = { type, coordinates: rings() };
      break;
    case 'MultiPoint':
      geometry = { type, coordinates: parts<{ type: 'Point'; coordinates: Position }>('Point').map((p) => p.coordinates) };
      break;
    case 'MultiLineString':
      geometry = { type, coordinates: parts<{ type: 'LineString'; coordinates: Position[] }>('LineString').map((l) => l.coordinates) };
      break;
    case 'MultiPolygon':
      geometry = { type, coordinates: parts<{ type: 'Polygon'; coordinates: Position[][] }>('Polygon').map((p) => p.coordinates) };
      break;
    default:
      geometry = { type: 'GeometryCollection', geometries: parts<Geometry>('') };
  }
  return top && srid !== undefined ? { geometry, srid } : { geometry };
}

/** Reads one WKB / EWKB geometry starting at `offset`; throws WkbError on bytes that are not one. */
export function readWkb(bytes: Uint8Array, offset = 0): { geometry: Geometry; srid?: number; end: number } {
  const r = new Reader(bytes, offset);
  const g = readGeometry(r, true);
  return { ...g, end: r.offset };
}

export type Bounds = [west: number, south: number, east: number, north: number];

/**
 * The kind and box of a polygonal hex EWKB geometry, read without building it (a hundred
 * thousand footprints in milliseconds); null for any other kind.
 */
export function polygonBounds(hex: string): Bounds | null {
  const bytes = Buffer.from(hex, 'hex');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  let pos = 0;
  const polygon = (little: boolean, dims: number) => {
    const rings = view.getUint32(pos, little);
    pos += 4;
    for (let r = 0; r < rings; r++) {
      const n = view.getUint32(pos, little);
      pos += 4;
      for (let k = 0; k < n; k++, pos += 8 * dims) {
        const x = view.getFloat64(pos, little);
        const y = view.getFloat64(pos + 8, little);
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
    }
  };
  const header = (): { little: boolean; kind: number; dims: number } => {
    const little = view.getUint8(pos) === 1;
    const raw = view.getUint32(pos + 1, little);
    pos += 5 + (raw & EWKB_SRID ? 4 : 0);
    const iso = raw & 0x0fffffff;
    const isoDims = Math.floor(iso / 1000);
    const dims = isoDims === 3 ? 4 : isoDims > 0 ? 3 : 2 + (raw & EWKB_Z ? 1 : 0) + (raw & EWKB_M ? 1 : 0);
    return { little, kind: iso % 1000, dims };
  };
  try {
    const top = header();
    if (top.kind === 3) polygon(top.little, top.dims);
    else if (top.kind === 6) {
      const parts = view.getUint32(pos, top.little);
      pos += 4;
      for (let p = 0; p < parts; p++) {
        const h = header();
        polygon(h.little, h.dims);
      }
    } else return null;
  } catch {
    // RangeError: the bytes end early; validation produced these, so only a bug gets here
    return null;
  }
  return b[0] <= b[2] ? b : null;
}
