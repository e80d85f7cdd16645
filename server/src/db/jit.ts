/** Statements planned as costly but run once: PostgreSQL's JIT compilation would cost more than it saves. */
import type { Queryable } from './pool';

/**
 * Runs `work` with JIT compilation off on this connection, then puts the setting back. JIT
 * compiles a statement whose estimated cost passes a threshold; the coverage report and the
 * set-based reassignment pass it at 1,000 communities and spent 0.05–3 s compiling, for one run.
 */
export async function withoutJit<T>(c: Queryable, work: () => Promise<T>): Promise<T> {
  const { rows } = await c.query<{ jit: string }>(`SELECT current_setting('jit') AS jit, set_config('jit', 'off', false)`);
  try {
    return await work();
  } finally {
    await c.query(`SELECT set_config('jit', $1, false)`, [rows[0].jit]);
  }
}
