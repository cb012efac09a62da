/** Output frame shapes for where the video goes (a 9:16 reel, a square post) and how sources fill them. */

import type { OutputAspect } from '../domain/output-aspect.js';

export { OUTPUT_ASPECTS, OUTPUT_FITS, type OutputAspect, type OutputFit } from '../domain/output-aspect.js';

/** Width ÷ height of each fixed aspect. */
const RATIO: Record<Exclude<OutputAspect, 'SOURCE'>, { w: number; h: number }> = {
  LANDSCAPE: { w: 16, h: 9 },
  PORTRAIT: { w: 9, h: 16 },
  SQUARE: { w: 1, h: 1 },
};

const even = (n: number): number => Math.max(2, 2 * Math.round(n / 2));

/**
 * The frame size of a fixed aspect whose shorter side is `shortSide` (rounded
 * to even): PORTRAIT with 1080 → 1080×1920, LANDSCAPE → 1920×1080, SQUARE →
 * 1080×1080. Null for SOURCE (the caller keeps its own rule).
 */
export function aspectFrame(aspect: OutputAspect | undefined, shortSide: number): { width: number; height: number } | null {
  if (!aspect || aspect === 'SOURCE') return null;
  const r = RATIO[aspect];
  const short = even(shortSide);
  if (r.w === r.h) return { width: short, height: short };
  const long = even((short * Math.max(r.w, r.h)) / Math.min(r.w, r.h));
  return r.w > r.h ? { width: long, height: short } : { width: short, height: long };
}
