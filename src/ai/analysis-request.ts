/**
 * What one analysis request asks the model to sample, per compression
 * profile, and what that costs by the model's token rule.
 *
 * Qwen-VL samples 2 frames a second, merges frame pairs, and shrinks any
 * frame above ~600k pixels (768·28²) before it counts. So a 720p or 1080p
 * copy costs exactly what the 1080p original costs; only fewer frames and
 * smaller frames save tokens. The request therefore sets both: `fps` (frames
 * the model samples per second) and `max_pixels` (the per-frame budget), per
 * profile, so each profile saves what its name promises and a 10-minute video
 * stays under the model's 126K input limit (docs/token-savings.md).
 */
import type { ConcreteProfile } from '../domain/statuses.js';
import { smartResize, type VisionTokenRule, QWEN25_VL_RULE, QWEN3_VL_RULE } from '../media/vision-tokens.js';

/** The sampling a request asks for. */
export interface AnalysisRequest {
  /** Frames the model samples per second of video. */
  fps: number;
  /** Largest frame the model keeps, in pixels (larger frames are shrunk first). */
  maxPixels: number;
}

/** The model's input limit, in tokens (qwen-vl-plus: 126K of a 128K context). */
export const MODEL_INPUT_LIMIT_TOKENS = 126_000;

/** Per profile: CONSERVATIVE keeps 1 fps at 640×360-class frames, BALANCED halves the frames, AGGRESSIVE also shrinks them to the model's minimum. */
export const ANALYSIS_REQUESTS: Readonly<Record<ConcreteProfile, AnalysisRequest>> = {
  CONSERVATIVE: { fps: 1, maxPixels: 230_400 },
  BALANCED: { fps: 0.5, maxPixels: 230_400 },
  AGGRESSIVE: { fps: 0.5, maxPixels: 128 * 28 * 28 },
};

/** What the model samples when a request says nothing: 2 fps, frames up to 768·f² pixels. */
export function defaultRequest(rule: VisionTokenRule = QWEN25_VL_RULE): AnalysisRequest {
  return { fps: rule.sampleFps, maxPixels: rule.maxPixelsFactor2 * rule.factor * rule.factor };
}

/** The rule of a model: Qwen3-VL patches at 32 px, Qwen2.5-VL (qwen-vl-plus/max) at 28. */
export function ruleOf(model: string): VisionTokenRule {
  return /qwen3/i.test(model) ? QWEN3_VL_RULE : QWEN25_VL_RULE;
}

/** A video as the token count needs it. */
export interface TokenVideo {
  width: number;
  height: number;
  durationSeconds: number;
  /** The file's frame rate: the model cannot sample more frames than the file has. */
  fps?: number | null;
}

/** Tokens and how they were reached. */
export interface RequestTokens {
  tokens: number;
  frames: number;
  frameWidth: number;
  frameHeight: number;
  /** One line for people. */
  basis: string;
}

/**
 * Video tokens of one request by the model's rule: frames = duration × fps
 * (even, at least 4, at most 768, at most the file's frames), each frame
 * resized (smart_resize) into [128·f², maxPixels], tokens = ceil(frames/2) ×
 * (H/f) × (W/f) + 2. No per-video budget: the API samples the whole video.
 */
export function requestTokens(video: TokenVideo, request: AnalysisRequest, rule: VisionTokenRule = QWEN25_VL_RULE): RequestTokens {
  const f = rule.factor;
  const ff = rule.frameFactor;
  let frames = Math.min(Math.max(ff * Math.round((video.durationSeconds * request.fps) / ff), rule.minFrames), rule.maxFrames);
  if (video.fps && video.fps > 0) frames = Math.min(frames, ff * Math.floor(Math.floor(video.durationSeconds * video.fps) / ff));
  frames = Math.max(ff, frames);
  const minPixels = rule.minPixelsFactor2 * f * f;
  const maxPixels = Math.max(minPixels, Math.min(request.maxPixels, rule.maxPixelsFactor2 * f * f));
  const size = smartResize(video.height, video.width, f, minPixels, maxPixels);
  const perPair = (size.height / f) * (size.width / f);
  const tokens = Math.ceil(frames / ff) * perPair + rule.wrapperTokens;
  return {
    tokens,
    frames,
    frameWidth: size.width,
    frameHeight: size.height,
    basis: `${rule.name}: ${frames} frames at ${request.fps} fps, each ${size.width}x${size.height} (≤ ${maxPixels} px, factor ${f}), ${perPair} tokens per ${ff} frames + ${rule.wrapperTokens} → ${tokens}`,
  };
}

/** The frame size (even sides) that fits `maxPixels`, keeping the aspect ratio, never upscaling. */
export function frameSizeFor(width: number, height: number, maxPixels: number): { width: number; height: number } {
  const scale = Math.min(1, Math.sqrt(maxPixels / (width * height)));
  const even = (n: number) => Math.max(2, 2 * Math.floor(n / 2));
  return { width: even(width * scale), height: even(height * scale) };
}
