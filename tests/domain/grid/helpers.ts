// Test helpers for the grid domain: fixture loading and independent checks of a partition
// (written here from scratch so the tests do not trust the code they test).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Edge, Unit } from '../../../server/src/domain/grid/types';
import type { CommunityFixture } from '../../fixtures/partition/make';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/partition');

export const FIXTURE_NAMES = ['lattice-roads', 'ragged', 'giant-compound', 'typical'] as const;

export function loadFixture(name: string): CommunityFixture {
  return JSON.parse(readFileSync(join(fixtures, 'in', `${name}.json`), 'utf8')) as CommunityFixture;
}

export function loadExpected(name: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, 'out', `${name}.json`), 'utf8'));
}

export function householdsOf(units: readonly Unit[], cell: readonly number[]): number {
  return cell.reduce((sum, i) => sum + units[i].households, 0);
}

/** True when the cell's units are connected using only edges inside the cell. */
export function isContiguous(edges: readonly Edge[], cell: readonly number[]): boolean {
  if (cell.length === 0) return false;
  const inside = new Set(cell);
  const neighbours = new Map<number, number[]>();
  for (const { a, b } of edges) {
    if (!inside.has(a) || !inside.has(b)) continue;
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  }
  const seen = new Set([cell[0]]);
  const queue = [cell[0]];
  while (queue.length > 0) {
    const v = queue.shift() as number;
    for (const u of neighbours.get(v) ?? []) {
      if (!seen.has(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
  }
  return seen.size === inside.size;
}

/** Every unit index appears in exactly one cell. */
export function coversOnce(unitCount: number, cells: readonly (readonly number[])[]): boolean {
  const seen = new Array<number>(unitCount).fill(0);
  for (const cell of cells) for (const i of cell) seen[i]++;
  return seen.every((n) => n === 1);
}

/** Compound id → number of cells its units are spread over. */
export function compoundSpread(units: readonly Unit[], cells: readonly (readonly number[])[]): Map<string, number> {
  const cellsOf = new Map<string, Set<number>>();
  cells.forEach((cell, c) => {
    for (const i of cell) {
      const id = units[i].compoundId;
      if (id === null) continue;
      cellsOf.set(id, (cellsOf.get(id) ?? new Set()).add(c));
    }
  });
  return new Map([...cellsOf].map(([id, set]) => [id, set.size]));
}

/** A row of units along the x axis with 10 m shared boundaries, for small hand-made cases. */
export function row(households: readonly number[], extra: Partial<Unit>[] = []): { units: Unit[]; edges: Edge[] } {
  const units = households.map((h, i) => ({
    code: `3210121000060${String(i + 1).padStart(4, '0')}`,
    households: h,
    residents: h * 3,
    x: i * 20,
    y: 0,
    compoundId: null,
    ...extra[i],
  }));
  const edges = units.slice(1).map((_, i) => ({ a: i, b: i + 1, sharedMetres: 10, crossesRoad: false }));
  return { units, edges };
}
