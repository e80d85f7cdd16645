// The only module that talks to the HiGHS WebAssembly build. It loads the runtime once per thread,
// solves a PackedMip under a time limit and maps HiGHS's status codes to the four outcomes the
// domain uses. It runs inside the solver worker (worker.ts), and on the main thread only when no
// worker can be started.
import highsLoader, { type Highs, type ModelData } from 'highs';
import type { PackedMip } from './packed';

export type MipStatus = 'optimal' | 'time_limit' | 'infeasible' | 'error';

/** Solver settings; plain data so they can be posted to the worker. */
export interface SolveSettings {
  /** Wall-clock limit for this solve, seconds. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which HiGHS may stop (HiGHS's own default is 1e-4). */
  mipRelGap?: number;
  /** Absolute MIP gap at which HiGHS may stop. */
  mipAbsGap?: number;
  /** Primal and MIP feasibility tolerance (HiGHS default 1e-7 / 1e-6). */
  feasibilityTolerance?: number;
}

/** What one solve returns before the caller adds the objective and the elapsed time. */
export interface RawSolve {
  status: MipStatus;
  values: number[] | null;
  mipGap: number | null;
  /** Best proven bound on the objective (in the model's own sense); absent when HiGHS has none. */
  dualBound?: number;
  message?: string;
}

let loading: Promise<Highs> | null = null;

/** This thread's HiGHS runtime, loaded on first use. */
export function getHighs(): Promise<Highs> {
  loading ??= highsLoader().catch((error: unknown) => {
    loading = null; // let the next caller retry instead of caching a failed load forever
    throw error;
  });
  return loading;
}

/**
 * Drops the cached runtime. After a native abort the Emscripten module refuses all further calls,
 * so the next solve must start from a fresh instance.
 */
function discardRuntime(): void {
  loading = null;
}

// HiGHS model status codes (highs.constants.modelStatus) grouped by what the caller can do next.
const OPTIMAL = new Set([7]);
const INFEASIBLE = new Set([8, 9]);
const LIMIT = new Set([11, 12, 13, 14, 16, 17]);
const FEASIBLE_SOLUTION = 2;

/** Solves `packed` with HiGHS on this thread; never throws (failures come back as status 'error'). */
export async function solvePacked(packed: PackedMip, settings: SolveSettings): Promise<RawSolve> {
  let highs: Highs;
  try {
    highs = await getHighs();
  } catch (error) {
    return failure(`could not load HiGHS: ${describe(error)}`);
  }
  let native: ReturnType<Highs['createModel']> | null = null;
  try {
    native = highs.createModel();
    native.options.set({
      output_flag: false,
      random_seed: 1,
      time_limit: Math.max(0.001, settings.timeLimitSeconds ?? 30),
      mip_rel_gap: settings.mipRelGap ?? 1e-4,
      mip_abs_gap: settings.mipAbsGap ?? 1e-6,
      ...(settings.feasibilityTolerance === undefined
        ? {}
        : { primal_feasibility_tolerance: settings.feasibilityTolerance, mip_feasibility_tolerance: settings.feasibilityTolerance }),
    });
    native.passModel(toModelData(packed, highs));
    if (packed.start) {
      try {
        native.setSolution({ colValue: packed.start });
      } catch {
        // A start is only a hint; the solve is still correct without it.
      }
    }
    const { modelStatus } = native.run();
    const hasSolution = Number(native.info.get('primal_solution_status')) === FEASIBLE_SOLUTION;
    const values = hasSolution ? roundValues(packed, native.getSolution().colValue) : null;
    const gap = Number(native.info.get('mip_gap'));
    const mipGap = values && Number.isFinite(gap) ? Math.max(0, gap) : null;
    const bound = Number(native.info.get('mip_dual_bound'));
    const dualBound = Number.isFinite(bound) ? { dualBound: bound } : {};
    if (OPTIMAL.has(modelStatus)) return { status: 'optimal', values, mipGap, ...dualBound };
    if (INFEASIBLE.has(modelStatus)) return { status: 'infeasible', values: null, mipGap: null };
    if (LIMIT.has(modelStatus)) return { status: 'time_limit', values, mipGap, ...dualBound };
    return failure(`HiGHS model status ${modelStatus}`);
  } catch (error) {
    discardRuntime();
    return failure(describe(error));
  } finally {
    try {
      native?.dispose();
    } catch {
      discardRuntime(); // a runtime that cannot free memory is not trusted for the next solve
    }
  }
}

function toModelData(packed: PackedMip, highs: Highs): ModelData {
  const bounded = (array: Float64Array): Float64Array =>
    array.map((value) => (value === Infinity ? highs.infinity : value === -Infinity ? -highs.infinity : value));
  return {
    numCols: packed.numCols,
    numRows: packed.numRows,
    sense: packed.sense === 'minimize' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost: packed.colCost,
    colLower: bounded(packed.colLower),
    colUpper: bounded(packed.colUpper),
    rowLower: bounded(packed.rowLower),
    rowUpper: bounded(packed.rowUpper),
    matrix: {
      format: 'csr',
      numRows: packed.numRows,
      numCols: packed.numCols,
      starts: packed.starts,
      indices: packed.indices,
      values: packed.values,
    },
    integrality: packed.integrality,
  };
}

// Integer columns come back as 0.9999999 or 1e-10; callers compare them with === 1.
function roundValues(packed: PackedMip, raw: Float64Array): number[] {
  const rounded = new Array<number>(packed.numCols);
  for (let index = 0; index < packed.numCols; index++) {
    const value = raw[index] ?? 0;
    const nearest = Math.round(value);
    if (packed.integrality[index] === 1)
      rounded[index] = nearest || 0; // no -0 in results
    else rounded[index] = Math.abs(value - nearest) < 1e-7 ? nearest || 0 : value;
  }
  return rounded;
}

function failure(message: string): RawSolve {
  return { status: 'error', values: null, mipGap: null, message };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
