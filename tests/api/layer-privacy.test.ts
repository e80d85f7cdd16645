// What the map shows to someone who has not signed in: no option costs or personal data in any
// layer, tile or feature; tiles only from a layer's minzoom; buildings only in small pieces.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { tileOf } from '../helpers/tiles';
import { LAYER_IDS } from '../../server/src/contract/layers';
import { bboxAreaSquareKilometres } from '../../server/src/domain/map/public-view';

const COST_KEYS = ['one_off_cost', 'yearly_cost', 'cost_per_m2', 'oneOffCost', 'yearlyCost', 'costPerM2'];

interface Feature {
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface Person {
  name: string;
  phone: string | null;
}

function firstPoint(geometry: Feature['geometry']): [number, number] {
  let c: unknown = geometry.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return c as [number, number];
}

let planner: string;
let buildings: Feature[];
let people: Person[];

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  buildings = (await (await call('GET', '/api/layers/buildings.geojson', undefined, planner)).json()).features;
  const page = await (await call('GET', '/api/people?limit=1000', undefined, await loginAs('admin'))).json();
  people = page.people;
});

describe('tiles below a layer’s minzoom', () => {
  it('answer 204 with no body for the buildings layer at z0, as for compounds at z11; from the minzoom on they are tiles', async () => {
    const z0 = await call('GET', '/api/tiles/buildings/0/0/0.pbf');
    expect(z0.status).toBe(204);
    expect((await z0.arrayBuffer()).byteLength).toBe(0);
    const at = firstPoint(buildings[0].geometry);
    const [x11, y11] = tileOf(at, 11);
    expect((await call('GET', `/api/tiles/compounds/11/${x11}/${y11}.pbf`)).status).toBe(204);
    const [x13, y13] = tileOf(at, 13);
    const tile = await call('GET', `/api/tiles/buildings/13/${x13}/${y13}.pbf`);
    expect(tile.status).toBe(200);
    const bytes = new Uint8Array(await tile.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    expect(new TextDecoder().decode(bytes)).toContain('buildings');
  });

  it('keep z12 compounds tiles (their minzoom) and z0 community tiles', async () => {
    const [x, y] = tileOf(firstPoint(buildings[0].geometry), 12);
    expect((await call('GET', `/api/tiles/compounds/12/${x}/${y}.pbf`)).status).toBe(200);
    expect((await call('GET', '/api/tiles/communities/0/0/0.pbf')).status).toBe(200);
  });

  it('serve cells from z12, the first zoom a screen draws them at, and nothing at z11', async () => {
    const at = firstPoint(buildings[0].geometry);
    const [x11, y11] = tileOf(at, 11);
    const z11 = await call('GET', `/api/tiles/cells/11/${x11}/${y11}.pbf`);
    expect(z11.status).toBe(204);
    expect((await z11.arrayBuffer()).byteLength).toBe(0);
    const [x, y] = tileOf(at, 12);
    const z12 = await call('GET', `/api/tiles/cells/12/${x}/${y}.pbf`);
    expect(z12.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await z12.arrayBuffer()))).toContain('cells');
  });
});

describe('option costs', () => {
  it('are missing from the anonymous options layer and its features, and shown to a planner as the register has them', async () => {
    const anonymous: Feature[] = (await (await call('GET', '/api/layers/options.geojson')).json()).features;
    expect(anonymous.length).toBeGreaterThan(0);
    for (const f of anonymous) for (const key of COST_KEYS) expect(f.properties).not.toHaveProperty(key);

    const register = await (await call('GET', '/api/facility-options', undefined, planner)).json();
    const withCost = register.find((o: { oneOffCost: number; status: string }) => o.oneOffCost > 0 && o.status !== 'withdrawn');
    const feature = await (await call('GET', `/api/features/options/${withCost.code}`)).json();
    expect(feature.properties.code).toBe(withCost.code);
    for (const key of COST_KEYS) expect(feature.properties).not.toHaveProperty(key);

    const signedIn = await (await call('GET', `/api/features/options/${withCost.code}`, undefined, planner)).json();
    expect(signedIn.properties.one_off_cost).toBe(withCost.oneOffCost);
    expect(signedIn.properties.yearly_cost).toBe(withCost.yearlyCost);
    const layer: Feature[] = (await (await call('GET', '/api/layers/options.geojson', undefined, planner)).json()).features;
    expect(layer.find((f) => f.properties.code === withCost.code)!.properties.one_off_cost).toBe(withCost.oneOffCost);
  });
});

describe('personal data', () => {
  it('no anonymous layer carries a person’s name or phone, or a cost', async () => {
    expect(people.length).toBeGreaterThan(0);
    const phones = new Set(people.flatMap((p) => (p.phone ? [p.phone] : [])));
    const names = new Set(people.map((p) => p.name));
    const [w, s] = firstPoint(buildings[0].geometry);
    for (const id of LAYER_IDS) {
      const query = id === 'buildings' ? `?bbox=${w - 0.005},${s - 0.005},${w + 0.005},${s + 0.005}` : '';
      const res = await call('GET', `/api/layers/${id}.geojson${query}`);
      expect(res.status, id).toBe(200);
      for (const f of (await res.json()).features as Feature[]) {
        for (const key of COST_KEYS) expect(f.properties, `${id} ${f.id}`).not.toHaveProperty(key);
        for (const [key, value] of Object.entries(f.properties)) {
          expect(phones.has(String(value)), `${id} ${f.id} ${key}`).toBe(false);
          if (key !== 'name') expect(names.has(String(value)), `${id} ${f.id} ${key}`).toBe(false);
        }
      }
    }
  });
});

describe('GET /api/layers/buildings.geojson', () => {
  it('answers 401 naming bbox to an anonymous caller asking for the whole town', async () => {
    const res = await call('GET', '/api/layers/buildings.geojson');
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: 'layers.bbox_required', params: { field: 'query.bbox' } });
  });

  it('answers 400 naming bbox for an anonymous box of about 5.2 km², 200 for one of about 3.8 km²', async () => {
    const [lng, lat] = firstPoint(buildings[0].geometry);
    // 0.025° × 0.02° at 32.4°N: R² · Δλ · Δ(sin φ) ≈ 40 589 753 · 0.000436 · 0.000295 ≈ 5.2 km².
    const big = await call('GET', `/api/layers/buildings.geojson?bbox=${lng - 0.0125},${lat - 0.01},${lng + 0.0125},${lat + 0.01}`);
    expect(big.status).toBe(400);
    expect((await big.json()).error.details).toContainEqual(
      expect.objectContaining({
        field: 'query.bbox',
        code: 'layers.bbox_too_large',
        params: expect.objectContaining({ maximumSquareKilometres: 4 }),
      }),
    );
    // 0.02° × 0.018°: ≈ 40 589 753 · 0.000349 · 0.000265 ≈ 3.8 km².
    const box = [lng - 0.01, lat - 0.009, lng + 0.01, lat + 0.009];
    const small = await call('GET', `/api/layers/buildings.geojson?bbox=${box.join(',')}`);
    expect(small.status).toBe(200);
    const features: Feature[] = (await small.json()).features;
    expect(features.map((f) => f.properties.code)).toContain(buildings[0].properties.code);
    expect(features.length).toBeLessThan(buildings.length);
  });

  it('gives a signed-in user the whole town', async () => {
    const total = await (await call('GET', '/api/layers/compounds.geojson', undefined, planner)).json();
    expect(total.features.length).toBeGreaterThan(0);
    expect(new Set(buildings.map((f) => f.properties.code)).size).toBe(buildings.length);
    expect(buildings.length).toBeGreaterThan(1000);
  });
});

describe('bboxAreaSquareKilometres', () => {
  it('is about 111.2 km × 111.2 km for one degree square at the equator', () => {
    expect(bboxAreaSquareKilometres([0, 0, 1, 1])).toBeCloseTo(12_363.6, 0);
  });
  it('shrinks with the cosine of the latitude (a 0.02° × 0.018° box at 32.4°N is about 3.76 km²)', () => {
    expect(bboxAreaSquareKilometres([119.5, 32.4, 119.52, 32.418])).toBeCloseTo(3.76, 1);
  });
});
