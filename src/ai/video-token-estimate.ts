/** Our estimate of the video tokens one analysis request carries, and of what the original would have cost. */
import { resolveProfile } from '../media/profiles.js';
import type { VideoWork } from '../domain/types.js';
import { ANALYSIS_REQUESTS, defaultRequest, requestTokens, ruleOf, type AnalysisRequest } from './analysis-request.js';
import type { VideoInput } from './prompts/analysis-prompt.js';

/** The request sampling for a video: its compressed copy's profile (DYNAMIC resolved by duration). */
export function requestForVideo(video: VideoWork): AnalysisRequest {
  const profile = video.compressed?.profile ?? resolveProfile(video.compressionProfile, video.probe?.durationSeconds ?? 0);
  return ANALYSIS_REQUESTS[profile];
}

/**
 * Tokens of the video part by the model's rule (analysis-request.ts): for a
 * URL, the compressed copy sampled as the request asks; for frames, the list
 * as sent. Null when the video's size is unknown.
 */
export function estimateRequestVideoTokens(model: string, video: VideoWork, input: VideoInput): number | null {
  const rule = ruleOf(model);
  const c = video.compressed;
  const width = c?.width ?? video.probe?.width;
  const height = c?.height ?? video.probe?.height;
  const duration = c?.durationSeconds ?? video.probe?.durationSeconds;
  if (!width || !height || !duration) return null;
  if (input.kind === 'url') return requestTokens({ width, height, durationSeconds: duration, fps: c?.fps ?? video.probe?.fps }, input.request ?? defaultRequest(rule), rule).tokens;
  // The frame list is what the model gets: as many frames as sent, each at most maxPixels.
  const frames = input.dataUrls.length;
  return requestTokens({ width, height, durationSeconds: frames / input.fps, fps: input.fps }, { fps: input.fps, maxPixels: input.maxPixels ?? defaultRequest(rule).maxPixels }, rule).tokens;
}

/** What the original file would cost if it were sent as it is, with no sampling asked for. */
export function originalVideoTokens(model: string, video: VideoWork): number | null {
  const p = video.probe;
  if (!p?.width || !p.height || !p.durationSeconds) return null;
  const rule = ruleOf(model);
  return requestTokens({ width: p.width, height: p.height, durationSeconds: p.durationSeconds, fps: p.fps }, defaultRequest(rule), rule).tokens;
}
