/**
 * Coordinate conversion through the whole import pipeline (parse → JS offset → PostGIS
 * transform → the EWKB that would be stored), checked against independent formulas.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import type { Db } from '../../../server/src/db/pool';
import { testDb } from '../../helpers/db';
import { parseCsv } from '../../../server/src/data/parse-csv';
import { importLayer } from '../../../server/src/data/layers';
import { parseCrs } from '../../../server/src/data/crs';
import { validateFile } from '../../../server/src/data/validate';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** Where the pipeline would store a facility given at (x, y) in `crs`. */
async function stored(x: number, y: number, crs: string): Promise<[number, number]> {
  const csv = `community_code,name,area_m2,x,y\n321012100006,test,100,${x},${y}\n`;
  const file = parseCsv(new TextEncoder().encode(csv), true).file!;
  const v = await db.withClient((c) => validateFile(c, importLayer('facilities'), file, parseCrs(crs)!, 'upsert'));
  expect(v.problems).toEqual([]);
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number; srid: number }>(
      `SELECT ST_X(g) AS x, ST_Y(g) AS y, ST_SRID(g) AS srid FROM (SELECT ST_GeomFromEWKB(decode($1, 'hex')) AS g) s`,
      [v.rows[0].ewkb],
    ),
  );
  expect(rows[0].srid).toBe(4326);
  return [rows[0].x, rows[0].y];
}

function metresBetween([x1, y1]: number[], [x2, y2]: number[]): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (y2 - y1) * rad;
  const dLng = (x2 - x1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(y1 * rad) * Math.cos(y2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** Transverse Mercator forward on GRS80 (Snyder 1987, eq. 8-9 to 8-12): CGCS2000 GK, CM 120E. */
function gaussKrugerCm120(lng: number, lat: number): [number, number] {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = 2 * f - f * f;
  const ep2 = e2 / (1 - e2);
  const phi = (lat * Math.PI) / 180;
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const t = Math.tan(phi) ** 2;
  const c = ep2 * Math.cos(phi) ** 2;
  const A = (((lng - 120) * Math.PI) / 180) * Math.cos(phi);
  const e4 = e2 * e2;
  const e6 = e4 * e2;
  const m =
    a *
    ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi -
      ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi) -
      ((35 * e6) / 3072) * Math.sin(6 * phi));
  const x = 500000 + n * (A + ((1 - t + c) * A ** 3) / 6 + ((5 - 18 * t + t * t + 72 * c - 58 * ep2) * A ** 5) / 120);
  const y =
    m +
    n *
      Math.tan(phi) *
      (A ** 2 / 2 + ((5 - t + 9 * c + 4 * c * c) * A ** 4) / 24 + ((61 - 58 * t + t * t + 600 * c - 330 * ep2) * A ** 6) / 720);
  return [x, y];
}

describe('import coordinate systems', () => {
  it('GCJ-02: a point in Jiangdu lands within 1 m of gcoord, a few hundred metres from the raw numbers', async () => {
    const gcj = [119.5578, 32.4266];
    const got = await stored(gcj[0], gcj[1], 'gcj02');
    expect(metresBetween(got, gcoord.transform([gcj[0], gcj[1]], gcoord.GCJ02, gcoord.WGS84))).toBeLessThan(1);
    const shift = metresBetween(got, gcj);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    // and back: WGS84 → GCJ-02 of the result is the input
    expect(metresBetween(gcoord.transform(got as [number, number], gcoord.WGS84, gcoord.GCJ02), gcj)).toBeLessThan(1);
  });

  it('BD-09: within 1 m of gcoord', async () => {
    const bd = [119.5643, 32.4325];
    const got = await stored(bd[0], bd[1], 'bd09');
    expect(metresBetween(got, gcoord.transform([bd[0], bd[1]], gcoord.BD09, gcoord.WGS84))).toBeLessThan(1);
    expect(metresBetween(got, bd)).toBeGreaterThan(300);
  });

  it('EPSG:4549 (CGCS2000 GK CM 120E): projecting the result forward gives the input back within 1 m', async () => {
    const input: [number, number] = [455000, 3589000];
    const got = await stored(input[0], input[1], 'EPSG:4549');
    expect(got[0]).toBeCloseTo(119.5216, 3);
    expect(got[1]).toBeCloseTo(32.4243, 3);
    const back = gaussKrugerCm120(got[0], got[1]);
    expect(Math.hypot(back[0] - input[0], back[1] - input[1])).toBeLessThan(1);
  });

  it('EPSG:4528 (the same projection with the zone-40 prefix) agrees with EPSG:4549', async () => {
    const a = await stored(455000, 3589000, 'EPSG:4549');
    const b = await stored(40455000, 3589000, 'EPSG:4528');
    expect(metresBetween(a, b)).toBeLessThan(0.01);
  });

  it('EPSG:3857 (Web Mercator): matches the closed-form inverse', async () => {
    const [x, y] = [13309000, 3818000];
    const got = await stored(x, y, 'EPSG:3857');
    const r = 6378137;
    const expected = [((x / r) * 180) / Math.PI, ((2 * Math.atan(Math.exp(y / r)) - Math.PI / 2) * 180) / Math.PI];
    expect(metresBetween(got, expected)).toBeLessThan(0.01);
  });

  it('CGCS2000 and WGS84 are stored as given', async () => {
    expect(await stored(119.55, 32.43, 'cgcs2000')).toEqual([119.55, 32.43]);
    expect(await stored(119.55, 32.43, 'EPSG:4326')).toEqual([119.55, 32.43]);
  });
});
