/** A screen-space box: [left, top, right, bottom] in CSS pixels. */
export type ScreenBox = [number, number, number, number];

/**
 * Keep items whose boxes do not overlap an already kept one, in the given (priority) order.
 * Quadratic, which is fine for the few dozen labels a view shows.
 */
export function declutter<T>(candidates: { box: ScreenBox; item: T }[], marginPixels = 4): T[] {
  const kept: ScreenBox[] = [];
  const result: T[] = [];
  for (const { box, item } of candidates) {
    const [l, t, r, b] = [box[0] - marginPixels, box[1] - marginPixels, box[2] + marginPixels, box[3] + marginPixels];
    if (kept.some(([kl, kt, kr, kb]) => l < kr && r > kl && t < kb && b > kt)) continue;
    kept.push(box);
    result.push(item);
  }
  return result;
}

/** Rough size of a label from its text: CJK glyphs are about one em wide, Latin about half. */
export function estimateLabelSize(text: string, sub: string | undefined, fontPixels: number): [number, number] {
  const width = (s: string) => [...s].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.58), 0) * fontPixels;
  const subWidth = sub ? width(sub) * 0.85 : 0;
  return [Math.max(width(text), subWidth) + 6, sub ? fontPixels * 2.3 : fontPixels * 1.3];
}
