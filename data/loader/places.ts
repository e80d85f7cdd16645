// Writes the town, its roads, communities, compounds and buildings.
import type { Queryable } from '../../server/src/db/pool';
import type { DemoTown } from '../generator/types';
import { ensureTowns } from '../../server/src/db/divisions';
import { insertJson, toWkt } from './bulk';

export async function insertPlaces(c: Queryable, town: DemoTown): Promise<void> {
  const t = town.town;
  await c.query('INSERT INTO town (code, name, geom) VALUES ($1, $2, ST_GeomFromText($3, 4326))', [t.code, t.name, toWkt(t.geometry)]);
  await ensureTowns(c, [{ town_code: t.code, ewkb: null }]);
  await insertJson(
    c,
    `INSERT INTO road (town_code, name, kind, geom)
     SELECT r.town_code, r.name, r.kind, ST_GeomFromText(r.wkt, 4326) FROM json_to_recordset($1::json) AS r(town_code text, name text, kind text, wkt text)`,
    town.roads.map((r) => ({ town_code: t.code, name: r.name, kind: r.kind, wkt: toWkt(r.geometry) })),
  );
  await insertJson(
    c,
    `INSERT INTO community (code, county_code, town_code, name, geom)
     SELECT r.code, left(r.code, 6), r.town_code, r.name, ST_GeomFromText(r.wkt, 4326) FROM json_to_recordset($1::json) AS r(code text, town_code text, name text, wkt text)`,
    town.communities.map((x) => ({ code: x.code, town_code: t.code, name: x.name, wkt: toWkt(x.geometry) })),
  );
  await insertJson(
    c,
    `INSERT INTO compound (code, community_code, county_code, name, property_company, built_year, geom)
     SELECT r.code, r.community_code, left(r.community_code, 6), r.name, r.property_company, r.built_year, ST_GeomFromText(r.wkt, 4326)
     FROM json_to_recordset($1::json) AS r(code text, community_code text, name text, property_company text, built_year int, wkt text)`,
    town.compounds.map((x) => ({
      code: x.code,
      community_code: x.communityCode,
      name: x.name,
      property_company: x.propertyCompany,
      built_year: x.builtYear,
      wkt: toWkt(x.geometry),
    })),
  );
  await insertJson(
    c,
    `INSERT INTO building (code, community_code, county_code, compound_code, name, address, kind, floors, entrances, households, residents, geom)
     SELECT r.code, r.community_code, left(r.community_code, 6), r.compound_code, r.name, r.address, r.kind, r.floors, r.entrances, r.households, r.residents, ST_GeomFromText(r.wkt, 4326)
     FROM json_to_recordset($1::json) AS r(code text, community_code text, compound_code text, name text, address text, kind text,
                                           floors int, entrances int, households int, residents int, wkt text)`,
    town.buildings.map((b) => ({
      code: b.code,
      community_code: b.communityCode,
      compound_code: b.compoundCode,
      name: b.name,
      address: b.address,
      kind: b.kind,
      floors: b.floors,
      entrances: b.entrances,
      households: b.households,
      residents: b.residents,
      wkt: toWkt(b.geometry),
    })),
  );
}
