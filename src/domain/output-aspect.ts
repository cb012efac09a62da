/** The output frame shapes and fits (GraphQL enums `OutputAspect` and `OutputFit`). */

/** SOURCE keeps the shape of the source that contributes most; the others are 16:9, 9:16 and 1:1. */
export const OUTPUT_ASPECTS = ['SOURCE', 'LANDSCAPE', 'PORTRAIT', 'SQUARE'] as const;
/** An output aspect. */
export type OutputAspect = (typeof OUTPUT_ASPECTS)[number];

/** PAD: the whole picture, bars around it; CROP: the frame filled, the centre kept. */
export const OUTPUT_FITS = ['PAD', 'CROP'] as const;
/** An output fit. */
export type OutputFit = (typeof OUTPUT_FITS)[number];
