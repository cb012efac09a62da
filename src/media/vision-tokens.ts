/**
 * Video token estimate from the Qwen vision preprocessing (qwen-vl-utils
 * `vision_process.py`: `smart_nframes`, `smart_resize`, `fetch_video`) and the
 * Model Studio billing formula. Pure arithmetic; calibrate against the
 * `usage.prompt_tokens` the API returns.
 */

/** The constants of one model family's rule. */
export interface VisionTokenRule {
  name: string;
  /** Patch size × spatial merge: both frame sides become multiples of it. */
  factor: number;
  /** Frames sampled per second of video. */
  sampleFps: number;
  minFrames: number;
  maxFrames: number;
  /** Frames per temporal patch: pairs of frames share tokens. */
  frameFactor: number;
  /** Per-frame pixel bounds, in units of factor². */
  minPixelsFactor2: number;
  maxPixelsFactor2: number;
  /** Pixel budget of the whole video, in units of factor². */
  totalPixelsFactor2: number;
  /** vision_start and vision_end tokens around the video. */
  wrapperTokens: number;
}

/** Qwen2.5-VL (qwen-vl-plus, qwen-vl-max): factor 28, VIDEO_TOTAL_PIXELS = 24576·28². */
export const QWEN25_VL_RULE: VisionTokenRule = {
  name: 'qwen2.5-vl',
  factor: 28,
  sampleFps: 2,
  minFrames: 4,
  maxFrames: 768,
  frameFactor: 2,
  minPixelsFactor2: 128,
  maxPixelsFactor2: 768,
  totalPixelsFactor2: 24576,
  wrapperTokens: 2,
};

/** Qwen3-VL and the 2025-08 snapshots: factor 32, per-video budget 128000·32²·0.9. */
export const QWEN3_VL_RULE: VisionTokenRule = {
  ...QWEN25_VL_RULE,
  name: 'qwen3-vl',
  factor: 32,
  totalPixelsFactor2: 128000 * 0.9,
};

/** What is being estimated: a video's displayed size, length and (if known) frame rate. */
export interface VideoTokenInput {
  width: number;
  height: number;
  durationSeconds: number;
  /** The file's frame rate; caps the frame count (a 1 fps file has no 2 frames per second to give). */
  fps?: number | null;
}

/** The estimate and how it was reached. */
export interface VideoTokenEstimate {
  tokens: number;
  rule: {
    name: string;
    factor: number;
    sampleFps: number;
    frames: number;
    resizedWidth: number;
    resizedHeight: number;
    /** Tokens per temporal patch (a pair of frames). */
    tokensPerFramePair: number;
    /** One line for people, e.g. "qwen2.5-vl: 20 frames … → 7202 tokens". */
    description: string;
  };
}

/** Python's round(): halves go to the even neighbour (qwen-vl-utils runs in Python). */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const roundBy = (n: number, f: number) => pyRound(n / f) * f;
const ceilBy = (n: number, f: number) => Math.ceil(n / f) * f;
const floorBy = (n: number, f: number) => Math.floor(n / f) * f;

/** smart_resize: both sides multiples of `factor`, area within [minPixels, maxPixels], aspect kept. */
export function smartResize(
  height: number,
  width: number,
  factor: number,
  minPixels: number,
  maxPixels: number,
): { height: number; width: number } {
  let h = Math.max(factor, roundBy(height, factor));
  let w = Math.max(factor, roundBy(width, factor));
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, floorBy(height / beta, factor));
    w = Math.max(factor, floorBy(width / beta, factor));
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = ceilBy(height * beta, factor);
    w = ceilBy(width * beta, factor);
  }
  return { height: h, width: w };
}

/** Frames the model samples: 2 per second, even, within [minFrames, maxFrames], never more than the file has. */
export function sampledFrames(durationSeconds: number, fps: number | null | undefined, rule: VisionTokenRule = QWEN25_VL_RULE): number {
  const ff = rule.frameFactor;
  let n = Math.min(Math.max(roundBy(durationSeconds * rule.sampleFps, ff), rule.minFrames), rule.maxFrames);
  if (fps && fps > 0) {
    const total = Math.floor(durationSeconds * fps);
    n = Math.min(n, floorBy(total, ff));
  }
  // A temporal patch needs one pair at least.
  return Math.max(ff, n);
}

/** Estimates the prompt tokens a video costs the model, with the rule used. */
export function estimateVideoTokens(input: VideoTokenInput, rule: VisionTokenRule = QWEN25_VL_RULE): VideoTokenEstimate {
  const f = rule.factor;
  const frames = sampledFrames(input.durationSeconds, input.fps, rule);
  const minPixels = rule.minPixelsFactor2 * f * f;
  // fetch_video: max(min(VIDEO_MAX_PIXELS, total_pixels / nframes × FRAME_FACTOR), int(min_pixels × 1.05)).
  // The 1.05 floor keeps long videos from being squeezed below the per-frame minimum.
  const maxPixels = Math.max(
    Math.min(rule.maxPixelsFactor2 * f * f, ((rule.totalPixelsFactor2 * f * f) / frames) * rule.frameFactor),
    Math.floor(minPixels * 1.05),
  );
  const size = smartResize(input.height, input.width, f, minPixels, maxPixels);
  const perPair = (size.height / f) * (size.width / f);
  const tokens = Math.ceil(frames / rule.frameFactor) * perPair + rule.wrapperTokens;
  return {
    tokens,
    rule: {
      name: rule.name,
      factor: f,
      sampleFps: rule.sampleFps,
      frames,
      resizedWidth: size.width,
      resizedHeight: size.height,
      tokensPerFramePair: perPair,
      description:
        `${rule.name}: ${frames} frames at ${rule.sampleFps} fps, each resized to ${size.width}x${size.height} ` +
        `(factor ${f}), ${perPair} tokens per ${rule.frameFactor} frames + ${rule.wrapperTokens} → ${tokens} tokens`,
    },
  };
}
