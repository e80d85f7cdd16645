// Messages between the main thread (pool.ts) and a solver worker (worker.ts).
import type { RawSolve, SolveSettings } from './native';
import type { PackedMip } from './packed';

export interface SolveRequest {
  type: 'solve';
  id: number;
  model: PackedMip;
  settings: SolveSettings;
}

export type WorkerReply =
  /** HiGHS is loaded and the worker takes requests. */
  | { type: 'ready' }
  /** HiGHS could not be loaded; the worker exits after sending this. */
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: RawSolve };
