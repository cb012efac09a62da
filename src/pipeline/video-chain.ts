/**
 * The per-video stages of the registry as a chain per video: each video moves
 * on as soon as its own previous stage is done. Every stage's output is stored
 * before the next begins.
 */
import type { BatchRow, BatchStore, VideoRow } from '../db/batch-store.js';
import type { Limiter } from '../domain/limiter.js';
import { toSettings, toWork } from '../db/batch-store.js';
import { isAbort, messageOf } from '../domain/errors.js';
import type { ThroughputTracker } from '../estimate/throughput.js';
import { videoStageSample } from './completion-estimator.js';
import type { VideoStageDefinition } from './define-stage.js';
import { runAttempts } from './driver.js';
import { nextVideoStage, overallPercent, phaseRanges, statusForVideos, videoChainProgress, type ChainPosition } from './progress.js';
import { videoStages, type StageRegistry } from './registry.js';
import type { Reporter } from './reporter.js';
import type { StageDeps } from './stage-deps.js';

/** Limits shared by every batch of the server. */
export interface ChainLimits {
  analysis: Limiter;
  uploads: Limiter;
}

/** What the chains need from the runner. */
export interface ChainContext {
  store: BatchStore;
  reporter: Reporter;
  deps: StageDeps;
  registry: StageRegistry;
  limits: ChainLimits;
  signal: AbortSignal;
  /** Where finished stages record how long they took (for estimatedCompletionAt). */
  throughput: ThroughputTracker;
  /** The runner's clock. */
  now: () => Date;
}

const nameOf = (p: ChainPosition) => (typeof p === 'string' ? p : p.name);

/**
 * Runs every unfinished video's chain; resolves when each video is READY or FAILED.
 * Long because `refresh`, `overall`, `step` and `runOne` share the batch's per-video progress state.
 */
export async function runVideoChains(batch: BatchRow, ctx: ChainContext): Promise<void> {
  const { store, reporter, deps, registry, signal } = ctx;
  const stages = videoStages(registry);
  const ranges = phaseRanges(registry);
  const settings = toSettings(batch);
  const fractions = new Map<string, number>();
  const total = store.videos(batch.id).length;
  const positionOf = (row: VideoRow): ChainPosition =>
    nextVideoStage({ ...toWork(row, batch, deps.config.dataDir), status: row.status }, stages);

  const refresh = () => {
    const views = store.videos(batch.id).map((r) => ({ row: r, stage: positionOf(r) }));
    const after = (v: { stage: ChainPosition }, i: number) => v.stage === 'DONE' || (v.stage !== 'FAILED' && stages.indexOf(v.stage) > i);
    stages.forEach((s, i) => {
      const done = views.filter((v) => v.stage === 'FAILED' || after(v, i)).length;
      const started = views.some((v) => v.stage !== 'FAILED' && (after(v, i) || v.stage === s));
      const failedAll = done === total && views.every((v) => v.stage === 'FAILED');
      reporter.stage(batch.id, s.name, {
        itemsTotal: total,
        itemsDone: done,
        status: done === total ? (failedAll ? 'FAILED' : 'COMPLETED') : started ? 'RUNNING' : 'PENDING',
      });
    });
    const status = statusForVideos(views.map((v) => ({ stage: v.stage, remote: v.row.sourceType !== 'LOCAL' })), stages);
    const current = store.get(batch.id);
    if (status && current && current.status !== status) reporter.status(batch.id, status);
    // A video moved on (or failed): the work left changed (a status change above already re-estimated).
    else reporter.refreshEstimate(batch.id);
  };

  const overall = () => {
    const views = store.videos(batch.id).map((r) => videoChainProgress(nameOf(positionOf(r)), fractions.get(r.id) ?? 0, registry));
    return overallPercent('VIDEOS', views.reduce((a, b) => a + b, 0) / Math.max(1, views.length), ranges);
  };

  /** Runs one stage of one video and stores its output; false when the video failed. */
  const step = async (row: VideoRow, stage: VideoStageDefinition): Promise<boolean> => {
    store.updateVideo(row.id, { status: stage.videoStatus, error: null });
    fractions.set(row.id, 0);
    refresh();
    let lastSaved = 0;
    const control = {
      signal,
      onProgress: (fraction: number, message?: string) => {
        fractions.set(row.id, fraction);
        const run = store.stages(batch.id).find((s) => s.stage === stage.name);
        // Persist the video's percent at most once a second; events go out every time.
        const t = Date.now();
        if (t - lastSaved >= 1000) {
          lastSaved = t;
          store.updateVideo(row.id, { progress: videoChainProgress(stage.name, fraction, registry) });
        }
        reporter.progress(batch.id, {
          progress: overall(),
          stage: stage.name,
          videoIndex: row.index,
          itemsDone: run?.itemsDone ?? 0,
          itemsTotal: total,
          message: message ?? `video ${row.index}: ${stage.labels.action} ${Math.round(fraction * 100)}%`,
        });
      },
    };
    // Timed from the attempt that succeeds: waiting for the shared limit or a retry's backoff is not work.
    let started = ctx.now();
    const once = () => {
      started = ctx.now();
      return stage.run(toWork(row, store.get(batch.id)!, deps.config.dataDir), settings, deps, control);
    };
    const limit = stage.limit ? ctx.limits[stage.limit] : null;
    try {
      const out = await runAttempts(stage, () => (limit ? limit.run(once, signal) : once()), {
        signal,
        baseDelayMs: deps.config.retryBaseDelayMs,
        subject: `video ${row.index}`,
        announce: (message) => reporter.publish(batch.id, { stage: stage.name, videoIndex: row.index, message }),
      });
      const saved = stage.save(out);
      store.updateVideo(row.id, saved.video);
      const sample = videoStageSample(stage.name, store.video(row.id)!, batch, (ctx.now().getTime() - started.getTime()) / 1000);
      if (sample) ctx.throughput.record(sample);
      if (saved.usage) store.addUsage(batch.id, saved.usage);
      return true;
    } catch (err) {
      if (isAbort(err) || signal.aborted) throw err;
      const message = `${stage.labels.action} failed: ${messageOf(err)}`;
      deps.log.warn({ batchId: batch.id, video: row.index, err: messageOf(err) }, 'video failed');
      // A refused file may still have been measured (too long): keep what the probe found.
      const probe = (err as { probe?: VideoRow['probe'] }).probe;
      store.updateVideo(row.id, { status: 'FAILED', error: message, ...(probe ? { probe } : {}) });
      refresh();
      reporter.publish(batch.id, { stage: stage.name, videoIndex: row.index, message: `video ${row.index}: ${message}`, force: true });
      return false;
    }
  };

  const runOne = async (initial: VideoRow): Promise<void> => {
    let row = initial;
    for (;;) {
      const stage = positionOf(row);
      if (stage === 'FAILED') return;
      if (stage === 'DONE') {
        if (row.status !== 'READY') store.updateVideo(row.id, { status: 'READY', progress: 1, error: null });
        refresh();
        return;
      }
      if (!(await step(row, stage))) return;
      row = store.video(row.id)!;
    }
  };

  refresh();
  const results = await Promise.allSettled(store.videos(batch.id).map((v) => runOne(v)));
  const aborted = results.find((r) => r.status === 'rejected');
  if (aborted) throw (aborted as PromiseRejectedResult).reason;
  refresh();
}
