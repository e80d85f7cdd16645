/**
 * Building atoms: the piece of its community each building stands for. An atom starts as the
 * building's Voronoi region (among the community's building centroids) clipped to the
 * community; where such a region reaches into another footprint, that footprint is taken out
 * of it and given to its own building's atom, so atoms follow footprints and no atom boundary
 * (hence no cell boundary) crosses a building. The atoms of a community tile it exactly and
 * any set of whole buildings has a well-defined area: a grid cell is the union of its
 * buildings' atoms. Adjacent atoms (sharing more than half a metre of boundary) are the edges
 * the grid partition walks.
 *
 * Only PostGIS 3.3 functions are used, so the same SQL runs on PostgreSQL and on PGlite.
 * Statements work on a list of communities at once: one statement per community would
 * spend more time planning than computing on a town of a thousand communities.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from './pool';
import { inLanes, LANES } from './lanes';
import { RoadCrossings, sharedBoundaries, type AtomOutline } from '../domain/grid/atom-adjacency';

/**
 * Overlays (intersection, union) snap to a fixed grid of 1e-9° (~0.1 mm). Without one, GEOS
 * retries a hard floating overlay through an exception, which PGlite's WebAssembly build
 * loses: the statement then silently answers no rows instead of failing. Shared atom edges
 * have identical vertices, so they snap identically and neighbours still meet exactly.
 */
export const OVERLAY_GRID_DEGREES = 1e-9;

/** Shorter shared boundaries are corner touches, not a way to walk between atoms. */
export const MIN_SHARED_METRES = 0.5;

/** Communities per batch: big enough to amortise planning, small enough to report progress. */
const BATCH_COMMUNITIES = 50;

/** Buildings per batch (a larger community is a batch of its own): bounds what one statement holds and keeps progress moving on large imports. */
const BATCH_BUILDINGS = 5000;

/**
 * The tables atoms are computed from and into: the live ones, or an import's staging tables
 * (their names come from code, never from input).
 */
export interface AtomTables {
  /** Communities: code, county_code, geom (the outlines the atoms fill). */
  community: string;
  /** Buildings: code, community_code, county_code, geom. */
  building: string;
  atom: string;
  adjacency: string;
}

const LIVE: AtomTables = { community: 'community', building: 'building', atom: 'building_atom', adjacency: 'atom_adjacency' };

// Voronoi of the centroids, extended to the community's envelope, one region a row (clipped to
// the community by atomsOfRegionsSql). A community with a single building has no Voronoi diagram:
// its atom is the whole community (loneAtomsSql).
const insertRegionsSql = (t: AtomTables, regions: string) => `
  INSERT INTO ${regions} (id, community_code, geom)
  SELECT row_number() OVER (), s.community_code, d.geom
  FROM (
    SELECT b.community_code, ST_Collect(ST_Centroid(b.geom)) AS pts, count(*) AS n
    FROM ${t.building} b WHERE b.community_code = ANY($1::text[]) GROUP BY b.community_code
  ) s
  JOIN ${t.community} c ON c.code = s.community_code
  CROSS JOIN LATERAL ST_Dump(ST_VoronoiPolygons(s.pts, 0, ST_Envelope(c.geom))) d
  WHERE s.n > 1`;

// Each region, clipped to its community, is the atom of the one building whose centroid it
// contains, which is how regions are matched back to buildings (GEOS does not keep input order).
// The match goes through the building table's spatial index alone: a footprint's bounding box
// holds its centroid, so it meets the box of the region that contains that centroid. (Matching
// every region against every site of its community grew with the square of a community's size:
// 0.5 s for a thousand buildings.) Communities are compared with IS NOT DISTINCT FROM (codes are
// never null) because no index serves it: the planner would otherwise AND the spatial index with
// the community index, which reads every building of the community for each region. Regions go
// a range of ids a statement: a community of 4,500 buildings in one statement held the embedded
// database for 1.5 s on a slow machine, and every lookup waited that long.
const atomsOfRegionsSql = (t: AtomTables, regions: string) => `
  INSERT INTO ${t.atom} (building_code, community_code, county_code, geom)
  SELECT site.code, region.community_code, c.county_code,
         ST_Multi(ST_CollectionExtract(ST_Intersection(region.geom, c.geom, ${OVERLAY_GRID_DEGREES}), 3))
  FROM ${regions} region
  CROSS JOIN LATERAL (
    SELECT b.code FROM ${t.building} b
    WHERE b.geom && region.geom AND b.community_code IS NOT DISTINCT FROM region.community_code
      AND ST_Intersects(region.geom, ST_Centroid(b.geom))
  ) site
  JOIN ${t.community} c ON c.code = region.community_code
  WHERE region.id > $1 AND region.id <= $2`;

const loneAtomsSql = (t: AtomTables) => `
  INSERT INTO ${t.atom} (building_code, community_code, county_code, geom)
  SELECT b.code, b.community_code, b.county_code, c.geom
  FROM (
    SELECT community_code FROM ${t.building} WHERE community_code = ANY($1::text[]) GROUP BY community_code HAVING count(*) = 1
  ) s
  JOIN ${t.building} b ON b.community_code = s.community_code
  JOIN ${t.community} c ON c.code = s.community_code AND c.county_code = b.county_code`;

/** Voronoi regions clipped and matched to their buildings per statement (see atomsOfRegionsSql). */
const REGIONS_PER_STATEMENT = 1000;

// Footprints that a Voronoi region reaches into. Regions follow centroids, not outlines, so a
// long or large building can stick out of its own region into a neighbour's. For every region
// that meets another footprint's interior, and every building whose footprint does that, the
// atom becomes: its region without the footprints in it, plus its own footprint (less any
// part of it an earlier-coded overlapping footprint already holds), clipped to the community.
// Footprints are disjoint in that form, so the atoms still tile the community; every other
// atom (most of them) is left as it is, which keeps the extra work small. On the overlay grid a
// union can leave a sliver collapsed to a line beside its polygons; only the polygons go on
// (a line in an overlay's input is an error).
// (IS NOT DISTINCT FROM: see insertAtomsSql.)
const fitAtomsSql = (t: AtomTables) => `
  WITH hit AS MATERIALIZED (
    SELECT a.building_code AS atom, b.code AS footprint
    FROM ${t.atom} a
    JOIN ${t.building} b ON b.community_code = a.community_code AND b.county_code = a.county_code AND b.code <> a.building_code AND b.geom && a.geom
    WHERE a.community_code = ANY($1::text[]) AND ST_Intersects(a.geom, b.geom) AND ST_Relate(a.geom, b.geom, 'T********')
  ), affected AS (
    SELECT atom AS code FROM hit UNION SELECT footprint FROM hit
  ), fitted AS (
    SELECT a.building_code,
      ST_Multi(ST_CollectionExtract(ST_Intersection(
        ST_CollectionExtract(ST_Union(
          COALESCE(
            ST_Difference(a.geom,
              (SELECT ST_Union(f.geom, ${OVERLAY_GRID_DEGREES}) FROM hit JOIN ${t.building} f ON f.code = hit.footprint
                WHERE hit.atom = a.building_code AND f.county_code = a.county_code),
              ${OVERLAY_GRID_DEGREES}),
            a.geom),
          COALESCE(
            ST_Difference(own.geom,
              (SELECT ST_Union(e.geom, ${OVERLAY_GRID_DEGREES}) FROM ${t.building} e
                WHERE e.community_code IS NOT DISTINCT FROM own.community_code AND e.county_code = own.county_code AND e.code < own.code AND e.geom && own.geom
                  AND ST_Relate(e.geom, own.geom, 'T********')),
              ${OVERLAY_GRID_DEGREES}),
            own.geom),
          ${OVERLAY_GRID_DEGREES}), 3),
        c.geom, ${OVERLAY_GRID_DEGREES}), 3)) AS geom
    FROM affected
    JOIN ${t.atom} a ON a.building_code = affected.code
    JOIN ${t.building} own ON own.code = a.building_code AND own.county_code = a.county_code
    JOIN ${t.community} c ON c.code = a.community_code AND c.county_code = a.county_code
  )
  UPDATE ${t.atom} t SET geom = fitted.geom FROM fitted WHERE t.building_code = fitted.building_code AND t.county_code = ANY($2::text[])`;

// Which atoms border which, and whether the straight walk between the two buildings' centroids
// meets a road (the partition treats such a link as weaker), is worked out from their outlines
// (domain/grid/atom-adjacency.ts); the pairs then come back here.
const insertAdjacencySql = (t: AtomTables) => `
  INSERT INTO ${t.adjacency} (community_code, county_code, a, b, shared_metres, crosses_road)
  SELECT p.community_code, left(p.community_code, 6), p.a, p.b, p.metres, p.road
  FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::boolean[]) AS p(community_code, a, b, metres, road)`;

/** Pairs per adjacency statement. */
const ADJACENCY_PAIRS = 5000;

/** The counties of some communities: a write to their rows names them, so a cluster sends it to those nodes only. */
export function countiesOf(communityCodes: readonly string[]): string[] {
  return [...new Set(communityCodes.map((code) => code.slice(0, 6)))];
}

/** Deletes the atoms and adjacency of some communities. */
export async function deleteAtoms(c: Queryable, communityCodes: readonly string[]): Promise<void> {
  const params = [communityCodes, countiesOf(communityCodes)];
  await c.query('DELETE FROM atom_adjacency WHERE community_code = ANY($1::text[]) AND county_code = ANY($2::text[])', params);
  await c.query('DELETE FROM building_atom WHERE community_code = ANY($1::text[]) AND county_code = ANY($2::text[])', params);
}

// Counting is the guard against a statement that silently produced nothing (see
// OVERLAY_GRID_DEGREES): every building must have its atom. (Every community of two or more
// buildings must have adjacent atoms: insertAdjacency checks that.)
const missingAtomsSql = (t: AtomTables) => `
  SELECT count(*)::int AS n FROM ${t.building} b WHERE b.community_code = ANY($1::text[])
     AND NOT EXISTS (SELECT 1 FROM ${t.atom} a WHERE a.building_code = b.code AND a.county_code = b.county_code)`;

/**
 * Computes the atoms of `communityCodes` and fits them to the footprints. `analyse`: refresh the
 * atom table's statistics before fitting, which the first batch of a run needs (see below); later
 * batches' communities look like the first to the planner, and analysing again each time cost
 * about a fifth of a 100,000-building import.
 */
async function insertAtoms(c: Queryable, communityCodes: readonly string[], t: AtomTables, analyse: boolean): Promise<void> {
  // The regions of this call alone: a session may run another community's statements meanwhile.
  const regions = `atom_region_${randomBytes(6).toString('hex')}`;
  await c.query(`CREATE TEMP TABLE ${regions} (id bigint PRIMARY KEY, community_code text NOT NULL, geom geometry NOT NULL)`);
  try {
    const { rowCount } = await c.query(insertRegionsSql(t, regions), [communityCodes]);
    for (let from = 0; from < rowCount; from += REGIONS_PER_STATEMENT)
      await c.query(atomsOfRegionsSql(t, regions), [from, from + REGIONS_PER_STATEMENT]);
  } finally {
    // (In a transaction that failed, this fails too, and the rollback drops the table.)
    await c.query(`DROP TABLE IF EXISTS ${regions}`).catch(() => undefined);
  }
  await c.query(loneAtomsSql(t), [communityCodes]);
  // Fresh statistics first: without them the planner, reading the county and community equalities
  // as independent, pairs every atom with every footprint of a community instead of using the index.
  // (The buildings are analysed once before the first batch; only the atoms grow.)
  if (analyse) await c.query(`ANALYZE ${t.atom}`);
  await c.query(fitAtomsSql(t), [communityCodes, countiesOf(communityCodes)]);
  const missing = (await c.query<{ n: number }>(missingAtomsSql(t), [communityCodes])).rows[0];
  if (!missing || missing.n > 0) throw new Error(`building atoms were not computed for ${missing?.n ?? 'some'} buildings`);
}

/** What the adjacency of a batch of communities is worked out from. */
interface AdjacencyInput {
  rows: { community: string; code: string; outline: string; x: number; y: number }[];
  roads: string[];
}

/** Reads a batch's atom outlines, their buildings' centroids and the roads over its communities. */
async function readAdjacencyInput(c: Queryable, communityCodes: readonly string[], t: AtomTables): Promise<AdjacencyInput> {
  const counties = countiesOf(communityCodes);
  const atoms = await c.query<AdjacencyInput['rows'][number]>(
    `SELECT a.community_code AS community, a.building_code AS code, ST_AsGeoJSON(a.geom, 9) AS outline,
            ST_X(m.centre) AS x, ST_Y(m.centre) AS y
       FROM ${t.atom} a JOIN ${t.building} b ON b.code = a.building_code AND b.county_code = a.county_code
       CROSS JOIN LATERAL (SELECT ST_Centroid(b.geom) AS centre) m
      WHERE a.community_code = ANY($1::text[]) AND a.county_code = ANY($2::text[]) ORDER BY a.community_code, a.building_code`,
    [communityCodes, counties],
  );
  // Walks join two centroids of buildings inside these communities, so the roads that matter meet their outlines' box.
  const roads = await c.query<{ line: string }>(
    `SELECT ST_AsGeoJSON(r.geom, 9) AS line FROM road r
      WHERE r.geom && (SELECT ST_Extent(geom) FROM ${t.community} WHERE code = ANY($1::text[]) AND county_code = ANY($2::text[]))`,
    [communityCodes, counties],
  );
  return { rows: atoms.rows, roads: roads.rows.map((r) => r.line) };
}

interface Pair {
  community: string;
  a: string;
  b: string;
  metres: number;
  road: boolean;
}

/** The bordering pairs of a batch's atoms, worked out per community (synchronous: the hot part in JS). */
function adjacentPairs({ rows, roads }: AdjacencyInput): Pair[] {
  const byCommunity = new Map<string, AtomOutline[]>();
  const centres = new Map<string, [number, number]>();
  for (const r of rows) {
    const list = byCommunity.get(r.community) ?? [];
    list.push({ code: r.code, coordinates: (JSON.parse(r.outline) as { coordinates: AtomOutline['coordinates'] }).coordinates });
    byCommunity.set(r.community, list);
    centres.set(r.code, [r.x, r.y]);
  }
  const crossings = new RoadCrossings(roads.map((line) => (JSON.parse(line) as { coordinates: number[][] | number[][][] }).coordinates));
  const pairs: Pair[] = [];
  for (const [community, atoms] of byCommunity) {
    const shared = sharedBoundaries(atoms, MIN_SHARED_METRES);
    if (atoms.length > 1 && shared.length === 0) throw new Error(`the atoms of community ${community} do not border each other`);
    for (const { a, b, metres } of shared) {
      const [ax, ay] = centres.get(a)!;
      const [bx, by] = centres.get(b)!;
      pairs.push({ community, a, b, metres, road: crossings.crosses(ax, ay, bx, by) });
    }
  }
  return pairs;
}

/** Writes pairs a few thousand per statement; `pipelined`: sent without waiting for each other. */
async function writePairs(c: Queryable, pairs: readonly Pair[], t: AtomTables, pipelined: boolean): Promise<void> {
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < pairs.length; i += ADJACENCY_PAIRS) {
    const chunk = pairs.slice(i, i + ADJACENCY_PAIRS);
    const write = c.query(insertAdjacencySql(t), [
      chunk.map((p) => p.community),
      chunk.map((p) => p.a),
      chunk.map((p) => p.b),
      chunk.map((p) => p.metres),
      chunk.map((p) => p.road),
    ]);
    if (pipelined) writes.push(write);
    else await write;
  }
  await Promise.all(writes);
}

/**
 * Computes and stores the adjacency of each batch's atoms, calling `onBatch` after each.
 * `pipelined` (the embedded database, whose connection queues what it is sent, on its own
 * thread): the next batch's outlines are asked for, and this batch's pairs written, while this
 * thread works out pairs; otherwise the database and this thread take turns.
 */
async function insertAdjacency(
  c: Queryable,
  batches: readonly (readonly string[])[],
  t: AtomTables,
  onBatch?: (batch: readonly string[]) => void,
  opts = { pipelined: false },
): Promise<void> {
  if (!opts.pipelined) {
    for (const batch of batches) {
      await writePairs(c, adjacentPairs(await readAdjacencyInput(c, batch, t)), t, false);
      onBatch?.(batch);
    }
    return;
  }
  const writes: Promise<void>[] = [];
  let reading = batches.length ? readAdjacencyInput(c, batches[0], t) : undefined;
  try {
    for (const [i, batch] of batches.entries()) {
      const input = await reading!;
      reading = i + 1 < batches.length ? readAdjacencyInput(c, batches[i + 1], t) : undefined;
      // a failure is reported by the waits below, not as an unhandled rejection meanwhile
      reading?.catch(() => undefined);
      const write = writePairs(c, adjacentPairs(input), t, true);
      write.catch(() => undefined);
      writes.push(write);
      onBatch?.(batch);
    }
  } catch (err) {
    // A statement that failed earlier (the one whose error matters) makes the later ones fail too.
    await Promise.all(writes);
    throw err;
  }
  await Promise.all(writes);
}

/** Recomputes atoms and adjacency of the given communities (after their buildings changed). */
export async function rebuildAtomsOf(c: Queryable, communityCodes: readonly string[]): Promise<void> {
  await deleteAtoms(c, communityCodes);
  await c.query('ANALYZE building');
  await insertAtoms(c, communityCodes, LIVE, true);
  await insertAdjacency(c, [communityCodes], LIVE);
}

/** Recomputes the atoms and their adjacency of one community. */
export async function rebuildAtoms(c: Queryable, communityCode: string): Promise<void> {
  await rebuildAtomsOf(c, [communityCode]);
}

/**
 * Batches of whole communities, in the given order, each of at most `limits.communities`
 * communities and (unless one community alone is larger) `limits.buildings` buildings.
 */
async function batchesOf(
  c: Queryable,
  communityCodes: readonly string[],
  t: AtomTables,
  limits = { communities: BATCH_COMMUNITIES, buildings: BATCH_BUILDINGS },
): Promise<string[][]> {
  const { rows } = await c.query<{ code: string; n: number }>(
    `SELECT community_code AS code, count(*)::int AS n FROM ${t.building} WHERE community_code = ANY($1::text[]) GROUP BY community_code`,
    [communityCodes],
  );
  const sizes = new Map(rows.map((r) => [r.code, r.n]));
  const batches: string[][] = [];
  let buildings = 0;
  for (const code of communityCodes) {
    const n = sizes.get(code) ?? 0;
    const last = batches.at(-1);
    if (last && last.length < limits.communities && buildings + n <= limits.buildings) {
      last.push(code);
      buildings += n;
    } else {
      batches.push([code]);
      buildings = n;
    }
  }
  return batches;
}

/**
 * Recomputes atoms and adjacency of the given communities a batch at a time, telling
 * `onProgress` how many communities are done. With more than one batch, all atoms come first
 * and are analysed before adjacency, so the planner joins them by their spatial index even
 * right after a bulk load.
 */
export async function rebuildAtomsInBatches(
  c: Queryable,
  communityCodes: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const batches = await batchesOf(c, communityCodes, LIVE);
  let done = 0;
  await c.query('ANALYZE building');
  for (const [i, batch] of batches.entries()) {
    await deleteAtoms(c, batch);
    await insertAtoms(c, batch, LIVE, i === 0);
    done += batch.length / 2;
    onProgress?.(Math.floor(done), communityCodes.length);
  }
  await c.query('ANALYZE building_atom');
  await insertAdjacency(c, batches, LIVE, (batch) => {
    done += batch.length / 2;
    onProgress?.(Math.floor(done), communityCodes.length);
  });
}

/**
 * Computes the atoms and adjacency of `communityCodes` into the staging tables `t` (their
 * building table holds every building those communities will have). Nothing live is read but
 * roads, and nothing live is written. Embedded, one community per atom statement and a few
 * thousand pairs per adjacency statement, so that other requests run between them on its one
 * connection, and the next statements are sent while this thread works out a batch's pairs. On
 * PostgreSQL, batches of communities on several connections at once (db/lanes.ts).
 */
export async function stageAtoms(
  db: Db,
  communityCodes: readonly string[],
  t: AtomTables,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const embedded = db.kind === 'pglite';
  const batches = await db.withClient((c) => batchesOf(c, communityCodes, t, embedded ? { communities: 1, buildings: 0 } : undefined));
  let done = 0;
  const did = (batch: readonly string[]) => {
    done += batch.length / 2;
    onProgress?.(Math.floor(done), communityCodes.length);
  };
  if (batches.length === 0) return;
  // The first batch alone, with the statistics the fitting needs (see insertAtoms); the rest after it.
  await db.withClient((c) => insertAtoms(c, batches[0], t, true));
  did(batches[0]);
  await inLanes(db, batches.slice(1), embedded ? 1 : LANES, async (c, batch) => {
    await insertAtoms(c, batch, t, false);
    did(batch);
  });
  await db.withClient((c) => c.query(`ANALYZE ${t.atom}`));
  if (embedded) await db.withClient((c) => insertAdjacency(c, batches, t, did, { pipelined: true }));
  else await inLanes(db, batches, LANES, (c, batch) => insertAdjacency(c, [batch], t, did));
}

/** Recomputes atoms and adjacency of every community; returns how many communities it did. */
export async function rebuildAllAtoms(c: Queryable, onProgress?: (done: number, total: number) => void): Promise<number> {
  const codes = (await c.query<{ code: string }>('SELECT code FROM community ORDER BY code')).rows.map((r) => r.code);
  await rebuildAtomsInBatches(c, codes, onProgress);
  return codes.length;
}
