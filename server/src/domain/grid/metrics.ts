// Plan-level figures the grid editor shows live: household spread and shape compactness.

export interface CellFigures {
  households: number;
  areaM2: number;
  perimeterM: number;
}

export interface PlanMetrics {
  cellCount: number;
  minHouseholds: number;
  maxHouseholds: number;
  meanHouseholds: number;
  /** Largest |households − target| over cells, as a percentage of the target. */
  maxDeviationPct: number;
  /** Mean Polsby-Popper score over cells (1 for a disc, near 0 for a sliver). */
  meanPolsbyPopper: number;
}

/** Polsby-Popper compactness 4πA/P²; 0 for a degenerate shape with no perimeter. */
export function polsbyPopper(areaM2: number, perimeterM: number): number {
  if (!(areaM2 >= 0) || !(perimeterM >= 0)) throw new RangeError(`area and perimeter must be non-negative, got ${areaM2}, ${perimeterM}`);
  return perimeterM === 0 ? 0 : (4 * Math.PI * areaM2) / (perimeterM * perimeterM);
}

/** Summary of a plan's cells against the household target; null for a plan with no cells. */
export function planMetrics(cells: readonly CellFigures[], targetHouseholds: number): PlanMetrics | null {
  if (!(targetHouseholds > 0)) throw new RangeError(`target must be positive, got ${targetHouseholds}`);
  if (cells.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let deviation = 0;
  let compactness = 0;
  for (const cell of cells) {
    min = Math.min(min, cell.households);
    max = Math.max(max, cell.households);
    sum += cell.households;
    deviation = Math.max(deviation, Math.abs(cell.households - targetHouseholds));
    compactness += polsbyPopper(cell.areaM2, cell.perimeterM);
  }
  return {
    cellCount: cells.length,
    minHouseholds: min,
    maxHouseholds: max,
    meanHouseholds: sum / cells.length,
    maxDeviationPct: (100 * deviation) / targetHouseholds,
    meanPolsbyPopper: compactness / cells.length,
  };
}
