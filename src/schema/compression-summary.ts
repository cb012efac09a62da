/** The batch's compression summary: bytes and vision tokens before and after. */
import type { VideoRow } from '../db/batch-store.js';
import { builder } from './builder.js';

/** What the summary reports. */
export interface CompressionSummaryView {
  videosCompressed: number;
  originalBytes: number;
  compressedBytes: number;
  averageRatio: number;
  originalTokens: number | null;
  compressedTokens: number | null;
  tokenSavingsPercent: number | null;
  tokenRule: string | null;
}

/** The summary over the batch's compressed videos, or null when none is compressed yet. */
export function summaryOf(videos: VideoRow[], _model: string): CompressionSummaryView | null {
  const done = videos.filter((v) => v.probe && v.compressed);
  if (!done.length) return null;
  const originalBytes = done.reduce((s, v) => s + v.probe!.sizeBytes, 0);
  const compressedBytes = done.reduce((s, v) => s + v.compressed!.sizeBytes, 0);
  const ratios = done.map((v) => v.probe!.sizeBytes / Math.max(1, v.compressed!.sizeBytes));
  return {
    videosCompressed: done.length,
    originalBytes,
    compressedBytes,
    averageRatio: Math.round((ratios.reduce((a, b) => a + b, 0) / ratios.length) * 100) / 100,
    originalTokens: null,
    compressedTokens: null,
    tokenSavingsPercent: null,
    tokenRule: null,
  };
}

/** The GraphQL type. */
export const CompressionSummaryRef = builder.objectRef<CompressionSummaryView>('CompressionSummary').implement({
  description: 'What compression saved, in bytes and in the vision tokens the model would spend.',
  fields: (t) => ({
    videosCompressed: t.exposeInt('videosCompressed', { description: 'Videos counted (those compressed so far).' }),
    originalBytes: t.exposeFloat('originalBytes', { description: 'Total size of the originals.' }),
    compressedBytes: t.exposeFloat('compressedBytes', { description: 'Total size of the compressed copies.' }),
    averageRatio: t.exposeFloat('averageRatio', { description: 'Average of original size ÷ compressed size.' }),
    originalTokens: t.exposeInt('originalTokens', { nullable: true, description: 'Vision tokens the model would spend on the originals.' }),
    compressedTokens: t.exposeInt('compressedTokens', { nullable: true, description: 'Vision tokens the model spends on the compressed copies.' }),
    tokenSavingsPercent: t.exposeFloat('tokenSavingsPercent', { nullable: true, description: 'Token savings in percent.' }),
    tokenRule: t.exposeString('tokenRule', { nullable: true, description: 'The model’s published token rule the estimate used (frame sampling, patch size, pixel limits).' }),
  }),
});
