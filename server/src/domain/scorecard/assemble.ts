/**
 * Puts a year's scorecard together: each community's value for every target (computed when a
 * register provides it, else entered, else null), whether it meets the target, and the town's
 * standing per target.
 */
import type { Scorecard } from '../../contract/scorecard';
import type { Comparator, IndicatorKey } from './indicators';
import { meets, townResult, townValue } from './rules';

export interface TargetInput {
  key: IndicatorKey;
  comparator: Comparator;
  target: number;
  townShare: number | null;
  townCount: number | null;
}

export interface ScorecardInput {
  year: number;
  targets: readonly TargetInput[];
  communities: readonly { code: string; name: string }[];
  entered: readonly { communityCode: string; key: IndicatorKey; value: number }[];
  /** Values from the registers by community; a key present here (even as null) is computed for that community. */
  computed: ReadonlyMap<string, Partial<Record<IndicatorKey, number | null>>>;
  grades: readonly { code: string; class: 'A' | 'B' | 'C'; level: number }[];
}

export function assembleScorecard(input: ScorecardInput): Scorecard {
  const entered = new Map(input.entered.map((e) => [`${e.communityCode}/${e.key}`, e.value]));
  const grades = new Map(input.grades.map((g) => [g.code, { class: g.class, level: g.level }]));
  const communities = input.communities.map((community) => {
    const computed = input.computed.get(community.code) ?? {};
    const indicators: Scorecard['communities'][number]['indicators'] = {};
    for (const t of input.targets) {
      const fromRegister = computed[t.key];
      const value = fromRegister !== undefined ? fromRegister : (entered.get(`${community.code}/${t.key}`) ?? null);
      indicators[t.key] = {
        value,
        target: t.target,
        met: meets(value, t.comparator, t.target),
        source: fromRegister !== undefined ? 'computed' : 'entered',
      };
    }
    return { code: community.code, name: community.name, indicators, grade: grades.get(community.code) ?? null };
  });
  const targets = input.targets.map((t) => {
    const results = communities.map((c) => c.indicators[t.key]);
    const town = townResult(
      results.map((r) => r.met),
      { share: t.townShare, count: t.townCount },
    );
    return { key: t.key, target: t.target, comparator: t.comparator, townValue: townValue(results.map((r) => r.value)), ...town };
  });
  return { year: input.year, targets, communities };
}
