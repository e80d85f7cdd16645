// Communities are blocks of the road lattice. When the lattice has more blocks than
// communities, a few pairs of neighbouring blocks form one community (the road between them
// then runs through it, as in real towns). Rings are built from the shared lattice edges.
import type { Prng } from './prng';
import { blockQuad, blockRowRing, verticalEdgeMiddle, type Lattice } from './roads';
import type { Quad, XY } from './geo';
import type { Division } from './divisions';
import { LANE_NAMES } from './names';

export interface Lane {
  name: string;
  from: XY;
  to: XY;
}

export interface Block {
  i: number;
  j: number;
  quad: Quad;
  /** An east–west lane through the middle of the block, or none. */
  lane: Lane | null;
}

export interface CommunityPlan {
  code: string;
  name: string;
  blocks: Block[];
  /** Open ring in metres, counter-clockwise. */
  ring: XY[];
}

/** Lattice size for `count` communities: near-square, never more than `cols - 1` spare blocks. */
export function latticeSize(count: number): { cols: number; rows: number } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(count)));
  return { cols, rows: Math.ceil(count / cols) };
}

/** Which blocks pair up: pairs start on even columns, so pairs never collide. */
function chooseMerges(rng: Prng, l: Lattice, merges: number): Set<string> {
  const candidates: string[] = [];
  for (let j = 0; j < l.rows; j++) for (let i = 0; i + 1 < l.cols; i += 2) candidates.push(`${i},${j}`);
  if (candidates.length < merges) throw new Error(`cannot merge ${merges} block pairs in a ${l.cols}x${l.rows} lattice`);
  return new Set(rng.shuffle(candidates).slice(0, merges));
}

function makeBlock(rng: Prng, l: Lattice, i: number, j: number, usedLaneNames: Set<string>): Block {
  let lane: Lane | null = null;
  if (rng.chance(0.5)) {
    let name = rng.pick(LANE_NAMES);
    // Lane names repeat only when a large benchmark town runs out of them.
    for (let tries = 0; usedLaneNames.has(name) && tries < 5; tries++) name = rng.pick(LANE_NAMES);
    usedLaneNames.add(name);
    lane = { name, from: verticalEdgeMiddle(l, i, j), to: verticalEdgeMiddle(l, i + 1, j) };
  }
  return { i, j, quad: blockQuad(l, i, j), lane };
}

/** Assigns divisions to blocks in reading order (north row first, west to east). */
export function planCommunities(rng: Prng, l: Lattice, divisions: readonly Division[]): CommunityPlan[] {
  const merges = chooseMerges(rng, l, l.cols * l.rows - divisions.length);
  const usedLaneNames = new Set<string>();
  const plans: CommunityPlan[] = [];
  for (let j = l.rows - 1; j >= 0; j--) {
    for (let i = 0; i < l.cols; i++) {
      const division = divisions[plans.length];
      const merged = merges.has(`${i},${j}`);
      const blocks = [makeBlock(rng, l, i, j, usedLaneNames)];
      if (merged) blocks.push(makeBlock(rng, l, i + 1, j, usedLaneNames));
      plans.push({ code: division.code, name: division.name, blocks, ring: blockRowRing(l, i, merged ? i + 1 : i, j) });
      if (merged) i++;
    }
  }
  if (plans.length !== divisions.length) throw new Error(`planned ${plans.length} communities for ${divisions.length}`);
  return plans;
}
