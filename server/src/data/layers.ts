/**
 * The importable / exportable layers: an allow-list of tables and columns. Request input picks a
 * layer by id from this list; table and column names in SQL come only from here.
 *
 * File columns match a field by its column name, its camelCase form, or an alias (short names
 * for shapefile DBF's 10-character limit, and common Chinese headers), ignoring case, spaces,
 * `_` and `-`.
 */
import { IMPORT_LAYER_IDS, type ImportLayerId } from '../contract/io';

export type FieldKind = 'text' | 'int' | 'float' | 'bool' | 'enum';

export interface FieldDef {
  column: string;
  kind: FieldKind;
  required?: boolean;
  /** Stored when the cell is blank (NOT NULL columns with a default); absent → NULL. */
  blank?: string | number | boolean;
  min?: number;
  /** `min` itself is not allowed (areas must be > 0). */
  minExclusive?: boolean;
  max?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** A value matching `pattern`, shown in the problem message (an example needs no translation). */
  example?: string;
  /** Accepted spellings (lower case, incl. Chinese labels) → stored code. */
  values?: Record<string, string>;
  aliases?: string[];
  /** Filled from another field when blank (e.g. community code from a building code). */
  derived?: boolean;
  /** Exported for reference but never imported (set by a workflow, e.g. an option's approval). */
  exportOnly?: boolean;
  /** Read and checked but not stored: an input to a derived value (a building's height). */
  transient?: boolean;
  /** The cell may hold several values, as OSM (`a;b`) and OSMnx (`['a', 'b']`) write them: text
   * keeps them all joined by `;`, numbers the largest, booleans true when any is. */
  list?: boolean;
}

export type { ImportLayerId };

export interface ImportLayerDef {
  id: ImportLayerId;
  table: 'community' | 'compound' | 'building' | 'facility' | 'facility_option' | 'person' | 'division' | 'road';
  /** Natural key for upserts: a code, or the serial id (a row without id is new). */
  key: 'code' | 'id';
  geometry: 'multipolygon' | 'polygon' | 'point' | 'line' | null;
  /** A record may come without geometry (a division known by code and name only). */
  geometryOptional?: boolean;
  /** A polygon layer that also takes points, drawing an estimated footprint around each. */
  pointsAsFootprints?: boolean;
  fields: FieldDef[];
}

const enumOf = (codes: readonly string[], labels: Record<string, string> = {}) =>
  Object.fromEntries([...codes.map((c) => [c, c]), ...Object.entries(labels)]);

const COMMUNITY_CODE = /^[0-9]{12}$/;
const community = (required: boolean, derived: boolean): FieldDef => ({
  column: 'community_code',
  kind: 'text',
  required,
  derived,
  pattern: COMMUNITY_CODE,
  example: '321012100006',
  aliases: ['community', 'comm_code', 'commcode', '社区代码', '社区编码'],
});
const name = (required: boolean, aliases: string[] = ['名称']): FieldDef =>
  required
    ? { column: 'name', kind: 'text', required, maxLength: 60, aliases }
    : { column: 'name', kind: 'text', blank: '', maxLength: 60, aliases };
const address: FieldDef = { column: 'address', kind: 'text', blank: '', maxLength: 200, aliases: ['地址'] };
const idField: FieldDef = { column: 'id', kind: 'int', min: 1, aliases: ['fid_id'] };

export const PERSON_TYPES = [
  'community_cadre',
  'party_group_leader',
  'in_service_cadre',
  'retiree',
  'resident_representative',
  'volunteer',
  'property_staff',
] as const;
export const DIVISION_LEVELS = ['province', 'city', 'county', 'town', 'community'] as const;
export const ROAD_KINDS = ['arterial', 'secondary', 'local'] as const;
export const METHODS = ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'] as const;

export const IMPORT_LAYERS: ImportLayerDef[] = [
  {
    id: 'communities',
    table: 'community',
    key: 'code',
    geometry: 'multipolygon',
    fields: [
      {
        column: 'code',
        kind: 'text',
        required: true,
        pattern: COMMUNITY_CODE,
        example: '321012100006',
        aliases: ['社区代码', '代码', '编码'],
      },
      name(true, ['名称', '社区名称']),
      { column: 'town_code', kind: 'text', derived: true, pattern: /^[0-9]{9}$/, example: '321012100', aliases: ['town', '镇代码'] },
      { column: 'min_households_per_cell', kind: 'int', min: 1, aliases: ['min_hh', 'minhouseholds'] },
      { column: 'max_households_per_cell', kind: 'int', min: 1, aliases: ['max_hh', 'maxhouseholds'] },
    ],
  },
  {
    id: 'compounds',
    table: 'compound',
    key: 'code',
    geometry: 'multipolygon',
    fields: [
      {
        column: 'code',
        kind: 'text',
        required: true,
        pattern: /^[0-9]{12}-[0-9]{3}$/,
        example: '321012100006-001',
        aliases: ['小区代码', '代码', '编码'],
      },
      community(false, true),
      name(true, ['名称', '小区名称']),
      { column: 'property_company', kind: 'text', maxLength: 100, aliases: ['property', 'prop_comp', '物业公司'] },
      { column: 'built_year', kind: 'int', min: 1900, max: 2100, aliases: ['built', 'year', '建成年份'] },
    ],
  },
  {
    id: 'buildings',
    table: 'building',
    key: 'code',
    geometry: 'polygon',
    pointsAsFootprints: true,
    fields: [
      {
        // blank: the next free number in the community that contains the footprint
        column: 'code',
        kind: 'text',
        derived: true,
        pattern: /^[0-9]{17}$/,
        example: '32101210000600001',
        aliases: ['楼幢代码', '代码', '编码'],
      },
      community(false, true),
      {
        column: 'compound_code',
        kind: 'text',
        pattern: /^[0-9]{12}-[0-9]{3}$/,
        example: '321012100006-001',
        aliases: ['compound', 'comp_code', '小区代码'],
      },
      name(false),
      address,
      {
        column: 'kind',
        kind: 'enum',
        blank: 'slab',
        values: enumOf(['slab', 'tower', 'lowrise', 'public'], { 板楼: 'slab', 塔楼: 'tower', 低层: 'lowrise', 公建: 'public' }),
        aliases: ['类型'],
      },
      // blank: height ÷ 3 m, else 1
      { column: 'floors', kind: 'int', derived: true, min: 1, max: 200, aliases: ['层数', 'building:levels', 'levels'] },
      { column: 'entrances', kind: 'int', blank: 1, min: 1, max: 100, aliases: ['单元数'] },
      // blank: estimated from footprint × floors ÷ the dwelling size setting
      { column: 'households', kind: 'int', derived: true, min: 0, aliases: ['hh', '户数'] },
      { column: 'residents', kind: 'int', blank: 0, min: 0, aliases: ['人口', '人数'] },
      { column: 'households_estimated', kind: 'bool', derived: true, aliases: ['hh_est', '户数估算'] },
      { column: 'footprint_estimated', kind: 'bool', derived: true, aliases: ['fp_est', '轮廓估算'] },
      { column: 'height', kind: 'float', transient: true, min: 0, minExclusive: true, max: 1000, aliases: ['高度', 'building:height'] },
      // pieces of one building cut at tile edges share it (data/building-pieces.ts); stored, so the
      // same data imported again finds its buildings by it (data/source-ids.ts)
      {
        column: 'source_id',
        kind: 'text',
        maxLength: 200,
        aliases: ['osm_id', 'osmid', '@id', 'full_id', 'id', '来源编号'],
      },
    ],
  },
  {
    id: 'facilities',
    table: 'facility',
    key: 'id',
    geometry: 'point',
    fields: [
      idField,
      community(true, false),
      name(true),
      address,
      { column: 'area_m2', kind: 'float', required: true, min: 0, minExclusive: true, aliases: ['area', '面积'] },
    ],
  },
  {
    id: 'options',
    table: 'facility_option',
    key: 'code',
    geometry: 'point',
    fields: [
      { column: 'code', kind: 'text', required: true, pattern: /^[A-Za-z0-9_-]{1,40}$/, example: 'SITE-006-01', aliases: ['编码', '代码'] },
      community(true, false),
      {
        column: 'method',
        kind: 'enum',
        required: true,
        aliases: ['方式'],
        values: enumOf(METHODS, {
          reserve: 'reserve_in_new_development',
          expand: 'expand_renovate',
          reallocate: 'reallocate_idle_public',
          新建小区时预留: 'reserve_in_new_development',
          预留: 'reserve_in_new_development',
          扩建改造: 'expand_renovate',
          扩建: 'expand_renovate',
          闲置房产调剂: 'reallocate_idle_public',
          调剂: 'reallocate_idle_public',
          置换: 'swap',
          租赁: 'lease',
        }),
      },
      name(true),
      address,
      { column: 'area_m2', kind: 'float', required: true, min: 0, minExclusive: true, aliases: ['area', '面积'] },
      { column: 'released_area_m2', kind: 'float', blank: 0, min: 0, aliases: ['released', 'rel_area'] },
      { column: 'one_off_cost', kind: 'float', blank: 0, min: 0, aliases: ['one_off', 'oneoff', 'cost'] },
      { column: 'yearly_cost', kind: 'float', blank: 0, min: 0, aliases: ['yearly', 'year_cost'] },
      { column: 'available_after_months', kind: 'int', blank: 0, min: 0, max: 240, aliases: ['avail_mon', 'months', 'availability'] },
      { column: 'share_radius_m', kind: 'float', min: 0, aliases: ['share_r', 'share_rad', 'shareradius'] },
      { column: 'needs_approval', kind: 'bool', blank: false, aliases: ['approval', 'needs_appr'] },
      { column: 'uncertain', kind: 'bool', blank: false, aliases: ['uncertn'] },
      { column: 'status', kind: 'enum', exportOnly: true, values: enumOf(['candidate', 'approved', 'withdrawn']) },
      { column: 'notes', kind: 'text', blank: '', maxLength: 1000, aliases: ['备注'] },
    ],
  },
  {
    id: 'people',
    table: 'person',
    key: 'id',
    geometry: null,
    fields: [
      idField,
      name(true, ['姓名']),
      {
        column: 'type',
        kind: 'enum',
        required: true,
        aliases: ['类型', '人员类型'],
        values: enumOf(PERSON_TYPES, {
          社区干部: 'community_cadre',
          党小组长: 'party_group_leader',
          在职干部: 'in_service_cadre',
          退休人员: 'retiree',
          居民代表: 'resident_representative',
          志愿者: 'volunteer',
          物业人员: 'property_staff',
        }),
      },
      { column: 'party_member', kind: 'bool', blank: false, aliases: ['party', 'party_mem', '党员'] },
      { column: 'phone', kind: 'text', pattern: /^[0-9+\- ]{5,20}$/, example: '138 0000 0000', aliases: ['电话', '手机'] },
      { column: 'gender', kind: 'enum', values: enumOf(['F', 'M'], { f: 'F', m: 'M', 女: 'F', 男: 'M' }), aliases: ['性别'] },
      { column: 'birth_year', kind: 'int', min: 1900, max: 2100, aliases: ['birth_yr', '出生年份'] },
      community(true, false),
      {
        column: 'home_building_code',
        kind: 'text',
        pattern: /^[0-9]{17}$/,
        example: '32101210000600001',
        aliases: ['home_building', 'home_bldg', 'home', '住址楼幢'],
      },
      { column: 'notes', kind: 'text', blank: '', maxLength: 1000, aliases: ['备注'] },
    ],
  },
  {
    // DataV GeoAtlas files (adcode, name, level; 6-digit adcodes) and the official 12-digit code
    // list (code, name) alike: codes are shortened to their level's length by the layer's rule.
    id: 'divisions',
    table: 'division',
    key: 'code',
    geometry: 'multipolygon',
    geometryOptional: true,
    fields: [
      {
        column: 'code',
        kind: 'text',
        required: true,
        pattern: /^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/,
        example: '310115',
        aliases: ['adcode', '区划代码', '统计用区划代码', '行政区划代码', '代码', '编码'],
      },
      // blank for a division made from a community's code until the code list names it
      name(false, ['名称', '区划名称', '行政区划名称']),
      {
        column: 'level',
        kind: 'enum',
        derived: true,
        aliases: ['级别', '层级'],
        values: enumOf(DIVISION_LEVELS, {
          district: 'county',
          street: 'town',
          village: 'community',
          省: 'province',
          市: 'city',
          区县: 'county',
          县: 'county',
          区: 'county',
          乡镇: 'town',
          街道: 'town',
          镇: 'town',
          社区: 'community',
          村: 'community',
        }),
      },
      { column: 'parent_code', kind: 'text', derived: true, pattern: /^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9})$/, example: '3101' },
    ],
  },
  {
    id: 'roads',
    table: 'road',
    key: 'id',
    geometry: 'line',
    fields: [
      idField,
      // blank: the town the road runs through
      { column: 'town_code', kind: 'text', derived: true, pattern: /^[0-9]{9}$/, example: '321012100', aliases: ['town', '镇代码'] },
      { column: 'name', kind: 'text', blank: '', maxLength: 200, list: true, aliases: ['名称', '道路名称', 'name:zh'] },
      { column: 'highway', kind: 'text', blank: '', maxLength: 100, list: true, aliases: ['fclass', '道路等级'] },
      // blank: from highway (motorway, trunk, primary → arterial; secondary, tertiary → secondary; else local)
      {
        column: 'kind',
        kind: 'enum',
        derived: true,
        values: enumOf(ROAD_KINDS, { 主干路: 'arterial', 次干路: 'secondary', 支路: 'local' }),
        aliases: ['道路类型'],
      },
      { column: 'oneway', kind: 'bool', list: true, aliases: ['单行'] },
      { column: 'lanes', kind: 'int', min: 1, max: 50, list: true, aliases: ['车道数'] },
      { column: 'osm_id', kind: 'text', maxLength: 200, list: true, aliases: ['osmid', '@id', 'full_id'] },
    ],
  },
];

export { IMPORT_LAYER_IDS };

export function importLayer(id: ImportLayerId): ImportLayerDef {
  return IMPORT_LAYERS.find((l) => l.id === id)!;
}

const squash = (s: string) =>
  s
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');

/** The field a file column feeds, or undefined when the layer has none by that name. */
export function fieldForColumn(layer: ImportLayerDef, header: string): FieldDef | undefined {
  const h = squash(header);
  return layer.fields.find((f) => squash(f.column) === h || (f.aliases ?? []).some((a) => squash(a) === h));
}
