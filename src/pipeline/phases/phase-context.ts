/** What the batch-level phases share: the stores, the pen, the stages and the runner's helpers. */
import type { Logger } from 'pino';
import type { BatchStore } from '../../db/batch-store.js';
import type { PlanStore } from '../../db/plan-store.js';
import type { Stage, WebhookEvent } from '../../domain/statuses.js';
import type { StageControl } from '../../domain/types.js';
import type { ThroughputTracker } from '../../estimate/throughput.js';
import type { VideoStageDefinition } from '../define-stage.js';
import { runAttempts } from '../driver.js';
import { overallPercent, type Phase, type phaseRanges } from '../progress.js';
import type { BatchStages } from '../registry.js';
import type { Reporter } from '../reporter.js';
import type { StageDeps } from '../stage-deps.js';

/** The runner's services as the phases see them. */
export interface PhaseContext {
  store: BatchStore;
  plans: PlanStore;
  reporter: Reporter;
  /** The registry's batch-level stages. */
  stages: BatchStages;
  /** The stage that fetches an original again when a render after cleanup needs it. */
  prepare: VideoStageDefinition;
  /** The registry's percent ranges. */
  ranges: ReturnType<typeof phaseRanges>;
  stageDeps: StageDeps;
  log: Logger;
  now: () => Date;
  /** Where finished batch stages record how long they took (for estimatedCompletionAt). */
  throughput: ThroughputTracker;
  notify(batchId: string, event: WebhookEvent): void;
}

/** Wall seconds since `start` on the runner's clock. */
export function secondsSince(ctx: Pick<PhaseContext, 'now'>, start: Date): number {
  return (ctx.now().getTime() - start.getTime()) / 1000;
}

/** A StageControl whose progress lands in the given phase's share of the batch's percent. */
export function phaseControl(ctx: PhaseContext, batchId: string, stage: Stage, signal: AbortSignal, phase: Phase): StageControl {
  return {
    signal,
    onProgress: (fraction, message) => {
      // Counts are the stage's own, so a client's "3/7" never jumps back to 0/0 mid-stage.
      const run = ctx.store.stages(batchId).find((s) => s.stage === stage);
      ctx.reporter.progress(batchId, {
        progress: overallPercent(phase, fraction, ctx.ranges),
        stage,
        videoIndex: null,
        itemsDone: run?.itemsDone ?? 0,
        itemsTotal: run?.itemsTotal ?? 0,
        message: message ?? null,
      });
    },
  };
}

/** Runs a batch-level stage's work with the stage's attempts, announcing each retry. */
export function withAttempts<T>(ctx: PhaseContext, stage: keyof BatchStages, batchId: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return runAttempts(ctx.stages[stage], fn, {
    signal,
    baseDelayMs: ctx.stageDeps.config.retryBaseDelayMs,
    announce: (message) => ctx.reporter.publish(batchId, { stage, message }),
  });
}

/** Fails the batch at a stage, with a message for the client and the webhook. */
export function failBatch(ctx: PhaseContext, batchId: string, stage: Stage, message: string): void {
  ctx.reporter.stage(batchId, stage, { status: 'FAILED', message });
  ctx.reporter.status(batchId, 'FAILED', { error: message, message });
  ctx.notify(batchId, 'batch.failed');
}
