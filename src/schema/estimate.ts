/** The cost estimate: the estimateBatch query, and the estimate and actual cost on a batch. */
import type { CallEstimate, BatchEstimate, VideoEstimate } from '../estimate/types.js';
import { InputError, InvalidStateError } from '../domain/action-errors.js';
import { CreateBatchInput } from './batch-inputs.js';
import { builder } from './builder.js';
import { BatchRef } from './refs.js';

const CallEstimateRef = builder.objectRef<CallEstimate>('CallEstimate').implement({
  description: 'One model call (or transcription) the batch is expected to make.',
  fields: (t) => ({
    stage: t.exposeString('stage', { description: 'VL_ANALYSIS, PLAN_GENERATION or ASR.' }),
    model: t.exposeString('model', { description: 'The model asked.' }),
    videoIndex: t.exposeInt('videoIndex', { nullable: true, description: 'The video it is about; null for the plan.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Expected input tokens with compression (the profile’s request).' }),
    promptTokensUncompressed: t.exposeInt('promptTokensUncompressed', { description: 'Expected input tokens if the original were sent as it is.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Expected output tokens.' }),
    cost: t.exposeFloat('cost', { description: 'Expected ¥ with compression.' }),
    costUncompressed: t.exposeFloat('costUncompressed', { description: 'Expected ¥ without compression.' }),
    audioSeconds: t.exposeFloat('audioSeconds', { description: 'Seconds of audio transcribed (ASR), else 0.' }),
    basis: t.exposeString('basis', { description: 'How the numbers were reached.' }),
  }),
});

const VideoEstimateRef = builder.objectRef<VideoEstimate>('VideoEstimate').implement({
  description: 'What one source video is expected to cost.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in `sources`.' }),
    durationSeconds: t.exposeFloat('durationSeconds', { description: 'Probed length.' }),
    width: t.exposeInt('width', { description: 'Probed width.' }),
    height: t.exposeInt('height', { description: 'Probed height.' }),
    profile: t.exposeString('profile', { description: 'The concrete compression profile (DYNAMIC resolved).' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Expected analysis input tokens with compression.' }),
    promptTokensUncompressed: t.exposeInt('promptTokensUncompressed', { description: 'The same without compression.' }),
    cost: t.exposeFloat('cost', { description: 'Expected ¥ (analysis and transcription) with compression.' }),
    costUncompressed: t.exposeFloat('costUncompressed', { description: 'The same without compression.' }),
    compressedBytes: t.exposeFloat('compressedBytes', { description: 'Expected size of the compressed copy (bitrate ceilings × duration).' }),
  }),
});

/** The GraphQL type of an estimate. */
export const BatchEstimateRef = builder.objectRef<BatchEstimate>('BatchEstimate').implement({
  description: 'Expected tokens and ¥ of a batch, per call, per video and in total, with and without compression, plus temporary storage.',
  fields: (t) => ({
    currency: t.exposeString('currency', { description: 'CNY (¥).' }),
    calls: t.field({ type: [CallEstimateRef], resolve: (e) => e.calls, description: 'Every expected call.' }),
    videos: t.field({ type: [VideoEstimateRef], resolve: (e) => e.videos, description: 'Per source video (those that could be probed).' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'All expected input tokens with compression.' }),
    promptTokensUncompressed: t.exposeInt('promptTokensUncompressed', { description: 'All expected input tokens without compression.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'All expected output tokens.' }),
    modelCost: t.exposeFloat('modelCost', { description: '¥ of the model calls and transcription with compression.' }),
    modelCostUncompressed: t.exposeFloat('modelCostUncompressed', { description: 'The same without compression.' }),
    storageBytes: t.exposeFloat('storageBytes', { description: 'Bytes kept in temporary storage (the compressed copies).' }),
    storageSeconds: t.exposeInt('storageSeconds', { description: 'How long they are kept (tempUrlExpirySeconds).' }),
    storageCost: t.exposeFloat('storageCost', { description: '¥ of temporary storage (0 on local storage).' }),
    storageCostUncompressed: t.exposeFloat('storageCostUncompressed', { description: '¥ of temporary storage if the originals were uploaded instead.' }),
    totalCost: t.exposeFloat('totalCost', { description: 'modelCost + storageCost.' }),
    totalCostUncompressed: t.exposeFloat('totalCostUncompressed', { description: 'modelCostUncompressed + storageCostUncompressed.' }),
    pricesAsOf: t.exposeString('pricesAsOf', { description: 'When the default prices were checked (or "configured").' }),
    notes: t.exposeStringList('notes', { description: 'What the estimate leaves out or assumes.' }),
  }),
});

const CostComparisonRef = builder.objectRef<{ estimate: BatchEstimate | null; promptTokens: number; completionTokens: number; cost: number }>('CostComparison').implement({
  description: 'The estimate made at creation beside what the model calls actually cost (from usage).',
  fields: (t) => ({
    estimatedPromptTokens: t.int({ nullable: true, resolve: (c) => c.estimate?.promptTokens ?? null, description: 'Input tokens expected at creation; null without an estimate.' }),
    actualPromptTokens: t.exposeInt('promptTokens', { description: 'Input tokens the API reported so far.' }),
    estimatedCompletionTokens: t.int({ nullable: true, resolve: (c) => c.estimate?.completionTokens ?? null, description: 'Output tokens expected at creation.' }),
    actualCompletionTokens: t.exposeInt('completionTokens', { description: 'Output tokens the API reported so far.' }),
    estimatedModelCost: t.float({ nullable: true, resolve: (c) => c.estimate?.modelCost ?? null, description: '¥ of model calls expected at creation.' }),
    actualModelCost: t.exposeFloat('cost', { description: '¥ of the model calls so far, from the reported usage and the configured prices.' }),
  }),
});

builder.objectFields(BatchRef, (t) => ({
  estimate: t.field({ type: BatchEstimateRef, nullable: true, resolve: (b) => b.estimate ?? null, description: 'The cost estimate made at creation; null for batches made before estimates existed.' }),
  cost: t.field({
    type: CostComparisonRef,
    description: 'Estimated and actual tokens and ¥, side by side.',
    resolve: (b, _a, ctx) => {
      const rows = ctx.batches.usage(b.id);
      const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
      return { estimate: b.estimate ?? null, promptTokens: sum((r) => r.promptTokens), completionTokens: sum((r) => r.completionTokens), cost: Math.round(sum((r) => r.cost) * 1e6) / 1e6 };
    },
  }),
}));

builder.queryFields((t) => ({
  estimateBatch: t.field({
    type: BatchEstimateRef,
    description: 'What createBatch with this input would cost: sources probed, nothing stored. Bad input gets the same ValidationError as createBatch.',
    args: { input: t.arg({ type: CreateBatchInput, description: 'The same input as createBatch.' }) },
    errors: { types: [InputError, InvalidStateError], union: { name: 'EstimateBatchResult', description: 'The estimate, or why the input is refused.' } },
    resolve: (_r, { input }, ctx) => ctx.actions.estimate(input),
  }),
}));
