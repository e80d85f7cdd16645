// The domain's entry to the MIP solver. runMip sends a MipModel to a HiGHS worker thread
// (pool.ts) so that a solve of up to its time limit never stalls the server's event loop; the
// solving itself is in native.ts. Only when no worker can be started does it solve in-thread.
import { availableParallelism } from 'node:os';
import { pMedianHeuristic, solvePMedianExact, type PMedianAnswer, type PMedianInstance } from '../locate/pMedianSearch';
import { MipModel } from './model';
import { solvePacked, type MipStatus, type RawSolve, type SolveSettings } from './native';
import { packModel, type PackedMip } from './packed';
import { SolverPool } from './pool';
import { solverWorkerUrl } from './worker-url';

export type { MipStatus } from './native';

/** Worker threads solving at once unless the setting says otherwise: one core stays with the server. */
export const DEFAULT_SOLVER_WORKERS = Math.max(1, availableParallelism() - 1);
/** How far past its time limit a solve may run before its worker is considered hung. */
const HANG_MARGIN_MS = 10_000;
/** Compiling HiGHS in a new worker (and loading tsx in development) takes about a second; allow for a busy machine. */
const START_TIMEOUT_MS = 60_000;
const DEFAULT_TIME_LIMIT_SECONDS = 30;

export interface MipOptions extends SolveSettings {
  /** A complete starting assignment (MIP start); HiGHS checks it and ignores it if infeasible. */
  start?: readonly number[];
}

export interface MipResult {
  status: MipStatus;
  /** Objective of the returned values; null when there are none. */
  objective: number | null;
  /** One value per column, integers rounded; null when no feasible solution is known. */
  values: number[] | null;
  /** Relative gap between incumbent and bound; null when HiGHS has no finite gap. */
  mipGap: number | null;
  /** Best proven bound on the objective (maximise: upper, minimise: lower); null when unknown. */
  dualBound: number | null;
  solveMs: number;
  /** Why the solve failed, for logs (never shown to end users verbatim). */
  message?: string;
}

let pool: SolverPool | null = null;
let poolSize = DEFAULT_SOLVER_WORKERS;

/** Sets the number of solver workers (setting `solver.poolSize`; null = cores − 1, at least 1). */
export function setSolverPoolSize(size: number | null): void {
  poolSize = size ?? DEFAULT_SOLVER_WORKERS;
  if (pool && pool.size !== poolSize) pool.resize(poolSize);
}

/** The number of solver workers now allowed. */
export function solverPoolSize(): number {
  return poolSize;
}

function sharedPool(): SolverPool {
  pool ??= new SolverPool({
    size: poolSize,
    workerUrl: solverWorkerUrl(),
    startTimeoutMs: START_TIMEOUT_MS,
    hangMarginMs: HANG_MARGIN_MS,
    defaultTimeLimitSeconds: DEFAULT_TIME_LIMIT_SECONDS,
    log: (line) => console.warn(line),
  });
  return pool;
}

/** Solves `model` with HiGHS on a worker thread; never throws (failures come back as status 'error'). */
export function runMip(model: MipModel, options: MipOptions = {}): Promise<MipResult> {
  return solveWith(model, options, async (packed, settings) => {
    const answer = await sharedPool().solve(packed, settings);
    return answer.kind === 'answer' ? answer.result : solvePacked(packed, settings);
  });
}

/**
 * Solves a p-median exactly (pMedianSearch.ts) on a solver worker, so that the search never holds
 * the event loop; on the calling thread only when no worker can start. Ends by the time limit
 * with the best plan and bound found so far.
 */
export async function runPMedian(instance: PMedianInstance, timeLimitSeconds: number): Promise<PMedianAnswer> {
  const inThread = (): PMedianAnswer => solvePMedianExact(instance, { deadline: performance.now() + timeLimitSeconds * 1000 });
  // The pool transfers the cost buffer; keep a copy for the fallbacks below.
  const copy: PMedianInstance = { ...instance, cost: instance.cost.slice() };
  const answer = await sharedPool().solvePMedian(copy, timeLimitSeconds);
  if (answer.kind === 'answer') return answer.answer;
  if (answer.kind === 'failed') console.warn(`p-median search on a worker failed (${answer.message}); giving the heuristic plan`);
  if (answer.kind === 'unavailable') return inThread();
  const start = pMedianHeuristic(instance);
  return { open: start.open, objective: start.objective, lowerBound: 0, proven: false, source: 'heuristic', nodes: 0 };
}

/** Starts the solver worker and solves a two-variable MIP so the first real request does not pay for it. */
export async function warmHighs(): Promise<void> {
  const model = new MipModel('maximize');
  const a = model.addBinary(1);
  const b = model.addBinary(2);
  model.atMost(
    [
      [a, 1],
      [b, 1],
    ],
    1,
  );
  const result = await runMip(model, { timeLimitSeconds: 5 });
  if (result.status !== 'optimal') throw new Error(`HiGHS warm-up failed: ${result.message ?? result.status}`);
}

/** Terminates the solver workers (a later runMip starts new ones); running solves answer 'error'. */
export async function closeSolverPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.close();
}

/** Solves a packed model somewhere: on a worker (runMip) or on the calling thread (solvePacked). */
export type Solver = (packed: PackedMip, settings: SolveSettings) => Promise<RawSolve>;

/** Packs `model`, hands it to `solver` and shapes the answer; runMip is this with the worker pool. */
export async function solveWith(model: MipModel, options: MipOptions, solver: Solver): Promise<MipResult> {
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;
  if (model.columnCount === 0) return solveEmpty(model, elapsed());
  let raw: RawSolve;
  try {
    const settings: SolveSettings = {
      timeLimitSeconds: options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
      mipRelGap: options.mipRelGap,
      mipAbsGap: options.mipAbsGap,
      feasibilityTolerance: options.feasibilityTolerance,
    };
    raw = await solver(packModel(model, options.start), settings);
  } catch (error) {
    raw = { status: 'error', values: null, mipGap: null, message: error instanceof Error ? error.message : String(error) };
  }
  const objective = raw.values ? model.objectiveOf(raw.values) : null;
  const result: MipResult = {
    status: raw.status,
    objective,
    values: raw.values,
    mipGap: raw.mipGap,
    dualBound: raw.dualBound ?? null,
    solveMs: elapsed(),
  };
  if (raw.message !== undefined) result.message = raw.message;
  return result;
}

// HiGHS rejects a model with no columns; the answer is trivial anyway.
function solveEmpty(model: MipModel, solveMs: number): MipResult {
  const feasible = model.rows.every((row) => row.lower <= 1e-9 && row.upper >= -1e-9);
  return feasible
    ? { status: 'optimal', objective: 0, values: [], mipGap: 0, dualBound: 0, solveMs }
    : { status: 'infeasible', objective: null, values: null, mipGap: null, dualBound: null, solveMs };
}
