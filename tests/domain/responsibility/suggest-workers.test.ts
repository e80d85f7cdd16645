import { describe, expect, it } from 'vitest';
import {
  suggestWorkers,
  workersNeeded,
  type WorkerCandidate,
  type WorkerCell,
} from '../../../server/src/domain/responsibility/suggest-workers';
import { greedyWorkers } from '../../../server/src/domain/responsibility/greedy-workers';
import { distanceMetres } from '../../../server/src/domain/responsibility/distance';

// Cells along a line ~550 m apart at Jiangdu's latitude; candidates placed by offset in metres.
const BASE: [number, number] = [119.55, 32.43];
const at = (eastMetres: number, northMetres = 0): [number, number] => [BASE[0] + eastMetres / 94_000, BASE[1] + northMetres / 111_000];
const cell = (i: number, households: number, currentWorkers = 0): WorkerCell => ({
  cellCode: `3210121000060${String(i).padStart(2, '0')}`,
  households,
  center: at(i * 550),
  currentWorkers,
});
const person = (id: number, east: number, north = 0): WorkerCandidate => ({ personId: id, home: at(east, north) });

function workersPerCell(cells: WorkerCell[], proposals: { cellCode: string }[]) {
  return new Map(cells.map((c) => [c.cellCode, c.currentWorkers + proposals.filter((p) => p.cellCode === c.cellCode).length]));
}

describe('workersNeeded', () => {
  it('is the household count over the limit, rounded up, at least one', () => {
    expect(workersNeeded(0, 500)).toBe(1);
    expect(workersNeeded(500, 500)).toBe(1);
    expect(workersNeeded(501, 500)).toBe(2);
  });
});

describe('suggestWorkers', () => {
  it('gives every cell a worker when enough people exist, even if they all live by one cell', async () => {
    const cells = [cell(0, 1400), cell(1, 300), cell(2, 300), cell(3, 300)];
    const people = [person(1, 0), person(2, 10), person(3, 20), person(4, 30), person(5, 40)];
    const r = await suggestWorkers(cells, people, 500);
    expect(r.status).toBe('optimal');
    const per = workersPerCell(cells, r.proposals);
    for (const c of cells) expect(per.get(c.cellCode)).toBeGreaterThanOrEqual(1);
    expect(new Set(r.proposals.map((p) => p.personId)).size).toBe(r.proposals.length);
    // Cell 0 needs 3 but only 2 people are left after covering the other three cells.
    expect(r.unfilled).toEqual([{ cellCode: cells[0].cellCode, missing: 1, noWorker: false }]);
  });

  it('keeps every cell within the household limit when the people suffice', async () => {
    const cells = [cell(0, 1200), cell(1, 480), cell(2, 990, 1), cell(3, 450, 1)];
    const need = cells.reduce((s, c) => s + Math.max(0, workersNeeded(c.households, 500) - c.currentWorkers), 0);
    expect(need).toBe(3 + 1 + 1 + 0);
    const people = Array.from({ length: need + 2 }, (_, i) => person(i + 1, (i * 397) % 1700, (i * 131) % 300));
    const r = await suggestWorkers(cells, people, 500);
    expect(r.unfilled).toEqual([]);
    const per = workersPerCell(cells, r.proposals);
    for (const c of cells) expect(c.households / per.get(c.cellCode)!).toBeLessThanOrEqual(500);
    expect(r.proposals.some((p) => p.cellCode === cells[3].cellCode)).toBe(false);
  });

  it('finds the least total distance on a small instance (checked against every assignment)', async () => {
    const cells = [cell(0, 300), cell(1, 300), cell(2, 300)];
    const people = [person(1, 500), person(2, 560), person(3, 1150), person(4, -40)];
    const r = await suggestWorkers(cells, people, 500);
    const total = r.proposals.reduce((s, p) => s + p.distanceMetres, 0);
    let best = Infinity;
    for (const a of people)
      for (const b of people)
        for (const c of people) {
          if (new Set([a, b, c]).size < 3) continue;
          const d = [a, b, c].reduce((s, p, i) => s + distanceMetres(p.home!, cells[i].center), 0);
          best = Math.min(best, d);
        }
    expect(Math.abs(total - best)).toBeLessThan(3);
  });

  it('reports the cells it cannot staff when people run out', async () => {
    const cells = [cell(0, 300), cell(1, 300), cell(2, 300)];
    const r = await suggestWorkers(cells, [person(1, 1100)], 500);
    expect(r.proposals).toEqual([expect.objectContaining({ cellCode: cells[2].cellCode, personId: 1 })]);
    expect(r.unfilled.map((u) => u.noWorker)).toEqual([true, true]);
  });
});

describe('greedyWorkers (fallback)', () => {
  it('covers every cell when candidates outnumber the uncovered cells', () => {
    const cells = [cell(0, 1400), cell(1, 300), cell(2, 300), cell(3, 300)];
    const people = [person(1, 0), person(2, 10), person(3, 20), person(4, 30)];
    const r = greedyWorkers(cells, people, 500);
    const per = workersPerCell(cells, r.proposals);
    for (const c of cells) expect(per.get(c.cellCode)).toBe(1);
    expect(r.unfilled).toEqual([{ cellCode: cells[0].cellCode, missing: 2, noWorker: false }]);
  });
});
