import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';

interface Hit {
  kind: string;
  code: string;
  name: string;
  label: string;
  community: string;
  center: [number, number];
  distanceMetres?: number;
}

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}
async function find(text: string, extra = '', cookie?: string): Promise<Hit[]> {
  const res = await call('GET', `/api/search?q=${encodeURIComponent(text)}${extra}`, undefined, cookie);
  expect(res.status).toBe(200);
  return res.json();
}
const buildingsIn = (hits: Hit[]) => hits.filter((h) => h.kind === 'building');

// The demo town has 福星新村 (仙城路487号) and 福星小区 (东方红路638号), both with a 4幢.
let xinCun4: { code: string; x: number; y: number };
let xiaoQu4: string;

beforeAll(async () => {
  const at = (address: string) =>
    q<{ code: string; x: number; y: number }>(
      'SELECT code, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM building WHERE address = $1',
      [address],
    );
  [xinCun4] = await at('仙女镇仙城路487号福星新村4幢');
  xiaoQu4 = (await at('仙女镇东方红路638号福星小区4幢'))[0].code;
});

describe('GET /api/search, as people write addresses', () => {
  it('puts 福星新村4幢 first for "福星新村 4幢" and "福星新村4栋"', async () => {
    for (const text of ['福星新村 4幢', '福星新村4栋', '福星新村 4号楼', '福星新村四幢']) {
      const [first] = buildingsIn(await find(text));
      expect(first, text).toMatchObject({ kind: 'building', code: xinCun4.code, community: expect.any(String) });
    }
  });

  it('finds the 4幢 of both 福星 estates for "福星4幢" and "福星 4栋", and no 14幢 or 1幢', async () => {
    for (const text of ['福星4幢', '福星 4栋', '福星 4号楼']) {
      const buildings = buildingsIn(await find(text));
      expect(buildings.map((h) => h.code).sort(), text).toEqual(expect.arrayContaining([xinCun4.code, xiaoQu4]));
      for (const hit of buildings) expect(hit.label, text).toMatch(/福星\S*[^0-9]4幢/);
    }
  });

  it('finds nothing when one token matches nothing', async () => {
    expect(await find('福星 4幢 不存在的路')).toEqual([]);
  });

  it('gives the distance from the point sent with the query', async () => {
    const [here] = buildingsIn(await find('福星新村 4幢', `&lng=${xinCun4.x}&lat=${xinCun4.y}`));
    expect(here.distanceMetres).toBe(0);
    // 0.01° of latitude is 1,112 m (6,371 km × π / 18,000), give or take the spheroid.
    const [north] = buildingsIn(await find('福星新村 4幢', `&lng=${xinCun4.x}&lat=${xinCun4.y + 0.01}`));
    expect(north.distanceMetres).toBeGreaterThan(1100);
    expect(north.distanceMetres).toBeLessThan(1120);
    const [plain] = buildingsIn(await find('福星新村 4幢'));
    expect(plain).not.toHaveProperty('distanceMetres');
  });

  it('answers 400 naming lat when lng comes without it', async () => {
    const res = await call('GET', `/api/search?q=${encodeURIComponent('福星')}&lng=119.5`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toContainEqual(expect.objectContaining({ field: 'query.lat' }));
  });
});

describe('GET /api/search, people by name', () => {
  let person: { id: string; name: string; homeX: number; homeY: number; communityX: number; communityY: number };
  beforeAll(async () => {
    // Someone with a home building and a name no one else has, so the hit is theirs.
    [person] = await q(
      `SELECT p.id::text AS id, p.name,
              ST_X(ST_PointOnSurface(b.geom)) AS "homeX", ST_Y(ST_PointOnSurface(b.geom)) AS "homeY",
              ST_X(ST_PointOnSurface(m.geom)) AS "communityX", ST_Y(ST_PointOnSurface(m.geom)) AS "communityY"
         FROM person p JOIN building b ON b.code = p.home_building_code JOIN community m ON m.code = p.community_code
        WHERE (SELECT count(*) FROM person o WHERE o.name = p.name) = 1
        ORDER BY p.id LIMIT 1`,
    );
  });
  const personHit = (hits: Hit[], id: string) => hits.find((h) => h.kind === 'person' && h.code === id);

  it('shows planners where the person lives', async () => {
    const hit = personHit(await find(person.name, '', await loginAs('planner')), person.id);
    expect(hit?.center[0]).toBeCloseTo(person.homeX, 6);
    expect(hit?.center[1]).toBeCloseTo(person.homeY, 6);
  });

  it('shows officials the person in their community only, not their home', async () => {
    const hit = personHit(await find(person.name, '', await loginAs('official')), person.id);
    expect(hit?.center[0]).toBeCloseTo(person.communityX, 6);
    expect(hit?.center[1]).toBeCloseTo(person.communityY, 6);
  });

  it('finds no people for the public', async () => {
    expect((await find(person.name)).filter((h) => h.kind === 'person')).toEqual([]);
  });
});
