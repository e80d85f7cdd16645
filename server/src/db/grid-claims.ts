/**
 * Claims: the areas a cell holds beyond its buildings' atoms, made by drawing its outline. A cell's
 * outline is its atoms minus the other cells' claims, plus its own claim (rebuildCellGeometry), so
 * with claims that never overlap the cells tile the community as the atoms do. Every building stays
 * inside its own cell: a building that changes cell takes its whole atom along (other cells' claims
 * give it up), and an outline may not cut a building. Claims travel in the edit log as hex EWKB so
 * undo and redo put back exactly what was there.
 */
import type { Queryable } from './pool';
import type { ClaimChange, EditDiff } from '../domain/grid-edit/state';
import { OVERLAY_GRID_DEGREES as GRID } from './grid-plans';
import { planCounty } from './distribution';
import { type SharedEdge, spreadByLongestEdge } from '../domain/grid-edit/spread';

const EMPTY = "ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)";
const AREAS = (g: string) => `ST_Multi(ST_CollectionExtract(${g}, 3))`;

/** The plan's claims by cell label, as hex EWKB. */
export async function readClaims(c: Queryable, planId: number): Promise<Map<string, string>> {
  const { rows } = await c.query<{ label: string; geom: string }>(
    `SELECT g.label, encode(ST_AsEWKB(k.geom), 'hex') AS geom FROM grid_cell_claim k
      JOIN grid_cell g ON g.id = k.cell_id AND g.county_code = k.county_code WHERE g.plan_id = $1`,
    [planId],
  );
  return new Map(rows.map((r) => [r.label, r.geom]));
}

/** Sets the claims of the named cells of the plan to `after` (null = none). */
export async function writeClaims(c: Queryable, planId: number, changes: readonly ClaimChange[]): Promise<void> {
  if (changes.length === 0) return;
  await c.query(
    `DELETE FROM grid_cell_claim k USING grid_cell g
      WHERE g.id = k.cell_id AND g.county_code = k.county_code AND g.plan_id = $1 AND k.county_code = ${planCounty('$1')}
        AND g.label IN (SELECT json_array_elements_text($2::json))`,
    [planId, JSON.stringify(changes.map((ch) => ch.label))],
  );
  await c.query(
    `INSERT INTO grid_cell_claim (cell_id, county_code, geom)
     SELECT g.id, g.county_code, ST_GeomFromEWKB(decode(r.geom, 'hex')) FROM json_to_recordset($2::json) AS r(label text, geom text)
       JOIN grid_cell g ON g.plan_id = $1 AND g.label = r.label WHERE r.geom IS NOT NULL`,
    [planId, JSON.stringify(changes.map((ch) => ({ label: ch.label, geom: ch.after })))],
  );
}

async function dropEmptyClaims(c: Queryable, planId: number): Promise<void> {
  await c.query(
    `DELETE FROM grid_cell_claim k USING grid_cell g
      WHERE g.id = k.cell_id AND g.county_code = k.county_code AND g.plan_id = $1 AND k.county_code = ${planCounty('$1')} AND ST_IsEmpty(k.geom)`,
    [planId],
  );
}

/** Adds the area `geom` (SQL over the statement's parameters; nothing when null) to the claim of cell `cellId`. */
const ADD_CLAIM = (cellId: string, geom: string) => `INSERT INTO grid_cell_claim (cell_id, county_code, geom)
  SELECT t.id, t.county_code, ${AREAS('s.geom')} FROM grid_cell t, (SELECT ${geom} AS geom) s WHERE t.id = ${cellId} AND s.geom IS NOT NULL
  ON CONFLICT (cell_id, county_code) DO UPDATE SET geom = ${AREAS(`ST_Union(grid_cell_claim.geom, EXCLUDED.geom, ${GRID})`)}`;

/**
 * Keeps claims in step with an edit's moves, before removed cells are deleted: a building that
 * moved takes its whole atom to its new cell (every other cell's claim gives it up), and a cell
 * that disappears leaves its claim to the cell that took most of its buildings.
 */
export async function followMoves(c: Queryable, planId: number, diff: EditDiff): Promise<void> {
  const { rows } = await c.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM grid_cell_claim k JOIN grid_cell g ON g.id = k.cell_id AND g.county_code = k.county_code WHERE g.plan_id = $1',
    [planId],
  );
  if (rows[0].n === 0 || diff.moves.length === 0) return;
  await c.query(
    `WITH moved AS (SELECT r.building, r.cell FROM json_to_recordset($2::json) AS r(building text, cell text)),
          cut AS (SELECT k.cell_id, k.county_code, ST_Union(a.geom, ${GRID} ORDER BY a.building_code) AS geom
                    FROM grid_cell_claim k JOIN grid_cell g ON g.id = k.cell_id AND g.county_code = k.county_code AND g.plan_id = $1
                    JOIN moved m ON m.cell IS DISTINCT FROM g.label
                    JOIN building_atom a ON a.building_code = m.building AND a.county_code = k.county_code AND a.geom && k.geom
                   GROUP BY k.cell_id, k.county_code)
     UPDATE grid_cell_claim k SET geom = ${AREAS(`ST_Difference(k.geom, cut.geom, ${GRID})`)} FROM cut
      WHERE k.cell_id = cut.cell_id AND k.county_code = cut.county_code AND k.county_code = ${planCounty('$1')}`,
    [planId, JSON.stringify(diff.moves.map(([building, , to]) => ({ building, cell: to })))],
  );
  const removed = new Set(diff.cells.filter((ch) => ch.after === null).map((ch) => ch.label));
  for (const label of removed) {
    const taken = new Map<string, number>();
    for (const [, from, to] of diff.moves) if (from === label && to !== null) taken.set(to, (taken.get(to) ?? 0) + 1);
    const heir = [...taken].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
    if (heir === undefined) continue;
    await c.query(
      ADD_CLAIM(
        '(SELECT id FROM grid_cell WHERE plan_id = $1 AND label = $3)',
        '(SELECT k.geom FROM grid_cell_claim k JOIN grid_cell g ON g.id = k.cell_id AND g.county_code = k.county_code WHERE g.plan_id = $1 AND g.label = $2)',
      ),
      [planId, label, heir],
    );
  }
  await dropEmptyClaims(c, planId);
}

/** A drawn outline to keep as a cell's boundary. */
export interface DrawnOutline {
  label: string;
  /** The outline as WKT (checked and valid). */
  wkt: string;
  communityCode: string;
  /** true: the cell becomes exactly the outline; false: the outline is added to the cell. */
  replace: boolean;
}

const OUTLINE = `(SELECT ${AREAS(`ST_Intersection(ST_GeomFromText($3, 4326), m.geom, ${GRID})`)} FROM community m WHERE m.code = $4)`;
const SHARED_METRES = (x: string, y: string) =>
  `ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(${x}), ST_Boundary(${y}), ${GRID}), 2)::geography)`;

/**
 * The parts of cell `label` outside the outline, cut along the atoms, with the edges they share
 * with each other and with the plan's other cells (in metres). Cutting along the atoms lets a strip
 * left along a cell's edge go to the cell across each stretch of it instead of all to one.
 */
async function leftoverFragments(c: Queryable, params: unknown[]): Promise<{ fragments: Map<string, string>; edges: SharedEdge[] }> {
  const { rows } = await c.query<{ fragments: { n: number; geom: string }[] | null; edges: SharedEdge[] | null }>(
    `WITH me AS (SELECT id, county_code, geom FROM grid_cell WHERE plan_id = $1 AND label = $2),
          piece AS (SELECT d.geom FROM me, ST_Dump(ST_CollectionExtract(ST_Difference(me.geom, ${OUTLINE}, ${GRID}), 3)) d),
          frag AS (SELECT row_number() OVER (ORDER BY a.building_code, f.path)::int AS n, f.geom
                     FROM piece p JOIN building_atom a ON a.community_code = $4 AND a.county_code = left($4, 6) AND a.geom && p.geom,
                          ST_Dump(ST_CollectionExtract(ST_Intersection(p.geom, a.geom, ${GRID}), 3)) f
                    WHERE NOT ST_IsEmpty(f.geom)),
          edge AS (SELECT 'f' || x.n AS a, 'f' || y.n AS b, ${SHARED_METRES('x.geom', 'y.geom')} AS metres
                     FROM frag x JOIN frag y ON x.n < y.n AND x.geom && y.geom
                   UNION ALL
                   SELECT 'f' || x.n, 'c' || g.id, ${SHARED_METRES('x.geom', 'g.geom')}
                     FROM frag x JOIN grid_cell g ON g.plan_id = $1 AND g.county_code = left($4, 6) AND g.label <> $2 AND g.geom && x.geom)
     SELECT (SELECT json_agg(json_build_object('n', n, 'geom', encode(ST_AsEWKB(geom), 'hex'))) FROM frag) AS fragments,
            (SELECT json_agg(json_build_object('a', a, 'b', b, 'metres', metres)) FROM edge WHERE metres > 0) AS edges`,
    params,
  );
  return {
    fragments: new Map((rows[0].fragments ?? []).map((f) => [`f${f.n}`, f.geom])),
    edges: rows[0].edges ?? [],
  };
}

/**
 * Makes the drawn outline (clipped to the community) part of cell `label`, with the plan's cell
 * outlines already rebuilt for the edit's moves. The other cells give up what lies inside it. With
 * `replace`, the cell's parts outside the outline go to the neighbouring cells, each to the one it
 * shares the longest edge with (spreading inwards); a part that reaches no other cell stays.
 */
export async function claimOutline(c: Queryable, planId: number, drawn: DrawnOutline): Promise<void> {
  const params = [planId, drawn.label, drawn.wkt, drawn.communityCode];
  const { fragments, edges } = drawn.replace ? await leftoverFragments(c, params) : { fragments: new Map<string, string>(), edges: [] };
  const owners = spreadByLongestEdge(fragments.keys(), (item) => (item.startsWith('c') ? item : undefined), edges);
  await c.query(
    `UPDATE grid_cell_claim k SET geom = ${AREAS(`ST_Difference(k.geom, ${OUTLINE}, ${GRID})`)}
       FROM grid_cell g WHERE g.id = k.cell_id AND g.county_code = k.county_code AND k.county_code = left($4, 6)
        AND g.plan_id = $1 AND g.label <> $2 AND k.geom && ST_GeomFromText($3, 4326)`,
    params,
  );
  const given = new Map<string, string[]>();
  for (const [fragment, owner] of owners) (given.get(owner) ?? given.set(owner, []).get(owner)!).push(fragments.get(fragment)!);
  const PIECES = (p: string) =>
    `(SELECT ST_Union(ST_GeomFromEWKB(decode(h, 'hex')), ${GRID}) FROM json_array_elements_text(${p}::json) AS h)`;
  for (const [owner, pieces] of given)
    await c.query(ADD_CLAIM('$1::bigint', PIECES('$2')), [Number(owner.slice(1)), JSON.stringify(pieces)]);
  const kept = [...fragments].filter(([fragment]) => !owners.has(fragment)).map(([, geom]) => geom);
  const own = drawn.replace
    ? `ST_Union(${OUTLINE}, coalesce(${PIECES('$5')}, ${EMPTY}), ${GRID})`
    : `ST_Union(${OUTLINE}, coalesce((SELECT k.geom FROM grid_cell_claim k WHERE k.cell_id = g.id AND k.county_code = g.county_code), ${EMPTY}), ${GRID})`;
  await c.query(
    `INSERT INTO grid_cell_claim (cell_id, county_code, geom)
     SELECT g.id, g.county_code, ${AREAS(own)} FROM grid_cell g WHERE g.plan_id = $1 AND g.label = $2
     ON CONFLICT (cell_id, county_code) DO UPDATE SET geom = EXCLUDED.geom`,
    drawn.replace ? [...params, JSON.stringify(kept)] : params,
  );
  await dropEmptyClaims(c, planId);
}

/** Copies the claims of plan `from` to the cells of plan `to` with the same labels; answers how many. */
export async function copyClaims(c: Queryable, from: number, to: number): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `WITH copied AS (
       INSERT INTO grid_cell_claim (cell_id, county_code, geom)
       SELECT t.id, t.county_code, k.geom FROM grid_cell_claim k
         JOIN grid_cell f ON f.id = k.cell_id AND f.county_code = k.county_code AND f.plan_id = $1
         JOIN grid_cell t ON t.plan_id = $2 AND t.label = f.label AND t.county_code = f.county_code
       RETURNING 1)
     SELECT count(*)::int AS n FROM copied`,
    [from, to],
  );
  return rows[0].n;
}
