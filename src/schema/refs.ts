/** Object references shared between entity files, so they can point at each other without import cycles. */
import type { BatchRow, StageRunRow, VideoRow } from '../db/batch-store.js';
import type { ClipRow, PlanRow, RenderRow } from '../db/plan-store.js';
import type { AttemptRow, DeliveryRow } from '../db/webhook-store.js';
import { builder } from './builder.js';

export const BatchRef = builder.objectRef<BatchRow>('Batch');
export const VideoRef = builder.objectRef<VideoRow>('Video');
export const StageRunRef = builder.objectRef<StageRunRow>('StageRun');
export const ClipPlanRef = builder.objectRef<PlanRow>('ClipPlan');
export const ClipRef = builder.objectRef<ClipRow>('Clip');
export const RenderRef = builder.objectRef<RenderRow>('Render');
export const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery');
export const WebhookAttemptRef = builder.objectRef<AttemptRow>('WebhookAttempt');
