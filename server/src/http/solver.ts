/**
 * Expensive work on behalf of a signed-in user: the solver pool is sized from the setting
 * `solver.poolSize`, and the solve waits for the user's turn (one running, one waiting, a third
 * refused with 429 `solver.busy` and a Retry-After).
 */
import type { Context } from 'hono';
import type { AppEnv } from './env';
import { getSettings } from '../db/settings';
import { setSolverPoolSize } from '../domain/solver/highs';
import { solverTurns } from '../domain/solver/turns';

/** Runs `task` (which solves for up to `timeLimitSeconds`) in the signed-in user's solver turn. */
export async function inSolverTurn<T>(c: Context<AppEnv>, timeLimitSeconds: number, task: () => Promise<T>): Promise<T> {
  const settings = await c.var.db.withClient((q) => getSettings(q));
  setSolverPoolSize(settings['solver.poolSize']);
  return solverTurns.run(c.var.user!.username, timeLimitSeconds, task);
}
