// Messages between the main thread (pool.ts) and a solver worker (worker.ts).
import type { PMedianAnswer, PMedianInstance } from '../locate/pMedianSearch';
import type { RawSolve, SolveSettings } from './native';
import type { PackedMip } from './packed';

/** What a worker is asked to do: a MIP for HiGHS, or a p-median for the exact search. */
export type WorkerTask =
  { type: 'solve'; model: PackedMip; settings: SolveSettings } | { type: 'pmedian'; instance: PMedianInstance; timeLimitSeconds: number };

export type SolveRequest = WorkerTask & { id: number };

/** A worker's answer to one task. */
export type TaskReply = { type: 'result'; id: number; result: RawSolve } | { type: 'pmedian'; id: number; answer: PMedianAnswer };

export type WorkerReply =
  /** HiGHS is loaded and the worker takes requests. */
  | { type: 'ready' }
  /** HiGHS could not be loaded; the worker exits after sending this. */
  | { type: 'failed'; message: string }
  | TaskReply;
