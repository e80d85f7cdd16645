// Codes are strings of digits: leading zeros matter and 15-17 digit codes do not survive a
// round trip through a JavaScript number, so nothing here accepts or returns one.

const COMMUNITY_DIGITS = 12;
const CELL_DIGITS = COMMUNITY_DIGITS + 3;
const BUILDING_DIGITS = COMMUNITY_DIGITS + 5;

const digits = (length: number) => new RegExp(`^[0-9]{${length}}$`);
const COMMUNITY = digits(COMMUNITY_DIGITS);
const CELL = digits(CELL_DIGITS);
const BUILDING = digits(BUILDING_DIGITS);

/** A 12-digit national statistical code of a community, e.g. "321012100006". */
export function isCommunityCode(value: unknown): value is string {
  return typeof value === 'string' && COMMUNITY.test(value);
}

/** Community code + 3-digit cell sequence, e.g. "321012100006001". */
export function isCellCode(value: unknown): value is string {
  return typeof value === 'string' && CELL.test(value);
}

/** Community code + 5-digit building sequence, e.g. "32101210000600042". */
export function isBuildingCode(value: unknown): value is string {
  return typeof value === 'string' && BUILDING.test(value);
}

function sequence(communityCode: string, seq: number, width: number): string {
  if (!isCommunityCode(communityCode)) throw new RangeError(`not a 12-digit community code: ${communityCode}`);
  if (!Number.isInteger(seq) || seq < 1 || seq >= 10 ** width) {
    throw new RangeError(`sequence ${seq} does not fit ${width} digits`);
  }
  return communityCode + String(seq).padStart(width, '0');
}

/** Building code: community code + 5-digit sequence (1-based). */
export function buildingCode(communityCode: string, seq: number): string {
  return sequence(communityCode, seq, BUILDING_DIGITS - COMMUNITY_DIGITS);
}

/** Cell code of cell number `n` of a community: community code + 3-digit number. */
export function cellCode(communityCode: string, n: number): string {
  return sequence(communityCode, n, CELL_DIGITS - COMMUNITY_DIGITS);
}

/** The number of a cell code within its community (its last three digits); null for anything else. */
export function cellNumberOf(code: string): number | null {
  if (!isCellCode(code)) return null;
  const n = Number(code.slice(COMMUNITY_DIGITS));
  return n >= 1 ? n : null;
}

/**
 * Cell codes in reading order of the map: bands from north to south, west to east within a
 * band. A band holds the centroids within half a band height below its northernmost member, so
 * a ragged row (cells of unequal size, slightly staggered) still reads as one row. The band
 * height defaults to the median distance from each centroid to its nearest neighbour, which
 * for a grid of cells is about one cell height. Returns codes in the order of `centroids`.
 */
export function cellCodes(communityCode: string, centroids: readonly { x: number; y: number }[], bandHeightMetres?: number): string[] {
  if (!isCommunityCode(communityCode)) throw new RangeError(`not a 12-digit community code: ${communityCode}`);
  if (centroids.length > 999) throw new RangeError(`${centroids.length} cells do not fit a 3-digit sequence`);
  const height = bandHeightMetres ?? medianNearestDistance(centroids);
  const northFirst = centroids.map((_, i) => i).sort((a, b) => centroids[b].y - centroids[a].y || centroids[a].x - centroids[b].x);
  const codes = new Array<string>(centroids.length);
  let seq = 1;
  for (let start = 0; start < northFirst.length;) {
    const top = centroids[northFirst[start]].y;
    let end = start;
    while (end < northFirst.length && top - centroids[northFirst[end]].y <= height / 2) end++;
    const band = northFirst.slice(start, end).sort((a, b) => centroids[a].x - centroids[b].x || centroids[b].y - centroids[a].y);
    for (const i of band) codes[i] = sequence(communityCode, seq++, CELL_DIGITS - COMMUNITY_DIGITS);
    start = end;
  }
  return codes;
}

function medianNearestDistance(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  // Quadratic, but a community has at most a few dozen cells.
  const nearest = points.map((p, i) => {
    let best = Infinity;
    points.forEach((q, j) => {
      if (j !== i) best = Math.min(best, Math.hypot(p.x - q.x, p.y - q.y));
    });
    return best;
  });
  nearest.sort((a, b) => a - b);
  return nearest[Math.floor(nearest.length / 2)];
}
