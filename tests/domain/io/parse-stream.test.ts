/** Big GeoJSON is read feature by feature (stream-json): the same records, problems and notes as reading it whole. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGeoJson } from '../../../server/src/data/parse-geojson';
import { parseGeoJsonStream } from '../../../server/src/data/parse-geojson-stream';
import { DomainError } from '../../../server/src/domain/errors';

const utf8 = (s: string) => new TextEncoder().encode(s);
const fixtures = ['osm', 'divisions'].flatMap((dir) =>
  readdirSync(new URL(`../../fixtures/${dir}/`, import.meta.url))
    .filter((f) => /\.(geo)?json$/.test(f))
    .map((f) => new URL(`../../fixtures/${dir}/${f}`, import.meta.url)),
);

describe('parseGeoJsonStream', () => {
  it.each(fixtures.map((url) => [url.pathname.split('/fixtures/')[1], url]))('reads %s as parseGeoJson does', (_, url) => {
    const bytes = readFileSync(url);
    const streamed = parseGeoJsonStream(bytes);
    expect(streamed.file?.records.length).toBeGreaterThan(0);
    expect(streamed).toEqual(parseGeoJson(new TextDecoder().decode(bytes)));
  });

  it('numbers features by their place in a bare array, non-features included, and skips a byte order mark', () => {
    const { file, problems } = parseGeoJsonStream(
      utf8(
        '\uFEFF[{"type":"Feature","properties":{"a":1},"geometry":null},5,' +
          '{"type":"Feature","properties":{"b":"x\\u00e9"},"geometry":{"type":"Point","coordinates":[1,2]}}]',
      ),
    );
    expect(problems.map((p) => [p.feature, p.code])).toEqual([[1, 'import.not_feature']]);
    expect(file?.records).toEqual([
      { ref: { feature: 0 }, props: { a: 1 }, geometry: null },
      { ref: { feature: 2 }, props: { b: 'xé' }, geometry: { type: 'Point', coordinates: [1, 2] } },
    ]);
    expect(file?.columns).toEqual(['a', 'b']);
  });

  it('reads the declared crs wherever it stands, and a single Feature', () => {
    const collection = parseGeoJsonStream(
      utf8(
        '{"features":[{"type":"Feature","properties":{},"geometry":null}],"crs":{"type":"name","properties":{"name":"EPSG:4549"}},"type":"FeatureCollection"}',
      ),
    );
    expect(collection.file?.declaredCrs).toBe('EPSG:4549');
    expect(collection.file?.records).toHaveLength(1);
    const single = parseGeoJsonStream(utf8('{"type":"Feature","properties":{"n":2},"geometry":null}'));
    expect(single.file?.records).toEqual([{ ref: { feature: 0 }, props: { n: 2 }, geometry: null }]);
  });

  it('refuses what is not a FeatureCollection, and text that is not JSON or ends early', () => {
    expect(parseGeoJsonStream(utf8('{"type":"Topology","features":[]}')).problems.map((p) => p.code)).toEqual([
      'import.not_feature_collection',
    ]);
    expect(parseGeoJsonStream(utf8('12')).problems.map((p) => p.code)).toEqual(['import.not_object']);
    expect(parseGeoJsonStream(utf8('{"type":"FeatureCollection","features":[{"type":"Feature"}')).problems.map((p) => p.code)).toEqual([
      'import.not_json',
    ]);
    expect(parseGeoJsonStream(utf8('{"type":"FeatureCollection","features":[]} x')).problems.map((p) => p.code)).toEqual([
      'import.not_json',
    ]);
  });

  it('stops at text no layer may hold, as parseGeoJson does', () => {
    const file = utf8('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a\\u0000b"},"geometry":null}]}');
    expect(() => parseGeoJsonStream(file)).toThrow(DomainError);
  });
});
