// A MipModel flattened into typed arrays: the form that crosses to the solver worker (the
// buffers are transferred, not copied) and the form HiGHS's model API reads. Infinite bounds stay
// ±Infinity here; the solving side maps them to HiGHS's own infinity.
import type { MipModel, Sense } from './model';

export interface PackedMip {
  sense: Sense;
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 for an integer column, 0 for a continuous one. */
  integrality: Int32Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Compressed sparse rows: row i's entries are starts[i]..starts[i+1] of indices/values. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** A complete MIP start, or null. */
  start: Float64Array | null;
}

/** Flattens `model` (and an optional start of the right length) into typed arrays. */
export function packModel(model: MipModel, start?: readonly number[]): PackedMip {
  const numCols = model.columnCount;
  const numRows = model.rows.length;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const integrality = new Int32Array(numCols);
  model.columns.forEach((column, j) => {
    colCost[j] = column.cost;
    colLower[j] = column.lower;
    colUpper[j] = column.upper;
    integrality[j] = column.integer ? 1 : 0;
  });
  let nonZeros = 0;
  for (const row of model.rows) nonZeros += row.indices.length;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  let at = 0;
  model.rows.forEach((row, i) => {
    rowLower[i] = row.lower;
    rowUpper[i] = row.upper;
    indices.set(row.indices, at);
    values.set(row.values, at);
    at += row.indices.length;
    starts[i + 1] = at;
  });
  const packedStart = start && start.length === numCols ? Float64Array.from(start) : null;
  return {
    sense: model.sense,
    numCols,
    numRows,
    colCost,
    colLower,
    colUpper,
    integrality,
    rowLower,
    rowUpper,
    starts,
    indices,
    values,
    start: packedStart,
  };
}

/** The buffers of `packed`, to pass as postMessage's transfer list (the sender loses them). */
export function transferables(packed: PackedMip): ArrayBuffer[] {
  const arrays = [
    packed.colCost,
    packed.colLower,
    packed.colUpper,
    packed.integrality,
    packed.rowLower,
    packed.rowUpper,
    packed.starts,
    packed.indices,
    packed.values,
  ];
  if (packed.start) arrays.push(packed.start);
  return arrays.map((array) => array.buffer as ArrayBuffer);
}
