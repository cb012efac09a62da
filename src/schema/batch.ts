/** The Batch node, its queries, and the mutations that create, cancel and retry it. */
import { isTerminal } from '../domain/statuses.js';
import { InputError, InvalidStateError, NotFoundError } from '../domain/action-errors.js';
import type { BatchRow } from '../db/batch-store.js';
import type { RenderRow } from '../db/plan-store.js';
import { builder } from './builder.js';
import { CreateBatchInput } from './batch-inputs.js';
import { BatchStatusEnum, CompressionProfileEnum, OutputModeEnum, StageEnum, StageStatusEnum } from './enums.js';
import { rawId } from './ids.js';
import { BatchRef, ClipPlanRef, RenderRef, StageRunRef, VideoRef, WebhookDeliveryRef } from './refs.js';
import { CompressionSummaryRef, summaryOf } from './compression-summary.js';
import { liveRenderUrl } from './render-url.js';
import { decodeCursor, encodeCursor, forwardOnly, pageSize } from './page-args.js';

StageRunRef.implement({
  description: 'One stage of a batch: when it ran and how far it got.',
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (s) => s.stage, description: 'Which stage.' }),
    status: t.field({ type: StageStatusEnum, resolve: (s) => s.status, description: 'Its state.' }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.startedAt, description: 'When it started; null while PENDING.' }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.finishedAt, description: 'When it ended; null until then.' }),
    durationSeconds: t.float({
      nullable: true,
      description: 'Seconds from start to end (or to now while running); null before it starts.',
      resolve: (s) => (s.startedAt ? ((s.finishedAt ?? new Date()).getTime() - s.startedAt.getTime()) / 1000 : null),
    }),
    itemsDone: t.exposeInt('itemsDone', { description: 'Items finished: videos for per-video stages, clips for RENDERING.' }),
    itemsTotal: t.exposeInt('itemsTotal', { description: 'Items in all.' }),
    message: t.exposeString('message', { nullable: true, description: 'The latest note from the stage, for a person.' }),
  }),
});

/** How the final video is encoded (fields added in batch-plan-fields.ts too). */
export const OutputSettingsRef = builder.objectRef<BatchRow['output']>('OutputSettings').implement({
  description: 'How the final video is encoded.',
  fields: (t) => ({
    mode: t.field({ type: OutputModeEnum, resolve: (o) => o.mode, description: 'ORIGINAL_QUALITY or RECOMPRESS.' }),
    resolution: t.exposeString('resolution', { description: 'RECOMPRESS: shorter side of the frame, e.g. "1080p".' }),
    fps: t.exposeInt('fps', { description: 'RECOMPRESS: frames per second.' }),
    bitrate: t.exposeString('bitrate', { description: 'RECOMPRESS: video bitrate, e.g. "5000k".' }),
  }),
});

const FinalVideoRef = builder.objectRef<RenderRow>('FinalVideo').implement({
  description: 'The newest completed render of the batch.',
  fields: (t) => ({
    url: t.string({
      resolve: async (r, _a, ctx) => (await liveRenderUrl(r, ctx)).url ?? '',
      description: 'Where to download it: a signed URL, signed afresh when the stored one is about to expire.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (r, _a, ctx) => (await liveRenderUrl(r, ctx)).expiresAt,
      description: 'When this URL stops working; query again for a fresh one.',
    }),
    durationSeconds: t.float({ resolve: (r) => r.durationSeconds ?? 0, description: 'Length in seconds, as probed.' }),
    sizeBytes: t.float({ resolve: (r) => r.sizeBytes ?? 0, description: 'File size in bytes.' }),
    width: t.int({ resolve: (r) => r.width ?? 0, description: 'Frame width in pixels.' }),
    height: t.int({ resolve: (r) => r.height ?? 0, description: 'Frame height in pixels.' }),
    planVersion: t.exposeInt('planVersion', { description: 'The plan version it was rendered from.' }),
  }),
});

interface UsageView {
  stage: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  calls: number;
  estimatedVideoTokens: number | null;
}

const UsageLineRef = builder.objectRef<UsageView>('UsageLine').implement({
  description: 'Tokens one model spent in one stage.',
  fields: (t) => ({
    stage: t.exposeString('stage', { description: 'VL_ANALYSIS, PLAN_GENERATION or ASR.' }),
    model: t.exposeString('model', { description: 'The model name.' }),
    calls: t.exposeInt('calls', { description: 'Number of calls.' }),
    promptTokens: t.exposeInt('promptTokens', { description: 'Input tokens, as the model reported them.' }),
    completionTokens: t.exposeInt('completionTokens', { description: 'Output tokens, as the model reported them.' }),
    estimatedCost: t.float({ resolve: (u) => u.cost, description: 'Estimated cost from the configured prices (¥ by default).' }),
    estimatedVideoTokens: t.int({
      nullable: true,
      resolve: (u) => u.estimatedVideoTokens,
      description: 'Our own estimate of the video tokens in these prompts, to compare with promptTokens; null when none was made.',
    }),
  }),
});

const UsageRef = builder.objectRef<UsageView[]>('Usage').implement({
  description: 'Model tokens the batch spent, with an estimated cost.',
  fields: (t) => ({
    promptTokens: t.int({ resolve: (u) => u.reduce((s, x) => s + x.promptTokens, 0), description: 'All input tokens.' }),
    completionTokens: t.int({ resolve: (u) => u.reduce((s, x) => s + x.completionTokens, 0), description: 'All output tokens.' }),
    totalTokens: t.int({ resolve: (u) => u.reduce((s, x) => s + x.promptTokens + x.completionTokens, 0), description: 'Input plus output tokens.' }),
    estimatedCost: t.float({ resolve: (u) => Math.round(u.reduce((s, x) => s + x.cost, 0) * 1e6) / 1e6, description: 'Estimated cost from the configured prices (¥ per 1,000 tokens by default).' }),
    byStage: t.field({ type: [UsageLineRef], resolve: (u) => u, description: 'The same, per stage and model.' }),
  }),
});

builder.node(BatchRef, {
  description: 'One job: up to ten source videos turned into one highlight video.',
  id: { resolve: (b) => b.id },
  loadOne: (id, ctx) => ctx.batches.get(id) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'tempUrlExpirySeconds' in v,
  fields: (t) => ({
    status: t.field({ type: BatchStatusEnum, resolve: (b) => b.status, description: 'Where the batch stands.' }),
    progress: t.float({ resolve: (b) => b.progress, description: 'Overall progress, 0 to 100.' }),
    currentStage: t.field({ type: StageEnum, nullable: true, resolve: (b) => b.currentStage, description: 'The least advanced stage that still has work; null while QUEUED.' }),
    stages: t.field({ type: [StageRunRef], resolve: (b, _a, ctx) => ctx.batches.stages(b.id), description: 'Every stage, in order, with its timing and counts.' }),
    videos: t.field({ type: [VideoRef], resolve: (b, _a, ctx) => ctx.batches.videos(b.id), description: 'The source videos in input order.' }),
    compressionSummary: t.field({
      type: CompressionSummaryRef,
      nullable: true,
      description: 'Bytes and vision tokens before and after compression; null until a video is compressed.',
      resolve: (b, _a, ctx) => summaryOf(ctx.batches.videos(b.id), ctx.config.ai.vlModel),
    }),
    clipPlan: t.field({ type: ClipPlanRef, nullable: true, resolve: (b, _a, ctx) => ctx.plans.current(b.id) ?? null, description: 'The newest plan version; null until one is drafted.' }),
    renders: t.field({ type: [RenderRef], resolve: (b, _a, ctx) => ctx.plans.renders(b.id), description: 'Every render of an approved plan, oldest first.' }),
    finalVideo: t.field({
      type: FinalVideoRef,
      nullable: true,
      description: 'The newest completed render; null until one completes.',
      resolve: (b, _a, ctx) => ctx.plans.latestCompletedRender(b.id) ?? null,
    }),
    usage: t.field({
      type: UsageRef,
      description: 'Model tokens spent and their estimated cost.',
      resolve: (b, _a, ctx) => {
        const lines = new Map<string, UsageView>();
        for (const r of ctx.batches.usage(b.id)) {
          const key = `${r.stage}|${r.model}`;
          const line = lines.get(key) ?? { stage: r.stage, model: r.model, promptTokens: 0, completionTokens: 0, cost: 0, calls: 0, estimatedVideoTokens: null };
          line.calls++;
          line.promptTokens += r.promptTokens;
          line.completionTokens += r.completionTokens;
          line.cost += r.cost;
          if (r.estimatedVideoTokens !== null) line.estimatedVideoTokens = (line.estimatedVideoTokens ?? 0) + r.estimatedVideoTokens;
          lines.set(key, line);
        }
        return [...lines.values()];
      },
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the batch failed; null otherwise.' }),
    webhookDeliveries: t.field({ type: [WebhookDeliveryRef], resolve: (b, _a, ctx) => ctx.webhooks.forBatch(b.id), description: 'Webhook deliveries with every attempt.' }),
    estimatedCompletionAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => b.estimatedCompletionAt, description: 'When the batch should finish, from the moment of creation: the work left priced at the throughput this server has measured (compression speed per profile, download speed, model latency of analysis and plan calls, render speed; defaults before anything is measured), recomputed whenever a stage finishes. It assumes the plan is approved as soon as it is ready. Null while the plan awaits approval and for FAILED or CANCELLED batches; a COMPLETED batch shows its end.' }),
    compressionProfile: t.field({ type: CompressionProfileEnum, resolve: (b) => b.compressionProfile, description: 'The batch’s compression profile.' }),
    tempUrlExpirySeconds: t.exposeInt('tempUrlExpirySeconds', { description: 'Validity of the compressed copies’ signed URLs.' }),
    output: t.field({ type: OutputSettingsRef, resolve: (b) => b.output, description: 'How the final video is encoded.' }),
    enableVlAnalysis: t.exposeBoolean('enableVlAnalysis', { description: 'Whether the vision-language model is used.' }),
    enableAsr: t.exposeBoolean('enableAsr', { description: 'Whether speech is transcribed.' }),
    autoApprove: t.exposeBoolean('autoApprove', { description: 'Whether the plan is rendered without waiting for approval.' }),
    webhookUrl: t.exposeString('webhookUrl', { nullable: true, description: 'Where webhooks go; null for none.' }),
    customPrompt: t.exposeString('customPrompt', { nullable: true, description: 'The user’s extra wishes for the plan.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (b) => b.createdAt, description: 'When the batch was created.' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (b) => b.updatedAt, description: 'When anything about it last changed.' }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => b.completedAt, description: 'When it reached COMPLETED, FAILED or CANCELLED; null before.' }),
    isFinished: t.boolean({ resolve: (b) => isTerminal(b.status), description: 'True in COMPLETED, FAILED and CANCELLED.' }),
  }),
});

const cursorOf = (b: BatchRow) => encodeCursor(b.createdAt, b.id);

builder.queryFields((t) => ({
  batch: t.field({
    type: BatchRef,
    nullable: true,
    description: 'One batch by ID; null when there is none.',
    args: { id: t.arg.id({ description: 'The batch’s global ID.' }) },
    resolve: (_r, { id }, ctx) => {
      const raw = rawId(String(id), 'Batch');
      return raw ? (ctx.batches.get(raw) ?? null) : null;
    },
  }),
  batches: t.connection({
    type: BatchRef,
    description: 'Batches, newest first.',
    args: { status: t.arg({ type: BatchStatusEnum, required: false, description: 'Only batches in this status.' }) },
    resolve: (_r, args, ctx) => {
      forwardOnly(args);
      const first = pageSize('first', args.first, 20, 100);
      const rows = ctx.batches.list({ first: first + 1, after: args.after ? decodeCursor(args.after) : undefined, status: args.status ?? undefined });
      const page = rows.slice(0, first);
      return {
        totalCount: ctx.batches.count(args.status ?? undefined),
        edges: page.map((node) => ({ cursor: cursorOf(node), node })),
        pageInfo: {
          hasNextPage: rows.length > first,
          hasPreviousPage: !!args.after,
          startCursor: page[0] ? cursorOf(page[0]) : null,
          endCursor: page.at(-1) ? cursorOf(page.at(-1)!) : null,
        },
      };
    },
  }, {
    name: 'BatchConnection',
    description: 'A page of batches.',
    fields: (c) => ({
      totalCount: c.int({ resolve: (conn) => (conn as { totalCount?: number }).totalCount ?? 0, description: 'How many batches match the filter, on all pages.' }),
    }),
  }, { name: 'BatchEdge', description: 'One batch in a page.' }),
}));

const BatchPayload = (name: string, description: string) =>
  builder.objectRef<{ batch: BatchRow }>(name).implement({
    description,
    fields: (t) => ({ batch: t.field({ type: BatchRef, resolve: (p) => p.batch, description: 'The batch, as it is now.' }) }),
  });

const CreateBatchPayload = BatchPayload('CreateBatchPayload', 'The batch was created and started.');
const CancelBatchPayload = BatchPayload('CancelBatchPayload', 'The batch was stopped and cleaned up.');
const RetryBatchPayload = BatchPayload('RetryBatchPayload', 'The batch resumed from where it stopped.');

/** Looks a batch up by global ID for a mutation, or throws NotFoundError. */
export function batchIdOf(id: string | number): string {
  const raw = rawId(String(id), 'Batch');
  if (!raw) throw new NotFoundError(`"${id}" is not the ID of a batch`, String(id));
  return raw;
}

builder.mutationFields((t) => ({
  createBatch: t.field({
    type: CreateBatchPayload,
    description: 'Creates a batch and starts it. Bad input returns a ValidationError naming the field (and source index); nothing is created then.',
    args: { input: t.arg({ type: CreateBatchInput, description: 'The sources and how to process them.' }) },
    errors: { types: [InputError], union: { name: 'CreateBatchResult', description: 'The created batch, or why nothing was created.' } },
    resolve: async (_r, { input }, ctx) => ({ batch: await ctx.actions.create(input) }),
  }),
  cancelBatch: t.field({
    type: CancelBatchPayload,
    description: 'Stops a batch at once (running ffmpeg and HTTP calls included) and removes its temporary files.',
    args: { id: t.arg.id({ description: 'The batch’s global ID.' }) },
    errors: { types: [NotFoundError, InvalidStateError], union: { name: 'CancelBatchResult', description: 'The cancelled batch, or why it could not be cancelled.' } },
    resolve: async (_r, { id }, ctx) => ({ batch: await ctx.actions.cancel(batchIdOf(id)) }),
  }),
  retryBatch: t.field({
    type: RetryBatchPayload,
    description: 'Resumes a FAILED or CANCELLED batch from where it stopped; finished work is kept.',
    args: { id: t.arg.id({ description: 'The batch’s global ID.' }) },
    errors: { types: [NotFoundError, InvalidStateError], union: { name: 'RetryBatchResult', description: 'The resumed batch, or why it could not be retried.' } },
    resolve: (_r, { id }, ctx) => ({ batch: ctx.actions.retry(batchIdOf(id)) }),
  }),
}));
