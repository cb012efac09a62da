/** Output frame shapes for where the video goes (a 9:16 reel, a square post) and how sources fill them. */

/** The closed list of output aspects (GraphQL enum `OutputAspect`). */
export const OUTPUT_ASPECTS = ['SOURCE', 'LANDSCAPE', 'PORTRAIT', 'SQUARE'] as const;
/** SOURCE keeps the shape of the source that contributes most; the others are 16:9, 9:16 and 1:1. */
export type OutputAspect = (typeof OUTPUT_ASPECTS)[number];

/** The closed list of fits (GraphQL enum `OutputFit`). */
export const OUTPUT_FITS = ['PAD', 'CROP'] as const;
/** PAD: the whole picture, bars around it; CROP: the frame filled, the centre kept. */
export type OutputFit = (typeof OUTPUT_FITS)[number];

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
