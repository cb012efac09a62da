/** Object references shared between entity files, so they can point at each other without import cycles. */
import type { BatchRow, StageRunRow, VideoRow } from '../db/batch-store.js';
import type { ClipRow, PlanRow, RenderRow } from '../db/plan-store.js';
import type { AttemptRow, DeliveryRow } from '../db/webhook-store.js';
import { builder } from './builder.js';

/** A batch. */
export const BatchRef = builder.objectRef<BatchRow>('Batch');
/** A source video. */
export const VideoRef = builder.objectRef<VideoRow>('Video');
/** One stage of a batch. */
export const StageRunRef = builder.objectRef<StageRunRow>('StageRun');
/** A plan version. */
export const ClipPlanRef = builder.objectRef<PlanRow>('ClipPlan');
/** A clip of a plan. */
export const ClipRef = builder.objectRef<ClipRow>('Clip');
/** A render of a plan. */
export const RenderRef = builder.objectRef<RenderRow>('Render');
/** A webhook delivery. */
export const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery');
/** One attempt of a webhook delivery. */
export const WebhookAttemptRef = builder.objectRef<AttemptRow>('WebhookAttempt');
