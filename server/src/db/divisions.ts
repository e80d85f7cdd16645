/**
 * Towns and divisions made from community codes: importing community `310115005001` files it
 * under town 310115005, created when missing (named and outlined from its division when that is
 * known, else named by its code and outlined as the union of its communities), and records the
 * town, county, city and province in the division table by code.
 */
import { ancestorDivisions, levelOfCode, parentDivision } from '../data/division-codes';
import type { Queryable } from './pool';

/** Province-level names (GB/T 2260), so a division made from a code is not nameless at the top. */
const PROVINCES: Record<string, string> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

export interface CommunityPlace {
  town_code: string;
  /** WGS84 hex EWKB of the community. */
  ewkb: string | null;
}

/** Creates the missing towns of these communities and the divisions above them; returns the towns touched. */
export async function ensureTowns(c: Queryable, communities: CommunityPlace[]): Promise<string[]> {
  const towns = [...new Set(communities.map((r) => r.town_code))].sort();
  const codes = [...new Set(towns.flatMap((t) => [t, ...ancestorDivisions(t)]))];
  const divisions = codes.map((code) => ({
    code,
    level: levelOfCode(code),
    parent_code: parentDivision(code),
    name: PROVINCES[code] ?? '',
  }));
  await c.query(
    `INSERT INTO division (code, level, parent_code, name)
     SELECT r.code, r.level, r.parent_code, coalesce(nullif(r.name, ''), t.name, '')
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, level text, parent_code text, name text) LEFT JOIN town t ON t.code = r.code
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(divisions)],
  );
  await c.query(
    `WITH r AS (
       SELECT r.town_code, ST_GeomFromEWKB(decode(r.ewkb, 'hex')) AS g
         FROM jsonb_to_recordset($1::jsonb) AS r(town_code text, ewkb text)
        WHERE r.ewkb IS NOT NULL AND NOT EXISTS (SELECT 1 FROM town t WHERE t.code = r.town_code)
     ), fresh AS (SELECT town_code, ST_Multi(ST_Union(g)) AS g FROM r GROUP BY town_code)
     INSERT INTO town (code, name, geom, outline_from_communities)
     SELECT f.town_code, coalesce(nullif(d.name, ''), f.town_code), coalesce(d.geom, f.g), d.geom IS NULL
       FROM fresh f LEFT JOIN division d ON d.code = f.town_code`,
    [JSON.stringify(communities)],
  );
  return towns;
}

/** Redraws the outline of towns that have none of their own as the union of their communities. */
export async function redrawTownOutlines(c: Queryable, towns: string[]): Promise<void> {
  // Read first, then written: a write to the town table (a reference table on a cluster) may not
  // read the communities (distributed) in the same statement.
  const { rows } = await c.query<{ town_code: string; ewkb: string }>(
    `SELECT town_code, encode(ST_AsEWKB(ST_Multi(ST_Union(geom))), 'hex') AS ewkb
       FROM community WHERE town_code = ANY($1::text[]) GROUP BY town_code`,
    [towns],
  );
  if (rows.length === 0) return;
  await c.query(
    `UPDATE town t SET geom = u.g, version = t.version + 1, updated_at = now()
       FROM (SELECT r.town_code, ST_GeomFromEWKB(decode(r.ewkb, 'hex')) AS g FROM jsonb_to_recordset($1::jsonb) AS r(town_code text, ewkb text)) u
      WHERE t.code = u.town_code AND t.outline_from_communities AND NOT ST_Equals(t.geom, u.g)`,
    [JSON.stringify(rows)],
  );
}
