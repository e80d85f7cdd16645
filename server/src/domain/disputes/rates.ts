/**
 * Mediation and success rates (plan target: 民事调解率 ≥ 98 %, 调解成功率 ≥ 90 %).
 *
 * Over the disputes (not hazards: they are made safe, not mediated) reported in a year:
 * - reported: every such case, whatever its status now;
 * - mediated: the cases that reached `mediating` — those now mediating, resolved or failed, and
 *   those referred after mediation had begun (a case referred straight from reported or
 *   accepted was never mediated here);
 * - resolved: the cases now resolved (only reachable through mediating, so resolved ⊆ mediated).
 * mediationRate = mediated / reported, successRate = resolved / mediated; null when the
 * denominator is 0 (no cases is not a rate of 0 or 100 %).
 */
import type { DisputeStatus } from '../../contract/disputes';

export const TARGETS = { mediationRate: 0.98, successRate: 0.9 } as const;

export interface RateCase {
  status: DisputeStatus;
  /** True when the case ever reached `mediating` (its history holds that step). */
  reachedMediating: boolean;
}

export interface Rates {
  reported: number;
  mediated: number;
  resolved: number;
  mediationRate: number | null;
  successRate: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** The rates of one set of cases. */
export function mediationRates(cases: readonly RateCase[]): Rates {
  const reported = cases.length;
  const mediated = cases.filter(
    (c) => c.reachedMediating || c.status === 'mediating' || c.status === 'resolved' || c.status === 'failed',
  ).length;
  const resolved = cases.filter((c) => c.status === 'resolved').length;
  return { reported, mediated, resolved, mediationRate: ratio(mediated, reported), successRate: ratio(resolved, mediated) };
}

/** The rates per group (cell, community…), groups in first-seen order. */
export function mediationRatesBy<C extends RateCase>(cases: readonly C[], key: (c: C) => string): Map<string, Rates> {
  const groups = new Map<string, C[]>();
  for (const c of cases) {
    const k = key(c);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c);
  }
  return new Map([...groups].map(([k, list]) => [k, mediationRates(list)]));
}
