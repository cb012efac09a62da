/**
 * A clip's thumbnail strip: its geometry (bounded frame count and height) and
 * the one ffmpeg run that draws it, N frames evenly across the range tiled into
 * one JPEG. Pure; see thumbnail-strips.ts for where it runs and is kept.
 */

/** Bounds on what a client may ask for: a strip is at most 12 × 540 by 180 pixels. */
export const STRIP_LIMITS = {
  frames: { min: 2, max: 12, default: 6 },
  height: { min: 32, max: 180, default: 72 },
} as const;

/** The size of a strip and of each of its frames, in pixels. */
export interface StripGeometry {
  frames: number;
  frameWidth: number;
  frameHeight: number;
  width: number;
  height: number;
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/**
 * Frames keep the video's displayed aspect ratio (rotation applied), limited to
 * between 1:4 and 3:1 so an odd source cannot make a huge image; sizes are even.
 */
export function stripGeometry(video: { width: number; height: number }, frames: number, height: number): StripGeometry {
  const frameHeight = even(height);
  const aspect = video.width > 0 && video.height > 0 ? video.width / video.height : 16 / 9;
  const frameWidth = even(frameHeight * Math.min(3, Math.max(0.25, aspect)));
  return { frames, frameWidth, frameHeight, width: frameWidth * frames, height: frameHeight };
}

/** The times (seconds in the source) the frames show: the middle of each of N equal parts of the range. */
export function stripTimes(start: number, end: number, frames: number): number[] {
  const step = (end - start) / frames;
  return Array.from({ length: frames }, (_, k) => Math.round((start + (k + 0.5) * step) * 1000) / 1000);
}

/**
 * One ffmpeg run (the pool's runner adds the global flags): seek to the first frame's time, sample `frames` frames per
 * range length, scale, tile them in a row and write one JPEG. A range that
 * runs past the end of the input yields a strip whose last tiles are blank.
 */
export function stripArgs(input: { inputPath: string; start: number; end: number; output: string; geometry: StripGeometry }): string[] {
  const { frames, frameWidth, frameHeight } = input.geometry;
  const length = Math.max(0.001, input.end - input.start);
  const offset = length / frames / 2;
  const fmt = (n: number) => n.toFixed(3);
  return [
    '-ss', fmt(input.start + offset),
    '-i', input.inputPath,
    '-t', fmt(length - offset),
    '-an', '-sn', '-dn',
    '-vf', `fps=${frames}/${fmt(length)},scale=${frameWidth}:${frameHeight}:force_original_aspect_ratio=decrease,pad=${frameWidth}:${frameHeight}:(ow-iw)/2:(oh-ih)/2,tile=${frames}x1`,
    '-frames:v', '1',
    '-q:v', '5',
    '-f', 'image2',
    input.output,
  ];
}
