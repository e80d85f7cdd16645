// Human-readable roster problems (codes from server/src/domain/responsibility/coverage-rules.ts).
import { personType, tr, volunteerCategory } from './i18n';
import type { Problem, Status } from './types';

const list = (items: string[] | undefined, name: (s: string) => string) => (items ?? []).map(name).join('、');

export function problemText(p: Problem): string {
  switch (p.code) {
    case 'no_grid_worker':
      return tr('problem.no_grid_worker');
    case 'households_over_limit':
      return tr('problem.households_over_limit', { perWorker: Math.round(p.householdsPerWorker ?? 0), limit: p.limit ?? 0 });
    case 'missing_participant_types':
      return tr('problem.missing_participant_types', { types: list(p.types, personType) });
    case 'buildings_without_branch':
      return tr('problem.buildings_without_branch', { count: p.count ?? 0 });
    case 'buildings_outside_areas':
      return tr('problem.buildings_outside_areas', { count: p.count ?? 0 });
    case 'buildings_without_cell':
      return tr('problem.buildings_without_cell', { count: p.count ?? 0 });
    case 'staffing_ratio':
      return tr('problem.staffing_ratio', { workers: p.workers ?? 0, required: p.required ?? 0, ratio: p.residentsPerWorker ?? 0 });
    case 'missing_volunteer_categories':
      return tr('problem.missing_volunteer_categories', { categories: list(p.categories, volunteerCategory) });
    default:
      return p.code;
  }
}

/** Map and badge colours per status. */
export const STATUS_COLOURS: Record<Status, string> = { ok: '#1f9d55', warning: '#f2a93b', error: '#e0542b' };
