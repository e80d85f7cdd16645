/** A grading round's proposals: each community's weighted score, proposed grade, change and reward. */
import {
  GRADE_SOURCES,
  gradeChange,
  gradeFor,
  rewardFor,
  weightedScore,
  type Band,
  type Grade,
  type GradeSource,
  type Rewards,
  type Scores,
  type Weights,
} from './grades';

export interface RoundInput {
  weights: Weights;
  bands: readonly Band[];
  rewards: Rewards;
  communities: readonly { code: string; name: string }[];
  scores: readonly { communityCode: string; source: GradeSource; score: number }[];
  /** Last year's confirmed grades. */
  previous: readonly ({ code: string } & Grade)[];
}

export function evaluateRound(input: RoundInput) {
  const previous = new Map(input.previous.map((p) => [p.code, { class: p.class, level: p.level }]));
  const communities = input.communities.map((community) => {
    const scores = Object.fromEntries(GRADE_SOURCES.map((s) => [s, null])) as Scores;
    for (const s of input.scores) if (s.communityCode === community.code) scores[s.source] = s.score;
    const weighted = weightedScore(scores, input.weights);
    const proposed = weighted === null ? null : gradeFor(weighted, input.bands);
    const before = previous.get(community.code) ?? null;
    return {
      code: community.code,
      name: community.name,
      scores,
      weighted,
      proposed,
      previous: before,
      change: gradeChange(before, proposed),
      reward: rewardFor(before, proposed, input.rewards),
    };
  });
  return { complete: communities.every((c) => c.proposed !== null), communities };
}
