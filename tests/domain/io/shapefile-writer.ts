/**
 * Test helper: writes a zipped shapefile (.shp, .shx, .dbf, optional .prj / .cpg) from GeoJSON
 * points and polygons, so imports can be tested on real shapefile bytes. Rings are written the
 * shapefile way (outer clockwise); DBF field names are cut to 10 characters unless renamed.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { Feature, Position } from 'geojson';

export interface ShapefileOptions {
  /** Property name → DBF field name (10 characters at most). */
  rename?: Record<string, string>;
  prj?: string;
  /** `.cpg` content; omit to leave the encoding to the reader. */
  cpg?: string;
  /** Raw DBF text bytes for a string (e.g. GBK); default UTF-8. */
  encode?: (s: string) => Uint8Array;
  /** DBF language driver byte (0x4d = GBK). */
  languageDriver?: number;
  baseName?: string;
}

const signedArea = (ring: Position[]) => ring.slice(1).reduce((s, p, i) => s + (p[0] - ring[i][0]) * (p[1] + ring[i][1]), 0);

function shapeRecord(f: Feature): { type: number; bytes: Uint8Array; box: number[] } {
  const g = f.geometry;
  // a null shape: a record without geometry (a division known by code and name only)
  if (!g) return { type: 0, bytes: new Uint8Array(4), box: [] };
  if (g.type === 'Point') {
    const b = new DataView(new ArrayBuffer(20));
    b.setInt32(0, 1, true);
    b.setFloat64(4, g.coordinates[0], true);
    b.setFloat64(12, g.coordinates[1], true);
    return { type: 1, bytes: new Uint8Array(b.buffer), box: [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]] };
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  // shapefile orientation: outer rings clockwise (positive shoelace sum here), holes counter-clockwise
  const rings = lines.length ? lines : polygons.flatMap((p) => p.map((r, i) => (signedArea(r) > 0 === (i === 0) ? r : [...r].reverse())));
  const points = rings.flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const b = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * points.length));
  const type = lines.length ? 3 : 5;
  b.setInt32(0, type, true);
  box.forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
  b.setInt32(36, rings.length, true);
  b.setInt32(40, points.length, true);
  let start = 0;
  rings.forEach((r, i) => {
    b.setInt32(44 + 4 * i, start, true);
    start += r.length;
  });
  points.forEach((p, i) => {
    b.setFloat64(44 + 4 * rings.length + 16 * i, p[0], true);
    b.setFloat64(52 + 4 * rings.length + 16 * i, p[1], true);
  });
  return { type, bytes: new Uint8Array(b.buffer), box };
}

function mainFile(records: Uint8Array[], type: number, box: number[], shx: boolean): Uint8Array {
  const body = shx ? records.length * 8 : records.reduce((s, r) => s + 8 + r.length, 0);
  const b = new DataView(new ArrayBuffer(100 + body));
  b.setInt32(0, 9994);
  b.setInt32(24, (100 + body) / 2);
  b.setInt32(28, 1000, true);
  b.setInt32(32, type, true);
  box.forEach((v, i) => b.setFloat64(36 + 8 * i, v, true));
  let o = 100;
  records.forEach((r, i) => {
    if (shx) {
      const offset = 100 + records.slice(0, i).reduce((s, x) => s + 8 + x.length, 0);
      b.setInt32(o, offset / 2);
      b.setInt32(o + 4, r.length / 2);
      o += 8;
    } else {
      b.setInt32(o, i + 1);
      b.setInt32(o + 4, r.length / 2);
      new Uint8Array(b.buffer).set(r, o + 8);
      o += 8 + r.length;
    }
  });
  return new Uint8Array(b.buffer);
}

function dbfFile(features: Feature[], opts: ShapefileOptions): Uint8Array {
  const encode = opts.encode ?? ((s: string) => new TextEncoder().encode(s));
  const names = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const cells = features.map((f) => names.map((n) => f.properties?.[n] ?? null));
  const fields = names.map((n, j) => {
    const column = cells.map((row) => row[j]);
    const known = column.some((v) => v !== null);
    const numeric = known && column.every((v) => v === null || typeof v === 'number');
    const logical = known && column.every((v) => v === null || typeof v === 'boolean');
    const text = column.map((v) => (v === null ? new Uint8Array() : logical ? encode(v ? 'T' : 'F') : encode(String(v))));
    const length = logical ? 1 : numeric ? 24 : Math.max(1, ...text.map((t) => t.length));
    return { name: (opts.rename?.[n] ?? n).slice(0, 10), type: logical ? 'L' : numeric ? 'N' : 'C', length, text };
  });
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(headerLength + recordLength * features.length + 1).fill(0x20, headerLength);
  const v = new DataView(out.buffer);
  out.set([0x03, 108, 1, 1]);
  v.setUint32(4, features.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = opts.languageDriver ?? 0;
  fields.forEach((f, j) => {
    const o = 32 + 32 * j;
    out.fill(0, o, o + 32);
    out.set(new TextEncoder().encode(f.name), o);
    out[o + 11] = f.type.charCodeAt(0);
    out[o + 16] = f.length;
  });
  out[headerLength - 1] = 0x0d;
  features.forEach((_, i) => {
    let o = headerLength + i * recordLength + 1;
    for (const f of fields) {
      const t = f.text[i];
      out.set(t, f.type === 'N' ? o + f.length - t.length : o);
      o += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

// 1 January 1980, the epoch of zip timestamps (fixed so the bytes are reproducible)
const DOS_DATE = (1 << 5) | 1;

/** A zip of the given files, stored, or deflated when `deflate` is set. */
export function zip(files: { name: string; data: Uint8Array }[], deflate = false): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = new TextEncoder().encode(f.name);
    const crc = crc32(f.data);
    const body = deflate ? new Uint8Array(deflateRawSync(f.data)) : f.data;
    const method = deflate ? 8 : 0;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(12, DOS_DATE, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, f.data.length, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(14, DOS_DATE, true);
    dir.setUint16(10, method, true);
    dir.setUint32(16, crc, true);
    dir.setUint32(20, body.length, true);
    dir.setUint32(24, f.data.length, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const size = central.reduce((s, c) => s + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The shapefile's parts (not zipped). */
export function shapefileParts(features: Feature[], opts: ShapefileOptions = {}): { name: string; data: Uint8Array }[] {
  const shapes = features.map(shapeRecord);
  const type = shapes.find((s) => s.type !== 0)?.type ?? 5;
  const boxed = shapes.filter((s) => s.box.length);
  const box = [0, 1, 2, 3].map((i) => (boxed.length ? (i < 2 ? Math.min : Math.max)(...boxed.map((s) => s.box[i])) : 0));
  const base = opts.baseName ?? 'layer';
  const files = [
    {
      name: `${base}.shp`,
      data: mainFile(
        shapes.map((s) => s.bytes),
        type,
        box,
        false,
      ),
    },
    {
      name: `${base}.shx`,
      data: mainFile(
        shapes.map((s) => s.bytes),
        type,
        box,
        true,
      ),
    },
    { name: `${base}.dbf`, data: dbfFile(features, opts) },
  ];
  if (opts.prj) files.push({ name: `${base}.prj`, data: new TextEncoder().encode(opts.prj) });
  if (opts.cpg) files.push({ name: `${base}.cpg`, data: new TextEncoder().encode(opts.cpg) });
  return files;
}

/** A zipped shapefile of the features. */
export function zipShapefile(features: Feature[], opts: ShapefileOptions & { deflate?: boolean } = {}): Uint8Array {
  return zip(shapefileParts(features, opts), opts.deflate);
}
