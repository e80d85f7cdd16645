/**
 * Grading rounds (grading_round, grading_score) and the grade history they confirm into
 * (community_grade). Writes are audited; a confirmed round no longer changes.
 */
import type { Queryable } from './pool';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { getSettings } from './settings';
import { audit } from './audit';
import { bandsProblem, type Band, type GradeSource, type Rewards, type Weights } from '../domain/grading/grades';
import { conflict, forbidden, invalid, notFound, staleVersion } from '../domain/errors';

export interface RoundRow {
  id: number;
  year: number;
  status: 'open' | 'confirmed';
  weights: Weights;
  bands: Band[];
  rewards: Rewards;
  confirmedBy: string | null;
  confirmedAt: string | null;
  version: number;
}

const ROUND_SELECT = `
  SELECT id::int AS id, year, status, weights, bands, rewards, confirmed_by AS "confirmedBy",
         to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "confirmedAt", version
    FROM grading_round`;

export async function listRounds(c: Queryable): Promise<Pick<RoundRow, 'id' | 'year' | 'status'>[]> {
  return (await c.query<Pick<RoundRow, 'id' | 'year' | 'status'>>('SELECT id::int AS id, year, status FROM grading_round ORDER BY year'))
    .rows;
}

export async function getRound(c: Queryable, id: number, lock = false): Promise<RoundRow> {
  const { rows } = await c.query<RoundRow>(`${ROUND_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('grading.round_not_found', { id: String(id) });
  return rows[0];
}

/** Opens the round of a year with the default weights, bands and rewards (settings). */
export async function createRound(c: Queryable, year: number, username: string | null): Promise<number> {
  const settings = await getSettings(c);
  const { rows } = await c.query<{ id: number }>(
    `INSERT INTO grading_round (year, weights, bands, rewards, created_by) VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5)
     ON CONFLICT (year) DO NOTHING RETURNING id::int AS id`,
    [
      year,
      JSON.stringify(settings['grading.defaultWeights']),
      JSON.stringify(settings['grading.defaultBands']),
      JSON.stringify(settings['grading.defaultRewards']),
      username,
    ],
  );
  if (!rows[0]) throw conflict('grading.round_exists', { year: String(year) });
  await audit(c, { username, action: 'create', entity: 'grading_round', entityId: String(rows[0].id), after: { year } });
  return rows[0].id;
}

/** Changes an open round's weights, bands or rewards; a stale version is refused. */
export async function patchRound(
  c: Queryable,
  id: number,
  patch: { version: number; weights?: Weights; bands?: Band[]; rewards?: Rewards },
  username: string,
): Promise<void> {
  const round = await getRound(c, id, true);
  if (round.version !== patch.version) throw staleVersion('grading_round', id, round.version, patch.version);
  if (round.status === 'confirmed') throw conflict('grading.round_confirmed', { year: String(round.year) });
  if (patch.bands && bandsProblem(patch.bands)) throw invalid('grading.bands_invalid');
  const after = { weights: patch.weights ?? round.weights, bands: patch.bands ?? round.bands, rewards: patch.rewards ?? round.rewards };
  await c.query(
    `UPDATE grading_round SET weights = $2::jsonb, bands = $3::jsonb, rewards = $4::jsonb, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, JSON.stringify(after.weights), JSON.stringify(after.bands), JSON.stringify(after.rewards)],
  );
  await audit(c, {
    username,
    action: 'update',
    entity: 'grading_round',
    entityId: String(id),
    before: { weights: round.weights, bands: round.bands, rewards: round.rewards },
    after,
  });
}

export interface ScoreRow {
  communityCode: string;
  source: GradeSource;
  score: number;
  enteredBy: string | null;
}

export async function roundScores(c: Queryable, roundId: number): Promise<ScoreRow[]> {
  const { rows } = await c.query<ScoreRow>(
    `SELECT community_code AS "communityCode", source, score::float8 AS score, entered_by AS "enteredBy" FROM grading_score WHERE round_id = $1`,
    [roundId],
  );
  return rows;
}

/** Replaces the given (community, source) scores of an open round. */
export async function putScores(
  c: Queryable,
  roundId: number,
  scores: readonly { communityCode: string; source: GradeSource; score: number }[],
  username: string,
): Promise<void> {
  const round = await getRound(c, roundId, true);
  if (round.status === 'confirmed') throw conflict('grading.round_confirmed', { year: String(round.year) });
  const { rows: known } = await c.query<{ code: string }>('SELECT code FROM community');
  const codes = new Set(known.map((k) => k.code));
  const unknown = scores.find((s) => !codes.has(s.communityCode));
  if (unknown) throw invalid('grading.unknown_community', { communityCode: unknown.communityCode });
  await c.query(
    `INSERT INTO grading_score (round_id, community_code, county_code, source, score, entered_by)
     SELECT $1, r.community_code, left(r.community_code, 6), r.source, r.score, $3
       FROM json_to_recordset($2::json) AS r(community_code text, source text, score float8)
     ON CONFLICT (round_id, community_code, source, county_code) DO UPDATE SET score = EXCLUDED.score, entered_by = EXCLUDED.entered_by, entered_at = now()`,
    [roundId, JSON.stringify(scores.map((s) => ({ community_code: s.communityCode, source: s.source, score: s.score }))), username],
  );
  await c.query('UPDATE grading_round SET version = version + 1, updated_at = now() WHERE id = $1', [roundId]);
  await audit(c, { username, action: 'scores', entity: 'grading_round', entityId: String(roundId), after: scores });
}

/** Who entered the round's current scores. */
export async function scoreEnterers(c: Queryable, roundId: number): Promise<string[]> {
  const { rows } = await c.query<{ u: string }>(
    'SELECT DISTINCT entered_by AS u FROM grading_score WHERE round_id = $1 AND entered_by IS NOT NULL ORDER BY 1',
    [roundId],
  );
  return rows.map((r) => r.u);
}

/**
 * Confirms a complete round: its proposals become the year's grades. The person who entered
 * scores may not confirm them (separation of duties).
 */
export async function confirmRound(
  c: Queryable,
  round: RoundRow,
  grades: readonly { code: string; class: string; level: number; weighted: number; scores: Record<GradeSource, number | null> }[],
  incomplete: number,
  username: string,
): Promise<void> {
  if (round.status === 'confirmed') throw conflict('grading.round_confirmed', { year: String(round.year) });
  if ((await scoreEnterers(c, round.id)).includes(username)) throw forbidden('grading.confirm_own_scores', { id: String(round.id) });
  if (incomplete > 0) throw conflict('grading.round_incomplete', { count: incomplete });
  await c.query(
    `INSERT INTO community_grade (community_code, county_code, year, grade_class, grade_level, self_score, assessment_score, mutual_score, resident_score, round_id, weighted_score)
     SELECT r.code, left(r.code, 6), $1, r.class, r.level, r.self, r.assessment, r.mutual, r.residents, $2, r.weighted
       FROM json_to_recordset($3::json) AS r(code text, class text, level int, self float8, assessment float8, mutual float8, residents float8, weighted float8)
     ON CONFLICT (community_code, year, county_code) DO UPDATE SET grade_class = EXCLUDED.grade_class, grade_level = EXCLUDED.grade_level,
       self_score = EXCLUDED.self_score, assessment_score = EXCLUDED.assessment_score, mutual_score = EXCLUDED.mutual_score,
       resident_score = EXCLUDED.resident_score, round_id = EXCLUDED.round_id, weighted_score = EXCLUDED.weighted_score,
       version = community_grade.version + 1`,
    [
      round.year,
      round.id,
      JSON.stringify(grades.map((g) => ({ code: g.code, class: g.class, level: g.level, weighted: g.weighted, ...g.scores }))),
    ],
  );
  await c.query(
    `UPDATE grading_round SET status = 'confirmed', confirmed_by = $2, confirmed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
    [round.id, username],
  );
  await audit(c, {
    username,
    action: 'confirm',
    entity: 'grading_round',
    entityId: String(round.id),
    before: { status: 'open' },
    after: { status: 'confirmed', grades },
  });
}

/** Confirmed grades of the communities in `scope` (null = all), by year. */
export async function gradeHistory(
  c: Queryable,
  scope: Scope = null,
): Promise<{ code: string; year: number; class: 'A' | 'B' | 'C'; level: number }[]> {
  const { rows } = await c.query<{ code: string; year: number; class: 'A' | 'B' | 'C'; level: number }>(
    `SELECT community_code AS code, year, grade_class AS class, grade_level AS level FROM community_grade
      WHERE ${scopeSql('community_code', '$1', '$2')} ORDER BY year, community_code`,
    scopeParams(scope),
  );
  return rows;
}
