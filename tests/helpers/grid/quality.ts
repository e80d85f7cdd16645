// Quality of a partition judged from the graph alone (no cell geometry), used by tests and the
// benchmark to compare the partitioner against the baseline.
import { unitGraph } from '../../../server/src/domain/grid/contract';
import { piecesPerCell } from '../../../server/src/domain/grid/graph';
import { polsbyPopper } from '../../../server/src/domain/grid/metrics';
import type { Edge, Unit } from '../../../server/src/domain/grid/types';

export interface QualityOptions {
  /** Household range; defaults to target ± 25 % (300-500 around 400). */
  minHouseholds?: number;
  maxHouseholds?: number;
  /** Atom area per unit; when given, compactness is a real Polsby-Popper score. */
  unitAreaM2?: readonly number[];
  /** Length of each atom's boundary on the community edge (counts towards cell perimeter). */
  unitOuterBoundaryM?: readonly number[];
}

export interface PartitionQuality {
  maxDeviationPct: number;
  /** Mean over cells; higher is more compact (see partitionQuality). */
  meanCompactnessProxy: number;
  /** Share of compounds that fit one cell but are spread over several. */
  compoundsSplitShare: number;
  outOfRangeCells: number;
  nonContiguousCells: number;
}

/**
 * Scores `cells` (unit indices per cell). Compactness: with unit areas, Polsby-Popper from the
 * summed area and the cell's boundary (shared length of cut edges plus outer boundary); without
 * them, the share of the cell's shared boundary that lies inside it, internal / (internal + cut),
 * which also rises as the cut perimeter shrinks relative to the cell.
 */
export function partitionQuality(
  units: readonly Unit[],
  edges: readonly Edge[],
  cells: readonly (readonly number[])[],
  targetHouseholds: number,
  options: QualityOptions = {},
): PartitionQuality {
  const min = options.minHouseholds ?? targetHouseholds * 0.75;
  const max = options.maxHouseholds ?? targetHouseholds * 1.25;
  const cellOf = new Int32Array(units.length).fill(-1);
  cells.forEach((cell, c) => cell.forEach((i) => (cellOf[i] = c)));

  const internal = new Float64Array(cells.length);
  const cut = new Float64Array(cells.length);
  for (const { a, b, sharedMetres } of edges) {
    const ca = cellOf[a];
    const cb = cellOf[b];
    if (ca === cb) {
      if (ca >= 0) internal[ca] += sharedMetres;
      continue;
    }
    if (ca >= 0) cut[ca] += sharedMetres;
    if (cb >= 0) cut[cb] += sharedMetres;
  }
  let deviation = 0;
  let outOfRangeCells = 0;
  let compactness = 0;
  cells.forEach((cell, c) => {
    const households = cell.reduce((sum, i) => sum + units[i].households, 0);
    deviation = Math.max(deviation, Math.abs(households - targetHouseholds));
    if (households < min || households > max) outOfRangeCells++;
    const { unitAreaM2: area, unitOuterBoundaryM: outer } = options;
    if (area) {
      const perimeter = cut[c] + (outer ? cell.reduce((sum, i) => sum + outer[i], 0) : 0);
      compactness += polsbyPopper(
        cell.reduce((sum, i) => sum + area[i], 0),
        perimeter,
      );
    } else {
      const shared = internal[c] + cut[c];
      compactness += shared > 0 ? internal[c] / shared : 0;
    }
  });

  const pieces = piecesPerCell(unitGraph(units, edges), cellOf, cells.length);
  return {
    maxDeviationPct: cells.length > 0 ? (100 * deviation) / targetHouseholds : 0,
    meanCompactnessProxy: cells.length > 0 ? compactness / cells.length : 0,
    compoundsSplitShare: splitShare(units, cellOf, max),
    outOfRangeCells,
    nonContiguousCells: pieces.reduce((n, p) => n + (p > 1 ? 1 : 0), 0),
  };
}

function splitShare(units: readonly Unit[], cellOf: Int32Array, max: number): number {
  const compounds = new Map<string, { households: number; cells: Set<number> }>();
  units.forEach((unit, i) => {
    if (unit.compoundId === null || unit.compoundId === '') return;
    const entry = compounds.get(unit.compoundId) ?? { households: 0, cells: new Set<number>() };
    entry.households += unit.households;
    entry.cells.add(cellOf[i]);
    compounds.set(unit.compoundId, entry);
  });
  // A compound bigger than a cell must be split; only avoidable splits count against a plan.
  const splittable = [...compounds.values()].filter((c) => c.households <= max);
  if (splittable.length === 0) return 0;
  return splittable.filter((c) => c.cells.size > 1).length / splittable.length;
}
