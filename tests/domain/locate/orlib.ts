// OR-Library p-median instances (Beasley 1985): edge lists turned into the all-pairs shortest-path
// cost matrix every vertex pays to every other (each vertex is a demand of weight 1 and a site).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocateProblem } from '../../../server/src/domain/locate/problem';

export const ORLIB_PMED_DIR = process.env.ORLIB_PMED_DIR ?? path.resolve(process.cwd(), '../shared/data/orlib-pmed');

export interface OrlibInstance {
  name: string;
  n: number;
  p: number;
  /** Shortest-path distances, row-major n × n. */
  distance: Float64Array;
  /** Published optimal objective (pmedopt.txt). */
  optimum: number;
}

/** Reads pmedK: `n e p`, then e edges `i j c` (1-based; the last occurrence of a pair counts). */
export function readPmed(k: number, dir = ORLIB_PMED_DIR): OrlibInstance {
  const numbers = readFileSync(path.join(dir, `pmed${k}.txt`), 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  const [n, e, p] = numbers as [number, number, number];
  const distance = new Float64Array(n * n).fill(Infinity);
  for (let v = 0; v < n; v++) distance[v * n + v] = 0;
  for (let edge = 0; edge < e; edge++) {
    const [i, j, c] = numbers.slice(3 + 3 * edge, 6 + 3 * edge) as [number, number, number];
    if (i === j) continue;
    distance[(i - 1) * n + (j - 1)] = c;
    distance[(j - 1) * n + (i - 1)] = c;
  }
  for (let via = 0; via < n; via++) {
    for (let i = 0; i < n; i++) {
      const toVia = distance[i * n + via]!;
      if (toVia === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const through = toVia + distance[via * n + j]!;
        if (through < distance[i * n + j]!) distance[i * n + j] = through;
      }
    }
  }
  return { name: `pmed${k}`, n, p, distance, optimum: publishedOptima(dir).get(`pmed${k}`) ?? NaN };
}

function publishedOptima(dir: string): Map<string, number> {
  const lines = readFileSync(path.join(dir, 'pmedopt.txt'), 'utf8').split('\n');
  return new Map(
    lines
      .flatMap((line) => (/^pmed\d+\s+\d+/.test(line.trim()) ? [line.trim().split(/\s+/) as [string, string]] : []))
      .map(([name, value]) => [name, Number(value)]),
  );
}

/** The instance in the `gridplan locate` problem format. */
export function toLocateProblem(instance: OrlibInstance): LocateProblem {
  const { n, p, distance } = instance;
  const ids = Array.from({ length: n }, (_, v) => String(v + 1));
  return {
    problem: 'p-median',
    p,
    radius: undefined,
    demand: ids.map((id) => ({ id, weight: 1 })),
    sites: ids.map((id) => ({ id, fixed: false })),
    cost: Array.from({ length: n }, (_, i) => Array.from(distance.subarray(i * n, (i + 1) * n))),
  };
}
