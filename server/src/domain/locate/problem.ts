// The public location-allocation contract (PRODUCT.md §7, `gridplan locate`): the schema checks
// each field, `locateProblems` the rules across fields; every problem is coded and names its field.
import { locateProblemSchema, type LocateProblem } from '../../contract/locate';
import type { FieldProblem } from '../../contract/common';
import { fieldProblem } from '../facility/fields';

export { locateProblemSchema };
export type { LocateProblem, LocateProblemInput, LocateResult, LocateStatus, PlanSource } from '../../contract/locate';

export interface LocateOptions {
  /** Wall-clock limit for the MIP, seconds (default 30). */
  timeLimitSeconds?: number;
  /** Relative gap at which the MIP may stop (default 1e-6: small instances are solved exactly). */
  mipRelGap?: number;
}

/** Rules across fields of a problem whose fields are each valid; fields are named `${prefix}.path`. */
export function locateProblems(problem: LocateProblem, prefix = ''): FieldProblem[] {
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const problems: FieldProblem[] = [];
  const siteCount = problem.sites.length;
  if (problem.cost.length !== problem.demand.length) {
    problems.push(fieldProblem(at('cost'), 'locate.cost_rows', { rows: problem.cost.length, expected: problem.demand.length }));
  }
  problem.cost.forEach((row, i) => {
    if (row.length !== siteCount)
      problems.push(fieldProblem(at(`cost.${i}`), 'locate.cost_columns', { row: i, entries: row.length, expected: siteCount }));
  });
  if (problem.p > siteCount) problems.push(fieldProblem(at('p'), 'locate.p_too_large', { p: problem.p, sites: siteCount }));
  const fixedCount = problem.sites.filter((site) => site.fixed).length;
  if (problem.p < fixedCount) problems.push(fieldProblem(at('p'), 'locate.p_below_fixed', { p: problem.p, fixed: fixedCount }));
  if (problem.problem === 'mclp' && problem.radius === undefined) problems.push(fieldProblem(at('radius'), 'locate.radius_required'));
  for (const list of ['demand', 'sites'] as const) {
    const seen = new Set<string>();
    problem[list].forEach((entry, index) => {
      if (seen.has(entry.id)) problems.push(fieldProblem(at(`${list}.${index}.id`), 'locate.duplicate_id', { id: entry.id, list }));
      seen.add(entry.id);
    });
  }
  return problems;
}

export type LocateValidation = { ok: true; problem: LocateProblem } | { ok: false; problems: FieldProblem[] };

/** Validates untrusted JSON (the CLI's input); each problem names the field it concerns. */
export function validateLocateProblem(json: unknown): LocateValidation {
  const parsed = locateProblemSchema.safeParse(json);
  if (!parsed.success) {
    // The schema's own wording, kept as the detail of a generic field problem.
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) =>
        fieldProblem(issue.path.map(String).join('.'), 'field.invalid', { detail: issue.message }),
      ),
    };
  }
  const problems = locateProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, problem: parsed.data };
}
