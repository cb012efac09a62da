/** Token reports per video and per batch: the original's tokens, the request's, and what the API counted. */
import type { VideoRow } from '../db/batch-store.js';
import { builder } from './builder.js';
import { savedFraction } from './saved-fraction.js';
import { BatchRef, VideoRef } from './refs.js';

/** Sums over the VL analysis calls of one video or one batch. */
export interface TokenReport {
  calls: number;
  /** By the model's rule: the originals sent as they are, at the model's default sampling. */
  originalTokens: number;
  /** By the same rule: the requests actually sent (compressed copy, the profile's fps and pixel budget). */
  requestTokens: number;
  /** What the API reported as prompt_tokens (video plus prompt text). */
  promptTokens: number;
}

/** Adds up usage rows of VL_ANALYSIS. */
export function tokenReport(rows: ReadonlyArray<{ stage: string; promptTokens: number; estimatedVideoTokens: number | null; originalVideoTokens: number | null }>): TokenReport | null {
  const vl = rows.filter((r) => r.stage === 'VL_ANALYSIS');
  if (!vl.length) return null;
  return {
    calls: vl.length,
    originalTokens: vl.reduce((s, r) => s + (r.originalVideoTokens ?? 0), 0),
    requestTokens: vl.reduce((s, r) => s + (r.estimatedVideoTokens ?? 0), 0),
    promptTokens: vl.reduce((s, r) => s + r.promptTokens, 0),
  };
}

const TokenReportRef = builder.objectRef<TokenReport>('TokenReport').implement({
  description: 'Vision tokens of the analysis calls: what the originals would cost, what the requests cost (both by the model’s published rule), and what the API counted.',
  fields: (t) => ({
    calls: t.exposeInt('calls', { description: 'Analysis calls counted (a repair request is a call).' }),
    originalTokens: t.exposeInt('originalTokens', { description: 'By the model’s rule: video tokens if the originals had been sent as they are (2 fps, frames up to ~600k px).' }),
    requestTokens: t.exposeInt('requestTokens', { description: 'By the same rule: video tokens of the requests sent (compressed copy at the profile’s fps and pixel budget).' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'prompt_tokens as the API reported them (video plus instructions).' }),
    savedFraction: t.float({
      description: 'Fraction of video tokens saved, 0 to 1: 1 − requestTokens ÷ originalTokens (0.9 means 90 % fewer).',
      resolve: (r) => savedFraction(r.originalTokens, r.requestTokens),
    }),
  }),
});

builder.objectFields(VideoRef, (t) => ({
  tokenReport: t.field({
    type: TokenReportRef,
    nullable: true,
    description: 'Vision tokens of this video’s analysis; null until the model analysed it.',
    resolve: (v: VideoRow, _a, ctx) => tokenReport(ctx.batches.usage(v.batchId).filter((r) => r.videoIndex === v.index)),
  }),
}));

builder.objectFields(BatchRef, (t) => ({
  tokenReport: t.field({
    type: TokenReportRef,
    nullable: true,
    description: 'Vision tokens of every analysis of the batch; null until the model analysed a video.',
    resolve: (b, _a, ctx) => tokenReport(ctx.batches.usage(b.id)),
  }),
}));
