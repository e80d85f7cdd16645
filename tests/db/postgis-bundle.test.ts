/**
 * The embedded database loads a PostGIS bundle trimmed to the core library, its scripts and the
 * PROJ data (db/postgis-bundle.ts): opening a folder unpacks it every time.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { filterTar, trimmedBundle } from '../../server/src/db/postgis-bundle';
import { openPglite } from '../../server/src/db/pool';
import { embeddedRun } from '../helpers/engine';

const dir = mkdtempSync(path.join(tmpdir(), 'gridplan-postgis-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The names in a tar archive, read with a keep-nothing filter that notes each one. */
function names(tar: Uint8Array): string[] {
  const seen: string[] = [];
  filterTar(tar, (name) => {
    seen.push(name);
    return false;
  });
  return seen;
}

describe.runIf(embeddedRun)('the trimmed PostGIS bundle', () => {
  it('keeps the core library, its install script and the PROJ data, and leaves raster, topology and the geocoder out', () => {
    const bundle = trimmedBundle(dir)!;
    expect(bundle).toMatch(/postgis-core-\d+-\d+\.tar\.gz$/);
    const kept = names(gunzipSync(readFileSync(bundle)));
    expect(kept).toEqual(
      expect.arrayContaining([
        'lib/postgresql/postgis-3.so',
        'share/proj/proj.db',
        'share/postgresql/extension/postgis.control',
        'share/postgresql/extension/postgis--3.6.2.sql',
      ]),
    );
    expect(kept.filter((n) => /raster|topology|tiger|unpackaged/.test(n))).toEqual([]);
    // a fraction of the 91 MB the shipped bundle unpacks to
    expect(gunzipSync(readFileSync(bundle)).length).toBeLessThan(45_000_000);
  });

  it('is made once and then reused', () => {
    const first = trimmedBundle(dir)!;
    const made = statSync(first).mtimeMs;
    expect(trimmedBundle(dir)).toBe(first);
    expect(statSync(first).mtimeMs).toBe(made);
  });

  it('is not made from an archive with entries it cannot copy one by one', () => {
    const header = new Uint8Array(512);
    header.set(new TextEncoder().encode('././@LongLink'), 0);
    header.set(new TextEncoder().encode('00000000000'), 124);
    header[156] = 'L'.charCodeAt(0);
    expect(filterTar(Buffer.concat([header, new Uint8Array(1024)]), () => true)).toBeNull();
  });

  it('gives a new embedded database PostGIS with the coordinate systems imports convert from', async () => {
    const db = await openPglite();
    try {
      await db.withClient((c) => c.exec('CREATE EXTENSION postgis'));
      const { rows } = await db.withClient((c) =>
        c.query<{ x: number; y: number; lon: number; lat: number }>(
          `SELECT ST_X(p) AS x, ST_Y(p) AS y, ST_X(back) AS lon, ST_Y(back) AS lat
             FROM ST_Transform(ST_SetSRID(ST_MakePoint(119.4, 32.4), 4326), 4549) AS p,
                  ST_Transform(p, 4326) AS back`,
        ),
      );
      const { x, y, lon, lat } = rows[0];
      // CGCS2000 / 3-degree Gauss-Kruger CM 120E (false easting 500 km): 0.6° west of the central
      // meridian at 32.4° N is about 0.6 × cos(32.4°) × 111.32 km = 56.4 km west of it.
      expect(x).toBeGreaterThan(443_000);
      expect(x).toBeLessThan(444_200);
      expect(y).toBeGreaterThan(3_580_000);
      expect(y).toBeLessThan(3_595_000);
      expect(Math.abs(lon - 119.4)).toBeLessThan(1e-9);
      expect(Math.abs(lat - 32.4)).toBeLessThan(1e-9);
    } finally {
      await db.close();
    }
  });
});
