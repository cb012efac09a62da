/** The batch's compression summary: bytes and vision tokens before and after. */
import type { VideoRow } from '../db/batch-store.js';
import { summarizeCompression, type CompressionSummary, type TokenCounter } from '../media/compression-summary.js';
import { ANALYSIS_REQUESTS, defaultRequest, requestTokens } from '../ai/analysis-request.js';
import type { ConcreteProfile } from '../domain/statuses.js';
import { QWEN25_VL_RULE, QWEN3_VL_RULE } from '../media/vision-tokens.js';
import { builder } from './builder.js';
import { savedFraction } from './saved-fraction.js';

/** The summary over the batch's compressed videos, or null when none is compressed yet. */
export function summaryOf(videos: VideoRow[], model: string): CompressionSummary | null {
  const done = videos.flatMap((v) => (v.probe && v.compressed ? [{ probe: v.probe, compressed: v.compressed }] : []));
  if (!done.length) return null;
  // Qwen3-VL models patch at 32 px, Qwen2.5-VL ones (qwen-vl-plus/max) at 28.
  const rule = /qwen3/i.test(model) ? QWEN3_VL_RULE : QWEN25_VL_RULE;
  // The original at the model's default sampling, against the copy at the request's (ai/analysis-request.ts).
  const counter: TokenCounter = {
    original: ({ probe }) => requestTokens(probe, defaultRequest(rule), rule).tokens,
    compressed: ({ compressed }) => requestTokens(compressed, ANALYSIS_REQUESTS[(compressed as { profile?: ConcreteProfile }).profile ?? 'BALANCED'], rule).tokens,
    rule: `${rule.name} as the API samples: frames = duration × fps (even, 4–${rule.maxFrames}), each frame smart-resized (factor ${rule.factor}) to ≤ max_pixels, tokens = ceil(frames/2)·(H/${rule.factor})·(W/${rule.factor}) + 2; originals at 2 fps and ≤ ${rule.maxPixelsFactor2}·${rule.factor}² px, copies at their profile's fps and pixel budget`,
  };
  return summarizeCompression(done, rule, counter);
}

/** The GraphQL type. */
export const CompressionSummaryRef = builder.objectRef<CompressionSummary>('CompressionSummary').implement({
  description: 'What compression saved, in bytes and in the vision tokens the model would spend.',
  fields: (t) => ({
    videosCompressed: t.exposeInt('videos', { description: 'Videos counted (those compressed so far).' }),
    originalBytes: t.exposeFloat('originalBytes', { description: 'Total size of the originals.' }),
    compressedBytes: t.exposeFloat('compressedBytes', { description: 'Total size of the compressed copies.' }),
    averageRatio: t.exposeFloat('averageRatio', { description: 'Average size reduction factor: original bytes ÷ compressed bytes (8 means eight times smaller). For the fraction saved see `bytesSavedFraction`.' }),
    bytesSavedFraction: t.float({
      description: 'Fraction of bytes saved over all compressed videos, 0 to 1: 1 − compressedBytes ÷ originalBytes.',
      resolve: (s) => savedFraction(s.originalBytes, s.compressedBytes),
    }),
    originalTokens: t.exposeInt('originalTokens', { description: 'Vision tokens the model would spend on the originals.' }),
    compressedTokens: t.exposeInt('compressedTokens', { description: 'Vision tokens the model spends on the compressed copies.' }),
    tokenSavingsPercent: t.exposeFloat('tokenSavingsPercent', { description: 'Token savings in percent.' }),
    tokenRule: t.exposeString('rule', { description: 'The model’s published token rule the estimate used (frame sampling, patch size, pixel limits).' }),
  }),
});
