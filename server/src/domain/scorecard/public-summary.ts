/**
 * A community's scorecard as its public page shows it (居务公开): each indicator's value against
 * its target and whether it is met, and how many targets are met. Only the community's own
 * figures: no names, no cases, nothing about any resident.
 */
import type { Scorecard } from '../../contract/scorecard';
import type { PublicScorecard } from '../../contract/public';
import { INDICATOR_UNITS } from './indicators';

/** The summary for one community of a year's scorecard, or null when the community is not on it. */
export function publicScorecardSummary(card: Scorecard, communityCode: string): PublicScorecard | null {
  const community = card.communities.find((c) => c.code === communityCode);
  if (!community) return null;
  const indicators = card.targets.map((t) => {
    const own = community.indicators[t.key];
    return {
      key: t.key,
      unit: INDICATOR_UNITS[t.key],
      comparator: t.comparator,
      target: t.target,
      value: own?.value ?? null,
      met: own?.met ?? null,
    };
  });
  return {
    year: card.year,
    targetsMet: indicators.filter((i) => i.met === true).length,
    targetsWithData: indicators.filter((i) => i.met !== null).length,
    targetsTotal: indicators.length,
    indicators,
  };
}
