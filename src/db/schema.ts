/** Every table of autoclip. camelCase keys over snake_case columns; vocabularies from statuses.ts. */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import {
  BATCH_STATUSES,
  COMPRESSION_PROFILES,
  DELIVERY_STATUSES,
  PLAN_ORIGINS,
  PLAN_STATUSES,
  RENDER_STATUSES,
  SOURCE_TYPES,
  STAGES,
  STAGE_STATUSES,
  VIDEO_STATUSES,
  WEBHOOK_EVENTS,
} from '../domain/statuses.js';
import type {
  CompressedCopy,
  OutputSettings,
  ProbeInfo,
  TranscriptSegment,
  VideoAnalysis,
} from '../domain/types.js';
import { LANGUAGES } from '../domain/language.js';
import type { BatchEstimate } from '../estimate/types.js';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A batch: one job turning up to ten videos into one highlight video. */
export const batches = sqliteTable(
  'batches',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: BATCH_STATUSES }).notNull().default('QUEUED'),
    currentStage: text('current_stage', { enum: STAGES }),
    progress: real('progress').notNull().default(0),
    compressionProfile: text('compression_profile', { enum: COMPRESSION_PROFILES }).notNull(),
    tempUrlExpirySeconds: integer('temp_url_expiry_seconds').notNull(),
    output: text('output', { mode: 'json' }).$type<OutputSettings>().notNull(),
    enableVlAnalysis: integer('enable_vl_analysis', { mode: 'boolean' }).notNull(),
    enableAsr: integer('enable_asr', { mode: 'boolean' }).notNull(),
    webhookUrl: text('webhook_url'),
    customPrompt: text('custom_prompt'),
    autoApprove: integer('auto_approve', { mode: 'boolean' }).notNull(),
    /** The plan length asked for, in seconds; null: the default target. */
    targetDurationSeconds: integer('target_duration_seconds'),
    /** Language of the text written for people (ZH or EN). */
    language: text('language', { enum: LANGUAGES }).notNull().default('ZH'),
    /** The cost estimate made at creation (tokens and ¥), to show beside the actual usage. */
    estimate: text('estimate', { mode: 'json' }).$type<BatchEstimate>(),
    error: text('error'),
    estimatedCompletionAt: integer('estimated_completion_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('batches_created_idx').on(t.createdAt, t.id), index('batches_status_idx').on(t.status)],
);

/** One source video of a batch, with what each per-video stage produced. */
export const videos = sqliteTable(
  'videos',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    sourceType: text('source_type', { enum: SOURCE_TYPES }).notNull(),
    sourcePath: text('source_path'),
    sourceUrl: text('source_url'),
    /** The source's own override, or null to follow the batch. */
    compressionProfile: text('compression_profile', { enum: COMPRESSION_PROFILES }),
    status: text('status', { enum: VIDEO_STATUSES }).notNull().default('PENDING'),
    progress: real('progress').notNull().default(0),
    localPath: text('local_path'),
    downloaded: integer('downloaded', { mode: 'boolean' }).notNull().default(false),
    probe: text('probe', { mode: 'json' }).$type<ProbeInfo>(),
    compressed: text('compressed', { mode: 'json' }).$type<CompressedCopy>(),
    tempKey: text('temp_key'),
    tempUrl: text('temp_url'),
    tempExpiresAt: integer('temp_expires_at', { mode: 'timestamp_ms' }),
    analysis: text('analysis', { mode: 'json' }).$type<VideoAnalysis>(),
    transcript: text('transcript', { mode: 'json' }).$type<TranscriptSegment[]>(),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('videos_batch_index_uq').on(t.batchId, t.index)],
);

/** One stage of one batch: when it ran and how far it got. */
export const stageRuns = sqliteTable(
  'stage_runs',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: STAGES }).notNull(),
    status: text('status', { enum: STAGE_STATUSES }).notNull().default('PENDING'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    itemsDone: integer('items_done').notNull().default(0),
    itemsTotal: integer('items_total').notNull().default(0),
    message: text('message'),
  },
  (t) => [primaryKey({ name: 'stage_runs_pk', columns: [t.batchId, t.stage] })],
);

/** One version of a batch's clip plan; every change adds a row. */
export const clipPlans = sqliteTable(
  'clip_plans',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('DRAFT'),
    origin: text('origin', { enum: PLAN_ORIGINS }).notNull(),
    theme: text('theme').notNull(),
    totalDurationSeconds: real('total_duration_seconds').notNull(),
    customPrompt: text('custom_prompt'),
    /** Why the plan was kept although it misses its target (AI plans only), else null. */
    note: text('note'),
    createdAt: createdAt(),
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('clip_plans_batch_version_uq').on(t.batchId, t.version)],
);

/** One clip of one plan version. */
export const clips = sqliteTable(
  'clips',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => clipPlans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    videoIndex: integer('video_index').notNull(),
    start: real('start').notNull(),
    end: real('end').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [uniqueIndex('clips_plan_position_uq').on(t.planId, t.position)],
);

/** One render of an approved plan version, with its output. */
export const renders = sqliteTable(
  'renders',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    planVersion: integer('plan_version').notNull(),
    status: text('status', { enum: RENDER_STATUSES }).notNull().default('PENDING'),
    /** Rendered file on disk, between RENDERING and FINAL_UPLOAD. */
    localPath: text('local_path'),
    storageKey: text('storage_key'),
    url: text('url'),
    urlExpiresAt: integer('url_expires_at', { mode: 'timestamp_ms' }),
    durationSeconds: real('duration_seconds'),
    sizeBytes: integer('size_bytes'),
    width: integer('width'),
    height: integer('height'),
    error: text('error'),
    createdAt: createdAt(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('renders_batch_idx').on(t.batchId, t.createdAt)],
);

/** Tokens a model call spent, per batch and stage. */
export const usageRecords = sqliteTable(
  'usage_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    videoIndex: integer('video_index'),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull(),
    completionTokens: integer('completion_tokens').notNull(),
    cost: real('cost').notNull(),
    estimatedVideoTokens: integer('estimated_video_tokens'),
    /** By the model's rule: the video tokens the original file would have cost in the same call. */
    originalVideoTokens: integer('original_video_tokens'),
    createdAt: createdAt(),
  },
  (t) => [index('usage_batch_idx').on(t.batchId)],
);

/** The durable webhook outbox: one row per event to deliver. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    event: text('event', { enum: WEBHOOK_EVENTS }).notNull(),
    url: text('url').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('webhook_due_idx').on(t.status, t.nextAttemptAt), index('webhook_batch_idx').on(t.batchId)],
);

/** One HTTP attempt of a webhook delivery. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: integer('attempted_at', { mode: 'timestamp_ms' }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId)],
);

/** Key/value settings the server generates once (e.g. its link-signing secret). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
