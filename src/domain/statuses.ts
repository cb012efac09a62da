/**
 * The closed vocabularies of a job. Each list feeds the TypeScript type, the
 * database column and the GraphQL enum, so they can never disagree.
 */

/** Where a source video comes from. */
export const SOURCE_TYPES = ['LOCAL', 'OSS', 'URL'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Compression profiles a client can choose; DYNAMIC picks one by duration. */
export const COMPRESSION_PROFILES = ['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE', 'DYNAMIC'] as const;
export type CompressionProfile = (typeof COMPRESSION_PROFILES)[number];
/** A profile that names concrete encoder settings (everything but DYNAMIC). */
export type ConcreteProfile = Exclude<CompressionProfile, 'DYNAMIC'>;

/** How the final video is encoded. */
export const OUTPUT_MODES = ['ORIGINAL_QUALITY', 'RECOMPRESS'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** The nine stages of a job, in order. */
export const STAGES = [
  'PREPARATION',
  'COMPRESSION',
  'TEMP_UPLOAD',
  'VL_ANALYSIS',
  'PLAN_GENERATION',
  'APPROVAL',
  'RENDERING',
  'FINAL_UPLOAD',
  'CLEANUP',
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages that run once per video, as a chain for each video. */
export const VIDEO_STAGES = ['PREPARATION', 'COMPRESSION', 'TEMP_UPLOAD', 'VL_ANALYSIS'] as const satisfies readonly Stage[];
export type VideoStage = (typeof VIDEO_STAGES)[number];

/** State of one stage of one batch. */
export const STAGE_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** State of a batch. */
export const BATCH_STATUSES = [
  'QUEUED',
  'PREPARING',
  'DOWNLOADING',
  'COMPRESSING',
  'UPLOADING_TEMP',
  'VL_ANALYZING',
  'GENERATING_PLAN',
  'AWAITING_APPROVAL',
  'CLIPPING',
  'MERGING',
  'UPLOADING_FINAL',
  'CLEANUP',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Batch statuses after which nothing runs by itself. */
export const TERMINAL_BATCH_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const satisfies readonly BatchStatus[];

/** State of one video. READY means prepared, compressed and analysed. */
export const VIDEO_STATUSES = ['PENDING', 'PREPARING', 'COMPRESSING', 'UPLOADING', 'ANALYZING', 'READY', 'FAILED'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** State of a plan version. */
export const PLAN_STATUSES = ['DRAFT', 'APPROVED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Who made a plan version. */
export const PLAN_ORIGINS = ['AI', 'OFFLINE', 'USER'] as const;
export type PlanOrigin = (typeof PLAN_ORIGINS)[number];

/** State of one render of a plan. */
export const RENDER_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];

/** State of one webhook delivery (all its attempts). */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Webhook events. */
export const WEBHOOK_EVENTS = ['batch.completed', 'batch.failed', 'batch.awaiting_approval'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** True when a batch in this status will not move without a client's action. */
export function isTerminal(status: BatchStatus): boolean {
  return (TERMINAL_BATCH_STATUSES as readonly BatchStatus[]).includes(status);
}

/** The batch status shown while a stage runs (the first one for stages with two). */
export const STATUS_OF_STAGE: Record<Stage, BatchStatus> = {
  PREPARATION: 'PREPARING',
  COMPRESSION: 'COMPRESSING',
  TEMP_UPLOAD: 'UPLOADING_TEMP',
  VL_ANALYSIS: 'VL_ANALYZING',
  PLAN_GENERATION: 'GENERATING_PLAN',
  APPROVAL: 'AWAITING_APPROVAL',
  RENDERING: 'CLIPPING',
  FINAL_UPLOAD: 'UPLOADING_FINAL',
  CLEANUP: 'CLEANUP',
};

/** The video status shown while a video is in a per-video stage. */
export const VIDEO_STATUS_OF_STAGE: Record<VideoStage, VideoStatus> = {
  PREPARATION: 'PREPARING',
  COMPRESSION: 'COMPRESSING',
  TEMP_UPLOAD: 'UPLOADING',
  VL_ANALYSIS: 'ANALYZING',
};

/** The stage a batch status belongs to; null for QUEUED and the end states. */
export function stageOfStatus(status: BatchStatus): Stage | null {
  switch (status) {
    case 'PREPARING':
    case 'DOWNLOADING':
      return 'PREPARATION';
    case 'COMPRESSING':
      return 'COMPRESSION';
    case 'UPLOADING_TEMP':
      return 'TEMP_UPLOAD';
    case 'VL_ANALYZING':
      return 'VL_ANALYSIS';
    case 'GENERATING_PLAN':
      return 'PLAN_GENERATION';
    case 'AWAITING_APPROVAL':
      return 'APPROVAL';
    case 'CLIPPING':
    case 'MERGING':
      return 'RENDERING';
    case 'UPLOADING_FINAL':
      return 'FINAL_UPLOAD';
    case 'CLEANUP':
      return 'CLEANUP';
    default:
      return null;
  }
}

const FORWARD_ORDER: readonly BatchStatus[] = BATCH_STATUSES.slice(0, 12);

/**
 * Whether a batch may move from one status to another. Forward through the
 * stages (skipping is allowed), back to a per-video stage only from QUEUED
 * resumes, to FAILED or CANCELLED from any live status, and out of an end
 * state only by retry (FAILED/CANCELLED → QUEUED) or a new render after
 * COMPLETED (→ AWAITING_APPROVAL, CLIPPING).
 */
export function canTransition(from: BatchStatus, to: BatchStatus): boolean {
  if (from === to) return true;
  if (from === 'COMPLETED') return to === 'AWAITING_APPROVAL' || to === 'CLIPPING' || to === 'GENERATING_PLAN';
  if (from === 'FAILED' || from === 'CANCELLED') return to === 'QUEUED';
  if (to === 'FAILED' || to === 'CANCELLED') return true;
  if (to === 'COMPLETED') return from === 'CLEANUP';
  if (to === 'QUEUED') return false;
  // A plan can be regenerated while awaiting approval.
  if (from === 'AWAITING_APPROVAL' && to === 'GENERATING_PLAN') return true;
  const a = FORWARD_ORDER.indexOf(from);
  const b = FORWARD_ORDER.indexOf(to);
  // Per-video stages report the least advanced video, which can move back and
  // forth while the chains run; batch-level stages only move forward.
  if (b <= FORWARD_ORDER.indexOf('VL_ANALYZING') && a <= FORWARD_ORDER.indexOf('VL_ANALYZING')) return true;
  return b > a;
}
