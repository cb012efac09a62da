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
