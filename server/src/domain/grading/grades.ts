/**
 * ABC × 3 grading (分类晋级考评): classes A/B/C with levels 1–3, A1 best. A round weighs the four
 * evaluation sources, places the weighted score in a score band, and compares the result with
 * last year's grade to find promotions (and their reward) and demotions.
 */
export const GRADE_SOURCES = ['self', 'assessment', 'mutual', 'residents'] as const;
export type GradeSource = (typeof GRADE_SOURCES)[number];
export const GRADE_CLASSES = ['A', 'B', 'C'] as const;
export type GradeClass = (typeof GRADE_CLASSES)[number];

export interface Grade {
  class: GradeClass;
  level: number;
}

export type Weights = Record<GradeSource, number>;
export type Scores = Record<GradeSource, number | null>;

/** A band: a weighted score at or above `minScore` (and below the next better band) gets this grade. */
export interface Band extends Grade {
  minScore: number;
}

export interface Rewards {
  perLevelYuan: number;
  perClassYuan: number;
}

export type Change = 'promoted' | 'class_up' | 'same' | 'demoted';

/** The weighted mean of the four scores, to two decimals; null while any source is missing (incomplete, not zero). */
export function weightedScore(scores: Scores, weights: Weights): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const source of GRADE_SOURCES) {
    const score = scores[source];
    if (score === null) return null;
    sum += score * weights[source];
    weightSum += weights[source];
  }
  if (weightSum <= 0) return null;
  // Rounded before banding, so 84.999999… from binary arithmetic lands where a person expects.
  return Math.round((sum / weightSum) * 100) / 100;
}

/** The grade of a weighted score: the best band whose minimum it reaches (a score on a boundary gets the better band). */
export function gradeFor(score: number, bands: readonly Band[]): Grade | null {
  const best = [...bands].sort((a, b) => b.minScore - a.minScore).find((band) => score >= band.minScore);
  return best ? { class: best.class, level: best.level } : null;
}

/** 0 for A1 … 8 for C3: the number of steps below the top. */
export function gradeRank(grade: Grade): number {
  return GRADE_CLASSES.indexOf(grade.class) * 3 + (grade.level - 1);
}

/** How a community moved from last year's grade; null without a previous grade or a proposal. */
export function gradeChange(previous: Grade | null, proposed: Grade | null): Change | null {
  if (!previous || !proposed) return null;
  const gained = gradeRank(previous) - gradeRank(proposed);
  if (gained < 0) return 'demoted';
  if (gained === 0) return 'same';
  return proposed.class === previous.class ? 'promoted' : 'class_up';
}

/**
 * The reward for a move: each level gained (counting across classes: B3 → A2 is 4 levels) plus
 * each class gained. The plan rewards "by how many steps were gained" (按照晋级的多少).
 */
export function rewardFor(previous: Grade | null, proposed: Grade | null, rewards: Rewards): number | null {
  if (!previous || !proposed) return null;
  const levels = gradeRank(previous) - gradeRank(proposed);
  if (levels <= 0) return 0;
  const classes = GRADE_CLASSES.indexOf(previous.class) - GRADE_CLASSES.indexOf(proposed.class);
  return levels * rewards.perLevelYuan + Math.max(0, classes) * rewards.perClassYuan;
}

/** Bands must name each of the nine grades once and be ordered best first by score. */
export function bandsProblem(bands: readonly Band[]): string | null {
  const names = new Set(bands.map((b) => `${b.class}${b.level}`));
  if (bands.length !== 9 || names.size !== 9) return 'each of the nine grades once';
  const ordered = [...bands].sort((a, b) => gradeRank(a) - gradeRank(b));
  for (let i = 1; i < ordered.length; i++)
    if (!(ordered[i].minScore < ordered[i - 1].minScore)) return 'a better grade needs a higher minimum score';
  return null;
}
