/** The batch's compression summary: bytes and vision tokens before and after. */
import type { VideoRow } from '../db/batch-store.js';
import { summarizeCompression, type CompressionSummary } from '../media/compression-summary.js';
import { QWEN25_VL_RULE, QWEN3_VL_RULE } from '../media/vision-tokens.js';
import { builder } from './builder.js';

/** The summary over the batch's compressed videos, or null when none is compressed yet. */
export function summaryOf(videos: VideoRow[], model: string): CompressionSummary | null {
  const done = videos.flatMap((v) => (v.probe && v.compressed ? [{ probe: v.probe, compressed: v.compressed }] : []));
  if (!done.length) return null;
  // Qwen3-VL models patch at 32 px, Qwen2.5-VL ones (qwen-vl-plus/max) at 28.
  return summarizeCompression(done, /qwen3/i.test(model) ? QWEN3_VL_RULE : QWEN25_VL_RULE);
}

/** The GraphQL type. */
export const CompressionSummaryRef = builder.objectRef<CompressionSummary>('CompressionSummary').implement({
  description: 'What compression saved, in bytes and in the vision tokens the model would spend.',
  fields: (t) => ({
    videosCompressed: t.exposeInt('videos', { description: 'Videos counted (those compressed so far).' }),
    originalBytes: t.exposeFloat('originalBytes', { description: 'Total size of the originals.' }),
    compressedBytes: t.exposeFloat('compressedBytes', { description: 'Total size of the compressed copies.' }),
    averageRatio: t.exposeFloat('averageRatio', { description: 'Average of original size ÷ compressed size.' }),
    originalTokens: t.exposeInt('originalTokens', { description: 'Vision tokens the model would spend on the originals.' }),
    compressedTokens: t.exposeInt('compressedTokens', { description: 'Vision tokens the model spends on the compressed copies.' }),
    tokenSavingsPercent: t.exposeFloat('tokenSavingsPercent', { description: 'Token savings in percent.' }),
    tokenRule: t.exposeString('rule', { description: 'The model’s published token rule the estimate used (frame sampling, patch size, pixel limits).' }),
  }),
});
