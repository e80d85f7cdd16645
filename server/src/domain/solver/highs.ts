// The only module that talks to the HiGHS WebAssembly build. It loads the runtime once, runs a
// MipModel under a time limit and maps HiGHS's status codes to the four outcomes the domain uses.
import highsLoader, { type Highs, type ModelData } from 'highs';
import { MipModel } from './model';

export type MipStatus = 'optimal' | 'time_limit' | 'infeasible' | 'error';

export interface MipOptions {
  /** Wall-clock limit for this solve, seconds. */
  timeLimitSeconds?: number;
  /** Relative MIP gap at which HiGHS may stop (HiGHS's own default is 1e-4). */
  mipRelGap?: number;
  /** Absolute MIP gap at which HiGHS may stop. */
  mipAbsGap?: number;
  /** Primal and MIP feasibility tolerance (HiGHS default 1e-7 / 1e-6); tighten when a row's
   *  right-hand side is large money and one yuan must still count as a violation. */
  feasibilityTolerance?: number;
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
  solveMs: number;
  /** Why the solve failed, for logs (never shown to end users verbatim). */
  message?: string;
}

let loading: Promise<Highs> | null = null;

/** The shared HiGHS runtime, loaded on first use. */
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

/** Loads HiGHS and solves a two-variable MIP so the first real request does not pay for it. */
export async function warmHighs(): Promise<void> {
  const model = new MipModel('maximize');
  const a = model.addBinary(1);
  const b = model.addBinary(2);
  model.atMost([[a, 1], [b, 1]], 1);
  const result = await runMip(model, { timeLimitSeconds: 5 });
  if (result.status !== 'optimal') throw new Error(`HiGHS warm-up failed: ${result.message ?? result.status}`);
}

// HiGHS model status codes (highs.constants.modelStatus) grouped by what the caller can do next.
const OPTIMAL = new Set([7]);
const INFEASIBLE = new Set([8, 9]);
const LIMIT = new Set([11, 12, 13, 14, 16, 17]);
const FEASIBLE_SOLUTION = 2;

/** Solves `model` with HiGHS; never throws for solver failures (they come back as status 'error'). */
export async function runMip(model: MipModel, options: MipOptions = {}): Promise<MipResult> {
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;
  if (model.columnCount === 0) return solveEmpty(model, elapsed());

  let highs: Highs;
  try {
    highs = await getHighs();
  } catch (error) {
    return failure(`could not load HiGHS: ${describe(error)}`, elapsed());
  }
  let native: ReturnType<Highs['createModel']> | null = null;
  try {
    native = highs.createModel();
    native.options.set({
      output_flag: false,
      random_seed: 1,
      time_limit: Math.max(0.001, options.timeLimitSeconds ?? 30),
      mip_rel_gap: options.mipRelGap ?? 1e-4,
      mip_abs_gap: options.mipAbsGap ?? 1e-6,
      ...(options.feasibilityTolerance === undefined
        ? {}
        : { primal_feasibility_tolerance: options.feasibilityTolerance, mip_feasibility_tolerance: options.feasibilityTolerance }),
    });
    native.passModel(toModelData(model, highs));
    if (options.start && options.start.length === model.columnCount) {
      try {
        native.setSolution({ colValue: options.start });
      } catch {
        // A start is only a hint; the solve is still correct without it.
      }
    }
    const { modelStatus } = native.run();
    const hasSolution = Number(native.info.get('primal_solution_status')) === FEASIBLE_SOLUTION;
    const values = hasSolution ? roundValues(model, native.getSolution().colValue) : null;
    const gap = Number(native.info.get('mip_gap'));
    const mipGap = values && Number.isFinite(gap) ? Math.max(0, gap) : null;
    const objective = values ? model.objectiveOf(values) : null;
    if (OPTIMAL.has(modelStatus)) return { status: 'optimal', objective, values, mipGap, solveMs: elapsed() };
    if (INFEASIBLE.has(modelStatus)) return { status: 'infeasible', objective: null, values: null, mipGap: null, solveMs: elapsed() };
    if (LIMIT.has(modelStatus)) return { status: 'time_limit', objective, values, mipGap, solveMs: elapsed() };
    return failure(`HiGHS model status ${modelStatus}`, elapsed());
  } catch (error) {
    discardRuntime();
    return failure(describe(error), elapsed());
  } finally {
    try {
      native?.dispose();
    } catch {
      discardRuntime(); // a runtime that cannot free memory is not trusted for the next solve
    }
  }
}

function toModelData(model: MipModel, highs: Highs): ModelData {
  const bound = (value: number): number =>
    value === Infinity ? highs.infinity : value === -Infinity ? -highs.infinity : value;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of model.rows) {
    indices.push(...row.indices);
    values.push(...row.values);
    starts.push(indices.length);
  }
  return {
    numCols: model.columnCount,
    numRows: model.rows.length,
    sense: model.sense === 'minimize' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
    colCost: model.columns.map((c) => c.cost),
    colLower: model.columns.map((c) => bound(c.lower)),
    colUpper: model.columns.map((c) => bound(c.upper)),
    rowLower: model.rows.map((r) => bound(r.lower)),
    rowUpper: model.rows.map((r) => bound(r.upper)),
    matrix: { format: 'csr', numRows: model.rows.length, numCols: model.columnCount, starts, indices, values },
    integrality: model.columns.map((c) => (c.integer ? 1 : 0)),
  };
}

// Integer columns come back as 0.9999999 or 1e-10; callers compare them with === 1.
function roundValues(model: MipModel, raw: Float64Array): number[] {
  return model.columns.map((column, index) => {
    const value = raw[index] ?? 0;
    if (column.integer) return Math.round(value) || 0; // no -0 in results
    const nearest = Math.round(value);
    return Math.abs(value - nearest) < 1e-7 ? nearest || 0 : value;
  });
}

// HiGHS rejects a model with no columns; the answer is trivial anyway.
function solveEmpty(model: MipModel, solveMs: number): MipResult {
  const feasible = model.rows.every((row) => row.lower <= 1e-9 && row.upper >= -1e-9);
  return feasible
    ? { status: 'optimal', objective: 0, values: [], mipGap: 0, solveMs }
    : { status: 'infeasible', objective: null, values: null, mipGap: null, solveMs };
}

function failure(message: string, solveMs: number): MipResult {
  return { status: 'error', objective: null, values: null, mipGap: null, solveMs, message };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
