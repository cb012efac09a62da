/**
 * The runner's pen: the one place that writes a batch's status, stage runs and
 * progress, and publishes the matching events. Stages never call it.
 */
import type { Logger } from 'pino';
import type { BatchStore } from '../db/batch-store.js';
import { stageOfStatus, type BatchStatus, type Stage, type StageStatus } from '../domain/statuses.js';
import type { CompletionEstimator } from './completion-estimator.js';
import type { ProgressBus } from './events.js';
import { canTransition } from './transitions.js';

/** Writes and publishes the state of batches. */
export class Reporter {
  private readonly lastUpdatedAt = new Map<string, number>();

  constructor(
    private readonly store: BatchStore,
    private readonly bus: ProgressBus,
    private readonly log: Logger,
    private readonly now: () => Date,
    /** When each batch should finish (absent: never estimated). */
    private readonly completion: CompletionEstimator = () => null,
  ) {}

  /** Recomputes and stores the batch's estimatedCompletionAt (after creation, each video step and each status change). */
  refreshEstimate(batchId: string): void {
    const batch = this.store.get(batchId);
    if (!batch) return;
    const estimatedCompletionAt = this.completion(batch, this.now());
    if (estimatedCompletionAt?.getTime() !== batch.estimatedCompletionAt?.getTime()) this.store.update(batchId, { estimatedCompletionAt });
  }

  /** Moves the batch to a status (checked against the transition table) and announces it. */
  status(batchId: string, status: BatchStatus, extra: { progress?: number; message?: string; error?: string | null } = {}): void {
    const batch = this.store.get(batchId);
    if (!batch) return;
    if (!canTransition(batch.status, status)) {
      // A bug, not a user error: refuse loudly rather than corrupt the state.
      throw new Error(`illegal batch transition ${batch.status} → ${status} (batch ${batchId})`);
    }
    const stage = stageOfStatus(status) ?? batch.currentStage;
    const progress = extra.progress ?? batch.progress;
    const now = this.now();
    const terminal = status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
    const completedAt = terminal ? now : null;
    this.store.update(batchId, {
      status,
      currentStage: stage,
      progress,
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      completedAt,
      estimatedCompletionAt: this.completion({ ...batch, status, completedAt }, now),
    });
    if (batch.status !== status) this.log.info({ batchId, from: batch.status, to: status }, 'batch status');
    this.publish(batchId, { message: extra.message ?? null, force: true });
  }

  /** Updates a stage run and announces it. */
  stage(
    batchId: string,
    stage: Stage,
    patch: { status?: StageStatus; itemsDone?: number; itemsTotal?: number; message?: string | null },
  ): void {
    const current = this.store.stages(batchId).find((s) => s.stage === stage);
    if (!current) return;
    const now = this.now();
    const next: Parameters<BatchStore['updateStage']>[2] = { ...patch };
    if (patch.status === 'RUNNING' && current.status !== 'RUNNING') {
      next.startedAt = now;
      next.finishedAt = null;
    }
    if (patch.status && ['COMPLETED', 'FAILED', 'SKIPPED'].includes(patch.status) && !current.finishedAt) {
      next.finishedAt = now;
      if (!current.startedAt) next.startedAt = now;
    }
    this.store.updateStage(batchId, stage, next);
    const changed =
      (patch.status !== undefined && patch.status !== current.status) ||
      (patch.itemsDone !== undefined && patch.itemsDone !== current.itemsDone);
    if (changed) {
      this.publish(batchId, {
        stage,
        itemsDone: patch.itemsDone ?? current.itemsDone,
        itemsTotal: patch.itemsTotal ?? current.itemsTotal,
        message: patch.message ?? null,
        force: true,
      });
    }
  }

  /** Stores the overall percent and announces fine-grained progress (a video's or a clip's). */
  progress(
    batchId: string,
    event: { progress: number; stage: Stage; videoIndex: number | null; itemsDone: number; itemsTotal: number; message: string | null },
  ): void {
    const batch = this.store.get(batchId);
    if (!batch) return;
    // Overall progress never goes backwards, even when a retry restarts a step.
    const progress = Math.max(batch.progress, event.progress);
    if (progress !== batch.progress) this.store.update(batchId, { progress });
    this.publish(batchId, { ...event, progress });
  }

  /** Publishes a progress event built from the stored batch plus the given fields. */
  publish(
    batchId: string,
    fields: {
      stage?: Stage | null;
      progress?: number;
      videoIndex?: number | null;
      itemsDone?: number;
      itemsTotal?: number;
      message?: string | null;
      force?: boolean;
    },
  ): void {
    const batch = this.store.get(batchId);
    if (!batch) return;
    const stage = fields.stage !== undefined ? fields.stage : batch.currentStage;
    const run = stage ? this.store.stages(batchId).find((s) => s.stage === stage) : undefined;
    this.bus.publish('batch:progress', batchId, {
      batchId,
      status: batch.status,
      stage,
      progress: fields.progress ?? batch.progress,
      videoIndex: fields.videoIndex ?? null,
      itemsDone: fields.itemsDone ?? run?.itemsDone ?? 0,
      itemsTotal: fields.itemsTotal ?? run?.itemsTotal ?? 0,
      message: fields.message ?? null,
      at: this.now(),
    });
    // batchUpdated carries the whole Batch: send it on every change of state,
    // and at most once a second for progress alone.
    const t = this.now().getTime();
    if (fields.force || t - (this.lastUpdatedAt.get(batchId) ?? 0) >= 1000) {
      this.lastUpdatedAt.set(batchId, t);
      this.bus.publish('batch:updated', batchId, { id: batchId });
    }
  }
}
