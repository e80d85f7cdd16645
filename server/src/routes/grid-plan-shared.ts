/** Pieces the grid-plan route declarations share: tags, error answers and the plan answer. */
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { json } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import type { PlanView } from '../contract/grid-plans';
import { planView } from '../db/grid-plan-view';

export const tags = ['grid plans'];

export const NOT_FOUND = json(errorBodySchema, 'Unknown plan (grid.plan.not_found)');
export const STALE = json(
  errorBodySchema,
  'Stale version (stale_version, details.currentVersion), or the plan is not a draft (grid.plan.not_editable)',
);
export const WRONG_STATE = json(
  errorBodySchema,
  'Stale version (stale_version), or the plan is not in a state this step starts from (grid.plan.wrong_status)',
);
export const FAILS_CHECKS = json(errorBodySchema, 'Integrity checks fail (grid.plan.integrity_failed; details.problems are the failures)');
export const PLAN_ANSWER =
  'The plan with its cells and live figures, plan metrics, integrity checks and undo/redo state. Draft cells have a stable `label`; their `code` is the one publishing would assign now (codeProvisional). ETag = version.';

/** The full view of a plan, with its version as ETag; views are never cached. */
export async function planAnswer(c: Context<AppEnv>, planId: number): Promise<PlanView> {
  const view = await c.var.db.withClient((q) => planView(q, planId));
  c.header('ETag', `W/"${view.version}"`);
  c.header('Cache-Control', 'no-store');
  return view;
}
