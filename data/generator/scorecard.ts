// Demo scorecard and grading history: 2007 indicators for every community and a confirmed 2007
// grading round (the plan: "07年主要是定级", 2007 sets the grades), then 2008 part-way through the
// year: some indicators entered, and a round with some scores still missing.
import { Prng } from './prng';

export interface DemoIndicator {
  communityCode: string;
  year: number;
  key: string;
  value: number;
}

export interface DemoScore {
  year: number;
  communityCode: string;
  source: 'self' | 'assessment' | 'mutual' | 'residents';
  score: number;
}

export interface DemoScorecard {
  indicators: DemoIndicator[];
  scores: DemoScore[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Entered values of one community and year; `strength` (0–1) makes a community consistently better or weaker. */
function enteredValues(rng: Prng, strength: number, year: number, compliant: boolean): Record<string, number> {
  const progress = year === 2007 ? 0 : 1;
  return {
    service_items: rng.int(9, 14) + Math.round(strength * 6) + progress * rng.int(0, 2),
    resident_satisfaction: round1(Math.min(99, 74 + strength * 20 + rng.float(-3, 3) + progress * 2)),
    full_reemployment: strength + rng.float(-0.2, 0.2) > 0.35 - progress * 0.1 ? 1 : 0,
    cultural_activities: rng.int(5, 9) + Math.round(strength * 5),
    reading_room_books: 200 + rng.int(0, 40) * 10 + Math.round(strength * 300),
    mediation_rate: round1(Math.min(100, 94 + strength * 5 + rng.float(-1, 1))),
    mediation_success_rate: round1(Math.min(100, 84 + strength * 10 + rng.float(-2, 2))),
    petitions_work_failure: rng.chance(0.25 - strength * 0.2) ? rng.int(1, 2) : 0,
    harmonious_demonstration: strength + rng.float(-0.15, 0.15) > 0.55 - progress * 0.1 ? 1 : 0,
    green_provincial: strength > 0.85 && progress === 1 ? 1 : 0,
    green_municipal: strength + rng.float(-0.1, 0.1) > 0.6 ? 1 : 0,
    // Registers give these for the current year; 2007's were recorded by hand.
    ...(year === 2007 ? { housing_standard: compliant ? 1 : 0, volunteer_categories: rng.int(4, 8), grid_staffing: rng.int(60, 100) } : {}),
  };
}

function fourScores(rng: Prng, strength: number, lift: number): Record<DemoScore['source'], number> {
  const base = 58 + strength * 38 + lift;
  const at = (spread: number) => Math.max(0, Math.min(100, Math.round(base + rng.float(-spread, spread))));
  return { self: Math.min(100, at(2) + 3), assessment: at(4), mutual: at(4), residents: at(5) };
}

export function generateScorecard(rng: Prng, communities: readonly { code: string; compliant: boolean }[]): DemoScorecard {
  const indicators: DemoIndicator[] = [];
  const scores: DemoScore[] = [];
  communities.forEach((community, i) => {
    const own = rng.fork(`scorecard:${community.code}`);
    const strength = own.next();
    for (const [key, value] of Object.entries(enteredValues(own, strength, 2007, community.compliant))) {
      indicators.push({ communityCode: community.code, year: 2007, key, value });
    }
    // 2008 so far: about two communities in three have reported, and not every figure yet.
    if (i % 3 !== 2) {
      for (const [key, value] of Object.entries(enteredValues(own, strength, 2008, community.compliant))) {
        if (own.chance(0.8)) indicators.push({ communityCode: community.code, year: 2008, key, value });
      }
    }
    for (const [source, score] of Object.entries(fourScores(own, strength, 0))) {
      scores.push({ year: 2007, communityCode: community.code, source: source as DemoScore['source'], score });
    }
    // 2008 round: self-evaluation and the town's assessment are in for everyone, mutual and
    // residents' reviews for the first two thirds only.
    const lift = own.float(-3, 6);
    for (const [source, score] of Object.entries(fourScores(own, strength, lift))) {
      if (source === 'self' || source === 'assessment' || i < Math.ceil((communities.length * 2) / 3)) {
        scores.push({ year: 2008, communityCode: community.code, source: source as DemoScore['source'], score });
      }
    }
  });
  return { indicators, scores };
}
