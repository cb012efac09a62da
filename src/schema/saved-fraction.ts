/** The fraction a copy saved, as the schema reports it. */
/** 1 − kept ÷ original, rounded to four places; 0 when there is no original. */
export function savedFraction(original: number, kept: number): number {
  return original > 0 ? Math.round((1 - kept / original) * 1e4) / 1e4 : 0;
}
