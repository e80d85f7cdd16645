/** Free-text search over communities, compounds, buildings and (for signed-in staff) people. */
import type { Queryable } from './pool';
import type { SearchHit } from '../contract/search';
import { searchTerms } from '../domain/search/query';
import { layerScopeSql, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';

export type { SearchHit };

/** Which people a searcher may find, and where: `homesOf` lists the cells whose residents' homes they may see ('*' = all). */
export interface PeopleScope {
  homesOf: '*' | readonly string[];
}

export interface SearchOptions {
  limit: number;
  /** People are searched only with a scope; without one they are left out. */
  people: PeopleScope | null;
  /** Where the searcher is looking from (map centre or position); hits then carry their distance. */
  near?: [number, number];
  /** The searcher's data scope: hits of its communities only (null or absent: all). */
  scope?: Scope;
}

// Each kind of hit: its label, a point and an optional box, from its entry `e` (the place `of`
// in `table`, and its community). The text matched (search_entry.hay) is kept by triggers: see
// migrations/0028_search_entries.sql.
const KINDS = {
  community: {
    select: `'community' AS kind, m.code, m.name, m.name || ' · ' || m.code AS label, 0 AS kind_rank, m.name AS community,
             e.hay, ST_PointOnSurface(m.geom) AS point, m.geom AS box, m.code AS scope_code`,
    table: 'community m',
    of: 'm',
    community: '',
  },
  compound: {
    select: `'compound', k.code, k.name, k.name || ' · ' || m.name, 1, m.name, e.hay, ST_PointOnSurface(k.geom), k.geom, m.code`,
    table: 'compound k',
    of: 'k',
    community: 'JOIN community m ON m.code = k.community_code AND m.county_code = k.county_code',
  },
  building: {
    select: `'building', b.code, coalesce(nullif(b.name, ''), b.address), b.address || ' · ' || b.code, 2, m.name, e.hay,
             ST_PointOnSurface(b.geom), NULL::geometry, m.code`,
    table: 'building b',
    of: 'b',
    community: 'JOIN community m ON m.code = b.community_code AND m.county_code = b.county_code',
  },
};

type KindName = keyof typeof KINDS;
/** The columns of a hit, as the community's select names them. */
const HIT_COLUMNS = 'kind, code, name, label, kind_rank, community, hay, point, box, scope_code';
const ofEntry = (kind: KindName) => `${KINDS[kind].of}.code = e.code AND ${KINDS[kind].of}.county_code = e.county_code`;
/** The hits of the entries `e` of `kind`, as joins. */
const joinHits = (kind: KindName) => `JOIN ${KINDS[kind].table} ON e.kind = '${kind}' AND ${ofEntry(kind)} ${KINDS[kind].community}`;
/** The hit of one entry `e` of `kind` (or `select` of it), looked up by its key: a lateral subquery, so a short walk stays a walk. */
const hitOf = (kind: KindName, select: string = KINDS[kind].select) =>
  `SELECT ${select} FROM ${KINDS[kind].table} ${KINDS[kind].community} WHERE ${ofEntry(kind)} LIMIT 1`;

// People are found by name, through the entries' GIN index (`matched`).
const PEOPLE = `
  SELECT 'person', p.id::text, p.name, p.name || ' · ' || m.name, 3, m.name, e.hay,
         ST_PointOnSurface(CASE WHEN $5::boolean OR home.cell_code = ANY($6::text[]) THEN coalesce(b.geom, m.geom) ELSE m.geom END), NULL, m.code
    FROM matched e JOIN person p ON e.kind = 'person' AND p.id = e.code::bigint AND p.county_code = e.county_code
    JOIN community m ON m.code = p.community_code AND m.county_code = p.county_code
    LEFT JOIN building b ON b.code = p.home_building_code AND b.county_code = p.county_code
    LEFT JOIN LATERAL (
      SELECT g.code AS cell_code FROM cell_building cb
        JOIN grid_plan gp ON gp.id = cb.plan_id AND gp.county_code = cb.county_code AND gp.status = 'published'
        JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code AND g.valid_to IS NULL
       WHERE cb.building_code = p.home_building_code AND cb.county_code = p.county_code LIMIT 1) home ON true`;

// Entries whose pieces hold every word's pieces (the GIN index narrows the town to the entries
// holding them all), then whose text matches every pattern.
const MATCHED = `matched AS (
    SELECT kind, code, county_code, hay FROM search_entry
     WHERE grams @> search_query_grams($9::text[]) AND hay ~* ALL($1::text[]) AND (kind <> 'person' OR $4::boolean))`;

const KIND_NAMES = ['community', 'compound', 'building'] as const;

/** Entries of a pair a query walks, at most, per kind (and counts, to find its rarest pair). */
export const WALKED = 200;

/** Every hit of every kind: what a query with no pair to walk reads (a word of one character, digits only). */
const everyHit = () => `
  WITH ${MATCHED}
  ${KIND_NAMES.map((kind) => `SELECT ${KINDS[kind].select} FROM matched e ${joinHits(kind)}`).join(' UNION ALL ')}
  UNION ALL ${PEOPLE}`;

/**
 * Each kind's first page, walked in answer order (label length, then code) along the entries of
 * the query's rarest pair (search_piece, migrations/0035): the first WALKED entries of that pair
 * of the kind, each checked against the patterns and the scope. The page stands when it is full
 * or when the pair has no more entries of the kind; otherwise the kind's hits come from the GIN
 * index as in `everyHit` (few hits among many entries, which that index intersects well). People
 * come last in an answer: they are looked up only when no kind's page fills it.
 */
const firstPages = (scoped: boolean) => {
  const walks = KIND_NAMES.map(
    (kind) => `
  walk_${kind} AS MATERIALIZED (
    SELECT s.code, s.county_code, s.label_length FROM search_piece s
     WHERE s.piece = (SELECT piece FROM rarest) AND s.kind = '${kind}'
     ORDER BY s.label_length, s.code, s.county_code LIMIT ${WALKED}),
  page_${kind} AS MATERIALIZED (
    SELECT hit.* FROM (
      SELECT s.code, s.county_code, e.hay
        FROM walk_${kind} s JOIN search_entry e ON e.kind = '${kind}' AND e.code = s.code AND e.county_code = s.county_code
        ${scoped ? `CROSS JOIN LATERAL (${hitOf(kind, 'm.code')}) place(scope_code)` : ''}
       WHERE e.hay ~* ALL($1::text[])${scoped ? ` AND ${scopeSql('place.scope_code', '$10', '$11')}` : ''}
       ORDER BY s.label_length, s.code, s.county_code LIMIT $3) e
    CROSS JOIN LATERAL (${hitOf(kind)}) hit(${HIT_COLUMNS})),`,
  );
  const stands = (kind: string) => `((SELECT count(*) FROM page_${kind}) = $3 OR (SELECT count(*) FROM walk_${kind}) < ${WALKED})`;
  const pages = KIND_NAMES.map(
    (kind) => `
  SELECT * FROM page_${kind} WHERE ${stands(kind)}
  UNION ALL SELECT ${KINDS[kind].select} FROM matched e ${joinHits(kind)} WHERE NOT ${stands(kind)}`,
  );
  return `
  WITH rarest AS MATERIALIZED (
    SELECT g AS piece FROM unnest(search_query_grams($9::text[])) g
     WHERE length(g) = 2 AND g !~ '^[0-9]{2}$'
     ORDER BY (SELECT count(*) FROM (SELECT 1 FROM search_piece p WHERE p.piece = g LIMIT ${WALKED}) n), g LIMIT 1),
  ${walks.join('')}
  ${MATCHED}
  ${pages.join(' UNION ALL ')}
  UNION ALL ${PEOPLE}
   WHERE $4::boolean AND NOT (${KIND_NAMES.map((kind) => `(SELECT count(*) FROM page_${kind}) = $3`).join(' OR ')})`;
};

/**
 * Whether a query's answer can be walked in rank order: it holds a pair that search_piece keeps
 * (two characters, not both digits), and every token is its own word, so that every hit holds
 * every token and the ranking by tokens held (below) sets no hit before another.
 */
const walksInRankOrder = ({ tokens, words }: { tokens: string[]; words: string[] }) =>
  tokens.every((token, i) => token === words[i]) && words.some((word) => /[^0-9]{2}|[0-9][^0-9]|[^0-9][0-9]/.test(word));

/** Hits for every token of `q` (see searchTerms), the closest match of each kind first. */
export async function search(c: Queryable, q: string, options: SearchOptions): Promise<SearchHit[]> {
  const terms = searchTerms(q);
  const { patterns, tokens, words } = terms;
  if (patterns.length === 0) return [];
  const homesOf = options.people?.homesOf ?? [];
  const near = options.near ?? null;
  const scope = layerScopeSql({ scope: options.scope }, 'hits', 10);
  const walked = walksInRankOrder(terms);
  const { rows } = await c.query<SearchHit & { distanceMetres: number | null }>(
    `SELECT kind, code, name, label, community,
            ARRAY[ST_X(point), ST_Y(point)]::float8[] AS center,
            CASE WHEN box IS NULL THEN NULL ELSE ARRAY[ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)]::float8[] END AS bbox,
            CASE WHEN $7::float8 IS NULL THEN NULL
                 ELSE round(ST_Distance(point::geography, ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326)::geography))::float8 END AS "distanceMetres"
       FROM (${walked ? firstPages(scope.params.length > 0) : everyHit()}) hits
      WHERE TRUE${scope.sql}
      ORDER BY kind_rank, (SELECT count(*) FROM unnest($2::text[]) t WHERE strpos(lower(hay), lower(t)) > 0) DESC,
               length(label), code
      LIMIT $3`,
    [
      patterns,
      tokens,
      options.limit,
      options.people !== null,
      homesOf === '*',
      homesOf === '*' ? [] : homesOf,
      near?.[0] ?? null,
      near?.[1] ?? null,
      words,
      ...scope.params,
    ],
    // One statement text per kind of query, unscoped or scoped: prepared once per connection on PostgreSQL.
    `search${walked ? '_walked' : ''}${scope.params.length ? '_scoped' : ''}`,
  );
  return rows.map(({ bbox, distanceMetres, ...hit }) => ({
    ...hit,
    ...(bbox ? { bbox } : {}),
    ...(distanceMetres === null ? {} : { distanceMetres }),
  }));
}

/** What a bulk writer wrote of one kind of entry: codes of new rows, and of changed or removed ones. */
export interface WrittenRows {
  kind: 'community' | 'compound' | 'building';
  added: readonly string[];
  changed: readonly string[];
}

/**
 * For a bulk writer (an import): from here to the end of the transaction, writes of communities,
 * compounds and buildings leave their search entries alone (the statement triggers return at
 * once), so the writer can refresh them once with `refreshSearchEntries` instead of once per
 * statement. Call both on the same transaction; people's entries are always kept by the triggers.
 */
export async function deferSearchEntries(c: Queryable): Promise<void> {
  await c.query(`SELECT set_config('gridplan.search_entries', 'deferred', true)`);
}

/** Ends `deferSearchEntries`: later writes of the transaction keep their entries again. */
export async function endSearchEntryDeferral(c: Queryable): Promise<void> {
  await c.query(`SELECT set_config('gridplan.search_entries', '', true)`);
}

/**
 * Ends `deferSearchEntries` and writes the entries and pieces of every community, compound and
 * building in one set-based statement each: for a loader that wrote a whole town with the entries
 * deferred. (Kept per statement, the entries of a town written 5,000 buildings at a time were
 * looked up with plans made without statistics of the rows the transaction had written: at
 * 10,000 communities one statement took over eight minutes.)
 */
export async function fillPlaceSearchEntries(c: Queryable): Promise<void> {
  await endSearchEntryDeferral(c);
  await c.query(
    `INSERT INTO search_entry (kind, code, county_code, hay, grams, label_length)
     SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay), s.label_length FROM search_source s WHERE s.kind <> 'person'
     ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams, label_length = EXCLUDED.label_length`,
  );
  await c.query(
    `INSERT INTO search_piece (piece, kind, label_length, code, county_code)
     SELECT g, e.kind, e.label_length, e.code, e.county_code FROM search_entry e, search_rank_pieces(e.grams) g WHERE e.kind <> 'person'
     ON CONFLICT (piece, kind, label_length, code, county_code) DO NOTHING`,
  );
}

/**
 * Ends `deferSearchEntries` and brings the entries of the rows written up to date in one
 * set-based pass per kind (migrations/0033): new rows are added, changed or removed ones
 * refreshed; a renamed community or compound refreshes the entries that carry its name.
 */
export async function refreshSearchEntries(c: Queryable, written: readonly WrittenRows[]): Promise<void> {
  await endSearchEntryDeferral(c);
  for (const { kind, added, changed } of written) {
    if (added.length) await c.query('SELECT search_entry_add($1, $2::text[])', [kind, added]);
    if (!changed.length) continue;
    await c.query('SELECT search_entry_refresh($1, $2::text[])', [kind, changed]);
    if (kind === 'community') {
      await c.query(
        `SELECT search_entry_refresh('compound', (SELECT array_agg(code) FROM compound WHERE community_code = ANY($1::text[]))),
                search_entry_refresh('building', (SELECT array_agg(code) FROM building WHERE community_code = ANY($1::text[])))`,
        [changed],
      );
    } else if (kind === 'compound') {
      await c.query(
        `SELECT search_entry_refresh('building', (SELECT array_agg(code) FROM building WHERE compound_code = ANY($1::text[])))`,
        [changed],
      );
    }
  }
}

/** Rows a statement adds entries for, when an importer adds them after its commit. */
export const ENTRIES_PER_STATEMENT = 2000;

/**
 * Adds the search entries of new `kind` rows a chunk at a time, each chunk its own short
 * statement: the embedded import adds its new buildings' entries this way after its commit, so
 * that the one transaction other requests wait for does not also build them.
 */
export async function addSearchEntries(c: Queryable, kind: WrittenRows['kind'], codes: readonly string[]): Promise<void> {
  for (let i = 0; i < codes.length; i += ENTRIES_PER_STATEMENT)
    await c.query('SELECT search_entry_add($1, $2::text[])', [kind, codes.slice(i, i + ENTRIES_PER_STATEMENT)]);
}

/**
 * Adds the entries of buildings that have none: what an embedded import leaves when the server
 * stops between its commit and its buildings' entries. Run when the server starts; answers how many.
 */
export async function addMissingSearchEntries(c: Queryable): Promise<number> {
  const { rows } = await c.query<{ code: string }>(
    `SELECT b.code FROM building b
      WHERE NOT EXISTS (SELECT 1 FROM search_entry e WHERE e.kind = 'building' AND e.code = b.code AND e.county_code = b.county_code)`,
  );
  await addSearchEntries(
    c,
    'building',
    rows.map((r) => r.code),
  );
  return rows.length;
}
