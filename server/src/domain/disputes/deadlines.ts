/**
 * Default time to close a case, in days from the day it is reported, by kind and category.
 * Constants rather than settings: they follow the town's working rules (人民调解法 asks a
 * mediation to finish within about 30 days; fire hazards are to be made safe within days), and
 * a change is a decision to review in code, not a per-town preference.
 */
import type { DisputeKind } from '../../contract/disputes';

export const DEADLINE_DAYS: { [K in DisputeKind]: Record<string, number> } = {
  dispute: { neighbour: 15, family: 15, property_management: 30, labour: 30, land_housing: 60, other: 30 },
  hazard: { fire: 3, structural: 7, public_order: 7, sanitation: 10, other: 15 },
};

/** The deadline (YYYY-MM-DD) of a case of this kind and category reported on `reportedOn` (YYYY-MM-DD). */
export function defaultDeadline(kind: DisputeKind, category: string, reportedOn: string): string {
  const days = DEADLINE_DAYS[kind][category] ?? 30;
  const date = new Date(`${reportedOn}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
