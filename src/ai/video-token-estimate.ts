/** Our estimate of the video tokens one analysis request carries, for comparison with usage.prompt_tokens. */
import { estimateVideoTokens, QWEN25_VL_RULE, QWEN3_VL_RULE } from '../media/vision-tokens.js';
import type { VideoWork } from '../domain/types.js';
import { FRAME_MAX_SIDE } from './frames/frame-sampling.js';
import type { VideoInput } from './prompts/analysis-prompt.js';

/**
 * Tokens of the video part: for a URL, the compressed copy as the model will
 * sample it; for frames, the list as sent (longer side ≤ 448 px). Qwen3-VL
 * models use their own rule (factor 32); everything else the Qwen2.5-VL one.
 */
export function estimateRequestVideoTokens(model: string, video: VideoWork, input: VideoInput): number | null {
  const rule = /qwen3/i.test(model) ? QWEN3_VL_RULE : QWEN25_VL_RULE;
  const c = video.compressed;
  const width = c?.width ?? video.probe?.width;
  const height = c?.height ?? video.probe?.height;
  const duration = c?.durationSeconds ?? video.probe?.durationSeconds;
  if (!width || !height || !duration) return null;
  if (input.kind === 'url') return estimateVideoTokens({ width, height, durationSeconds: duration, fps: c?.fps ?? video.probe?.fps }, rule).tokens;
  const scale = Math.min(1, FRAME_MAX_SIDE / Math.max(width, height));
  // The frame list is what the model gets: as many frames as sent, at the sampling rule's 2 per second.
  const frames = input.dataUrls.length;
  return estimateVideoTokens({ width: Math.round(width * scale), height: Math.round(height * scale), durationSeconds: frames / rule.sampleFps, fps: rule.sampleFps }, rule).tokens;
}
