/**
 * Reads the WKT this project writes into CSV exports (POINT, LINESTRING, MULTILINESTRING, POLYGON,
 * MULTIPOLYGON, MULTIPOINT, optionally with Z, optionally with an `SRID=n;` prefix) into a GeoJSON
 * geometry. Anything else is an error naming the character position, so a CSV row can point at it.
 */
import type { Geometry, Position } from 'geojson';
import type { MessageCode, MessageParams } from '../contract/messages';

export type WktResult = { ok: true; geometry: Geometry } | { ok: false; code: MessageCode; params: MessageParams };

class WktError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: MessageParams,
  ) {
    super(code);
  }
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  skip() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  peek(): string {
    this.skip();
    return this.text[this.pos] ?? '';
  }
  expect(ch: string) {
    if (this.peek() !== ch) throw new WktError('import.wkt_expected_char', { char: ch, position: this.pos + 1 });
    this.pos++;
  }
  word(): string {
    this.skip();
    const m = /^[A-Za-z]+/.exec(this.text.slice(this.pos));
    if (!m) throw new WktError('import.wkt_expected_type', { position: this.pos + 1 });
    this.pos += m[0].length;
    return m[0].toUpperCase();
  }
  number(): number {
    this.skip();
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) throw new WktError('import.wkt_expected_number', { position: this.pos + 1 });
    this.pos += m[0].length;
    return Number(m[0]);
  }
  position(dims: number): Position {
    const p: number[] = [];
    for (let i = 0; i < dims; i++) p.push(this.number());
    return p;
  }
  list<T>(item: () => T): T[] {
    this.expect('(');
    const out = [item()];
    while (this.peek() === ',') {
      this.pos++;
      out.push(item());
    }
    this.expect(')');
    return out;
  }
}

export function parseWkt(input: string): WktResult {
  const text = input.trim().replace(/^SRID=\d+;/i, '');
  const r = new Reader(text);
  try {
    const type = r.word();
    let dims = 2;
    if (r.peek().toUpperCase() === 'Z') {
      r.word();
      dims = 3;
    } else if (r.peek().toUpperCase() === 'E') {
      return { ok: false, code: 'import.wkt_empty', params: { type } };
    }
    const ring = () => r.list(() => r.position(dims));
    let geometry: Geometry;
    switch (type) {
      case 'POINT':
        geometry = { type: 'Point', coordinates: r.list(() => r.position(dims))[0] };
        break;
      case 'MULTIPOINT':
        // both MULTIPOINT((1 2),(3 4)) and MULTIPOINT(1 2,3 4)
        geometry = {
          type: 'MultiPoint',
          coordinates: r.list(() => (r.peek() === '(' ? r.list(() => r.position(dims))[0] : r.position(dims))),
        };
        break;
      case 'LINESTRING':
        geometry = { type: 'LineString', coordinates: ring() };
        break;
      case 'MULTILINESTRING':
        geometry = { type: 'MultiLineString', coordinates: r.list(ring) };
        break;
      case 'POLYGON':
        geometry = { type: 'Polygon', coordinates: r.list(ring) };
        break;
      case 'MULTIPOLYGON':
        geometry = { type: 'MultiPolygon', coordinates: r.list(() => r.list(ring)) };
        break;
      default:
        return { ok: false, code: 'import.wkt_type', params: { type } };
    }
    if (r.peek() !== '') throw new WktError('import.wkt_trailing', { position: r.pos + 1 });
    return { ok: true, geometry };
  } catch (err) {
    if (err instanceof WktError) return { ok: false, code: err.code, params: err.params };
    throw err;
  }
}
