/**
 * The runner's side of `estimatedCompletionAt`: reads a batch's stored state
 * into the pure estimate (estimate/completion.ts), and turns finished stages
 * into throughput samples for the next estimates.
 */
import type { BatchRow, BatchStore, VideoRow } from '../db/batch-store.js';
import type { PlanStore } from '../db/plan-store.js';
import type { Stage } from '../domain/statuses.js';
import { completionAt, hasWorkLeft, type CompletionInput } from '../estimate/completion.js';
import type { ThroughputSample, ThroughputTracker } from '../estimate/throughput.js';
import { resolveProfile } from '../media/profiles.js';

/** What the estimator reads. */
export interface EstimatorDeps {
  store: BatchStore;
  plans: PlanStore;
  tracker: ThroughputTracker;
  workerThreads: number;
  analysisConcurrency: number;
}

/** A batch's expected end: its end for COMPLETED, null when it failed, was cancelled or waits for approval. */
export type CompletionEstimator = (batch: BatchRow, now: Date) => Date | null;

/** The estimator over the stores and the tracker. */
export function createCompletionEstimator(deps: EstimatorDeps): CompletionEstimator {
  return (batch, now) => {
    if (batch.status === 'COMPLETED') return batch.completedAt ?? now;
    if (!hasWorkLeft(batch.status)) return null;
    const byIndex = new Map((batch.estimate?.videos ?? []).map((v) => [v.index, v]));
    const input: CompletionInput = {
      status: batch.status,
      videos: deps.store.videos(batch.id).map((v) => {
        const guess = byIndex.get(v.index);
        return {
          status: v.status,
          remote: v.sourceType !== 'LOCAL',
          durationSeconds: v.probe?.durationSeconds ?? guess?.durationSeconds ?? null,
          sizeBytes: v.probe?.sizeBytes ?? null,
          profile: v.compressionProfile ?? batch.compressionProfile,
        };
      }),
      planSeconds: deps.plans.current(batch.id)?.totalDurationSeconds ?? null,
      targetDurationSeconds: batch.targetDurationSeconds,
      workerThreads: deps.workerThreads,
      analysisConcurrency: deps.analysisConcurrency,
    };
    return completionAt(input, deps.tracker.rates(), now);
  };
}

/** The throughput sample a finished per-video stage gives, if it measures anything. */
export function videoStageSample(stage: Stage, video: VideoRow, batch: BatchRow, wallSeconds: number): ThroughputSample | null {
  const duration = video.probe?.durationSeconds;
  switch (stage) {
    case 'PREPARATION':
      if (video.sourceType === 'LOCAL') return { kind: 'localPrepare', wallSeconds };
      return video.probe ? { kind: 'download', bytes: video.probe.sizeBytes, wallSeconds } : null;
    case 'COMPRESSION':
      if (!duration) return null;
      return { kind: 'compression', profile: resolveProfile(video.compressionProfile ?? batch.compressionProfile, duration), videoSeconds: duration, wallSeconds };
    case 'TEMP_UPLOAD':
      return { kind: 'tempUpload', wallSeconds };
    case 'VL_ANALYSIS':
      return { kind: 'analysis', wallSeconds };
    default:
      return null;
  }
}
