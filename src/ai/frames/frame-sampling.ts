/** How many frames to send a VL model for a video, and the ffmpeg argv that extracts them. */

/** Qwen-VL reads at most this many frames of one video. */
export const MAX_FRAMES = 768;
/** The rate the model assumes when no fps is given (frames 0.5 s apart). */
export const DEFAULT_FRAME_FPS = 2;
/**
 * Longer side of a sent frame, a multiple of the 28-pixel patch factor: at 768
 * frames of 448×252 a 10-minute video stays near 55k tokens, inside the 126K
 * input limit, while 2 fps of 640×360 would not (see notes/model-api.md).
 */
export const FRAME_MAX_SIDE = 448;

/**
 * The sampling rate and frame cap for a video: `wanted` fps (2 by default),
 * raised so that a short video still gives the model's 4 frames (at most 2
 * fps), lowered so that no more than 768 frames result.
 */
export function frameSampling(durationSeconds: number, wanted: number = DEFAULT_FRAME_FPS): { fps: number; maxFrames: number } {
  const d = Math.max(0.5, durationSeconds);
  let fps = Math.min(DEFAULT_FRAME_FPS, Math.max(wanted, Math.ceil((4 / d) * 1000) / 1000));
  // Floor to 0.001 so that duration × fps never rounds up past the cap.
  if (d * fps > MAX_FRAMES) fps = Math.floor((MAX_FRAMES / d) * 1000) / 1000;
  return { fps, maxFrames: MAX_FRAMES };
}

/**
 * ffmpeg argv (after the runner's global flags) that writes JPEG frames at
 * `fps`, longer side scaled down to `maxSide` (never up), to `outPattern`
 * (e.g. `dir/frame_%04d.jpg`), at most `maxFrames` of them, without audio.
 */
export function frameExtractArgs(input: {
  inputPath: string;
  outPattern: string;
  fps: number;
  maxFrames: number;
  maxSide?: number;
  /** An exact frame size (from the request's pixel budget); wins over maxSide. */
  size?: { width: number; height: number };
}): string[] {
  const side = input.maxSide ?? FRAME_MAX_SIDE;
  const scale = input.size
    ? `scale=${input.size.width}:${input.size.height}`
    : `scale='if(gte(iw,ih),min(${side},iw),-2)':'if(gte(iw,ih),-2,min(${side},ih))'`;
  return [
    '-i', input.inputPath,
    '-an', '-sn', '-dn',
    '-vf', `fps=${input.fps},${scale},format=yuvj420p`,
    '-frames:v', String(input.maxFrames),
    '-q:v', '6',
    '-f', 'image2',
    input.outPattern,
  ];
}
