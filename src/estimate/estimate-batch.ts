/**
 * The cost of a batch before it runs (pure): tokens and ¥ per model call, per
 * video and in total, with the compression profile's request and with the
 * originals sent as they are, plus temporary storage and speech recognition.
 */
import { ANALYSIS_REQUESTS, defaultRequest, requestTokens, ruleOf } from '../ai/analysis-request.js';
import { tokenCost } from '../ai/usage-entry.js';
import type { ModelPrice } from '../config.js';
import { PROFILES } from '../media/profiles.js';
import type { ConcreteProfile } from '../domain/statuses.js';
import type { CostConfig } from './cost-config.js';
import type { BatchEstimate, CallEstimate, VideoEstimate } from './types.js';

/** Tokens of an analysis request besides the video: instructions, duration, JSON shape (measured on our prompt: ~450). */
export const ANALYSIS_TEXT_TOKENS = 500;
/** Tokens an analysis answer takes: description, ~10 highlights, scenes, tags. */
export const ANALYSIS_COMPLETION_TOKENS = 800;
/** Tokens of the plan request's instructions. */
export const PLAN_BASE_TOKENS = 600;
/** Tokens of one video's block in the plan request (description, highlights, scenes). */
export const PLAN_TOKENS_PER_VIDEO = 700;
/** Tokens of a plan answer. */
export const PLAN_COMPLETION_TOKENS = 800;
/** Seconds in the "month" of a GB-month price. */
const MONTH_SECONDS = 30 * 86_400;

/** A source as the estimate needs it (probed, or guessed from its size with `basis` saying so), or why it could not be counted. */
export type EstimateSource =
  | { index: number; profile: ConcreteProfile; width: number; height: number; durationSeconds: number; fps: number; hasAudio: boolean; sizeBytes: number; basis?: string }
  | { index: number; unknown: string };

/** What the estimate is asked about. */
export interface EstimateInput {
  sources: EstimateSource[];
  enableVlAnalysis: boolean;
  enableAsr: boolean;
  tempUrlExpirySeconds: number;
}

/** The models and prices. */
export interface EstimatePricing {
  /** False: the offline analyzer and planner, no model call. */
  modelCalls: boolean;
  vlModel: string;
  textModel: string;
  prices: Record<string, ModelPrice>;
  costs: CostConfig;
  /** Temporary storage is paid only on OSS. */
  storageDriver: 'local' | 'oss';
}

/** ¥ to 1e-8: per-call amounts are fractions of a fen. */
const yuan = (n: number): number => Math.round(n * 1e8) / 1e8;

/**
 * Computes the estimate (see the constants for what it assumes).
 * Long because every call's line and the totals are summed in one pass over the videos, in the order a reader checks them.
 */
export function estimateBatch(input: EstimateInput, pricing: EstimatePricing): BatchEstimate {
  const rule = ruleOf(pricing.vlModel);
  const known = input.sources.filter((s): s is Extract<EstimateSource, { profile: ConcreteProfile }> => !('unknown' in s));
  const notes = input.sources.flatMap((s) => ('unknown' in s ? [`video ${s.index} is not counted: ${s.unknown}`] : s.basis ? [s.basis] : []));
  const calls: CallEstimate[] = [];
  const videos: VideoEstimate[] = [];
  const vl = pricing.modelCalls && input.enableVlAnalysis;
  if (!vl) notes.push('no model calls: the offline analyzer and planner are free');
  let storageBytes = 0;
  let originalBytes = 0;
  for (const s of known) {
    const p = PROFILES[s.profile];
    const copy = { width: Math.min(s.width, Math.round((s.width * p.maxShortSide) / Math.min(s.width, s.height))), height: Math.min(s.height, Math.round((s.height * p.maxShortSide) / Math.min(s.width, s.height))) };
    const compressedBytes = Math.round((((p.videoBitrateKbps + (s.hasAudio ? p.audioBitrateKbps : 0)) * 1000) / 8) * s.durationSeconds);
    storageBytes += compressedBytes;
    originalBytes += s.sizeBytes;
    const sent = requestTokens({ ...copy, durationSeconds: s.durationSeconds, fps: Math.min(p.fps, s.fps) }, ANALYSIS_REQUESTS[s.profile], rule);
    const orig = requestTokens({ width: s.width, height: s.height, durationSeconds: s.durationSeconds, fps: s.fps }, defaultRequest(rule), rule);
    const price = pricing.prices[pricing.vlModel];
    const video: VideoEstimate = { index: s.index, durationSeconds: s.durationSeconds, width: s.width, height: s.height, profile: s.profile, promptTokens: 0, promptTokensUncompressed: 0, cost: 0, costUncompressed: 0, compressedBytes };
    if (vl) {
      const call: CallEstimate = {
        stage: 'VL_ANALYSIS',
        model: pricing.vlModel,
        videoIndex: s.index,
        promptTokens: sent.tokens + ANALYSIS_TEXT_TOKENS,
        promptTokensUncompressed: orig.tokens + ANALYSIS_TEXT_TOKENS,
        completionTokens: ANALYSIS_COMPLETION_TOKENS,
        cost: yuan(tokenCost(sent.tokens + ANALYSIS_TEXT_TOKENS, ANALYSIS_COMPLETION_TOKENS, price)),
        costUncompressed: yuan(tokenCost(orig.tokens + ANALYSIS_TEXT_TOKENS, ANALYSIS_COMPLETION_TOKENS, price)),
        audioSeconds: 0,
        basis: `${sent.basis} (+${ANALYSIS_TEXT_TOKENS} text); original: ${orig.basis}`,
      };
      calls.push(call);
      Object.assign(video, { promptTokens: call.promptTokens, promptTokensUncompressed: call.promptTokensUncompressed, cost: call.cost, costUncompressed: call.costUncompressed });
    }
    if (input.enableAsr && s.hasAudio) {
      const asrCost = yuan((s.durationSeconds / 3600) * pricing.costs.asrPerHour);
      calls.push({ stage: 'ASR', model: 'asr', videoIndex: s.index, promptTokens: 0, promptTokensUncompressed: 0, completionTokens: 0, cost: asrCost, costUncompressed: asrCost, audioSeconds: s.durationSeconds, basis: `${s.durationSeconds.toFixed(1)} s of audio at ¥${pricing.costs.asrPerHour}/hour` });
      video.cost = yuan(video.cost + asrCost);
      video.costUncompressed = yuan(video.costUncompressed + asrCost);
    }
    videos.push(video);
  }
  if (vl && known.length) {
    const prompt = PLAN_BASE_TOKENS + PLAN_TOKENS_PER_VIDEO * known.length;
    const cost = yuan(tokenCost(prompt, PLAN_COMPLETION_TOKENS, pricing.prices[pricing.textModel]));
    calls.push({ stage: 'PLAN_GENERATION', model: pricing.textModel, videoIndex: null, promptTokens: prompt, promptTokensUncompressed: prompt, completionTokens: PLAN_COMPLETION_TOKENS, cost, costUncompressed: cost, audioSeconds: 0, basis: `${PLAN_BASE_TOKENS} + ${PLAN_TOKENS_PER_VIDEO} per video` });
  }
  const storageSeconds = input.tempUrlExpirySeconds;
  const gbMonthPrice = pricing.storageDriver === 'oss' ? pricing.costs.ossPerGbMonth : 0;
  if (pricing.storageDriver === 'local') notes.push('temporary copies stay on local storage: no storage charge');
  const storageCost = yuan((storageBytes / 1e9) * (storageSeconds / MONTH_SECONDS) * gbMonthPrice);
  // Without compression the originals themselves sit in temporary storage for the model to fetch.
  const storageCostUncompressed = yuan((originalBytes / 1e9) * (storageSeconds / MONTH_SECONDS) * gbMonthPrice);
  const sum = (f: (c: CallEstimate) => number) => calls.reduce((s, c) => s + f(c), 0);
  const modelCost = yuan(sum((c) => c.cost));
  const modelCostUncompressed = yuan(sum((c) => c.costUncompressed));
  return {
    currency: 'CNY',
    calls,
    videos,
    promptTokens: sum((c) => c.promptTokens),
    promptTokensUncompressed: sum((c) => c.promptTokensUncompressed),
    completionTokens: sum((c) => c.completionTokens),
    modelCost,
    modelCostUncompressed,
    storageBytes,
    storageSeconds,
    storageCost,
    totalCost: yuan(modelCost + storageCost),
    storageCostUncompressed,
    totalCostUncompressed: yuan(modelCostUncompressed + storageCostUncompressed),
    pricesAsOf: pricing.costs.pricesAsOf,
    notes,
  };
}
