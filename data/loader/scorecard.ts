// Writes the demo scorecard: 2007 targets (the 2008 ones from the migration, copied), 2007 and
// partial 2008 indicators, a confirmed 2007 grading round (entered by the planner, confirmed by
// the official) whose grades start the history, and the open 2008 round.
import type { Queryable } from '../../server/src/db/pool';
import { GRADE_SOURCES } from '../../server/src/domain/grading/grades';
import { evaluateRound } from '../../server/src/domain/grading/round';
import { Prng } from '../generator/prng';
import { generateScorecard } from '../generator/scorecard';
import type { DemoTown } from '../generator/types';
import { insertJson } from './bulk';

export async function insertScorecard(c: Queryable, town: DemoTown, seed: number): Promise<void> {
  const demo = generateScorecard(new Prng(seed).fork('scorecard'), town.communities);
  await c.query(
    `INSERT INTO scorecard_target (year, key, comparator, target, town_share, town_count)
     SELECT 2007, key, comparator, target, town_share, town_count FROM scorecard_target WHERE year = 2008
     ON CONFLICT (year, key) DO NOTHING`,
  );
  await insertJson(
    c,
    `INSERT INTO community_indicator (community_code, county_code, year, indicator, value, entered_by)
     SELECT r.community_code, left(r.community_code, 6), r.year, r.key, r.value, 'planner' FROM json_to_recordset($1::json) AS r(community_code text, year int, key text, value float8)`,
    demo.indicators.map((x) => ({ community_code: x.communityCode, year: x.year, key: x.key, value: x.value })),
  );
  const rounds = new Map<number, number>();
  for (const year of [2007, 2008]) {
    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO grading_round (year, weights, bands, rewards, created_by)
       SELECT $1, (SELECT value FROM setting WHERE key = 'grading.defaultWeights'), (SELECT value FROM setting WHERE key = 'grading.defaultBands'),
              (SELECT value FROM setting WHERE key = 'grading.defaultRewards'), 'planner'
       RETURNING id::int AS id`,
      [year],
    );
    rounds.set(year, rows[0].id);
  }
  await insertJson(
    c,
    `INSERT INTO grading_score (round_id, community_code, county_code, source, score, entered_by)
     SELECT r.round_id, r.community_code, left(r.community_code, 6), r.source, r.score, 'planner' FROM json_to_recordset($1::json) AS r(round_id bigint, community_code text, source text, score float8)`,
    demo.scores.map((s) => ({ round_id: rounds.get(s.year), community_code: s.communityCode, source: s.source, score: s.score })),
  );
  // 2007 is confirmed with the same rules a live round uses.
  const { rows } = await c.query<{ weights: never; bands: never; rewards: never }>(
    'SELECT weights, bands, rewards FROM grading_round WHERE year = 2007',
  );
  const evaluated = evaluateRound({
    ...rows[0],
    communities: town.communities,
    scores: demo.scores.filter((s) => s.year === 2007),
    previous: [],
  });
  await insertJson(
    c,
    `INSERT INTO community_grade (community_code, county_code, year, grade_class, grade_level, self_score, assessment_score, mutual_score, resident_score, round_id, weighted_score)
     SELECT r.code, left(r.code, 6), 2007, r.class, r.level, r.self, r.assessment, r.mutual, r.residents, r.round_id, r.weighted
       FROM json_to_recordset($1::json) AS r(code text, class text, level int, self float8, assessment float8, mutual float8, residents float8, round_id bigint, weighted float8)`,
    evaluated.communities.map((x) => ({
      code: x.code,
      class: x.proposed!.class,
      level: x.proposed!.level,
      ...Object.fromEntries(GRADE_SOURCES.map((s) => [s, x.scores[s]])),
      round_id: rounds.get(2007),
      weighted: x.weighted,
    })),
  );
  await c.query(
    `UPDATE grading_round SET status = 'confirmed', confirmed_by = 'official', confirmed_at = '2007-12-28T09:00:00Z' WHERE id = $1`,
    [rounds.get(2007)],
  );
}
