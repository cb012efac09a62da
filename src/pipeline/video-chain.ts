/**
 * Stages 1–4 as a chain per video: each video moves on as soon as its own
 * previous step is done. Every step's output is stored before the next begins.
 */
import fs from 'node:fs';
import type { BatchRow, BatchStore, VideoRow } from '../db/batch-store.js';
import { toSettings, toWork } from '../db/batch-store.js';
import { isAbort, messageOf } from '../domain/errors.js';
import { nextVideoStage, overallPercent, statusForVideos, videoChainProgress } from './progress.js';
import type { Reporter } from './reporter.js';
import { withRetry } from './retry.js';
import type { Semaphore } from './semaphore.js';
import type { StageDeps } from './stage-deps.js';
import { STAGE_ATTEMPTS, type StageModules } from './stage-modules.js';
import { VIDEO_STAGES, VIDEO_STATUS_OF_STAGE, type VideoStage } from '../domain/statuses.js';

/** Limits shared by every batch of the server. */
export interface ChainLimits {
  analysis: Semaphore;
  uploads: Semaphore;
}

/** Where a video row stands, checking the files it points at. */
export function videoStageOf(row: VideoRow): VideoStage | 'DONE' | 'FAILED' {
  return nextVideoStage({
    status: row.status,
    sourceType: row.sourceType,
    hasProbe: !!row.probe,
    localFileExists: !!row.localPath && fs.existsSync(row.localPath),
    compressedFileExists: !!row.compressed && fs.existsSync(row.compressed.path),
    hasTemp: !!row.tempKey,
    hasAnalysis: !!row.analysis,
  });
}

const ACTION: Record<VideoStage, string> = {
  PREPARATION: 'preparation',
  COMPRESSION: 'compression',
  TEMP_UPLOAD: 'temp upload',
  VL_ANALYSIS: 'analysis',
};

/** Runs every unfinished video's chain; resolves when each video is READY or FAILED. */
export async function runVideoChains(
  batch: BatchRow,
  ctx: { store: BatchStore; reporter: Reporter; deps: StageDeps; stages: StageModules; limits: ChainLimits; signal: AbortSignal },
): Promise<void> {
  const { store, reporter, deps, stages, limits, signal } = ctx;
  const settings = toSettings(batch);
  const fractions = new Map<string, number>();
  const total = store.videos(batch.id).length;

  const refresh = () => {
    const rows = store.videos(batch.id);
    const views = rows.map((r) => ({ row: r, stage: videoStageOf(r) }));
    for (const s of VIDEO_STAGES) {
      const i = VIDEO_STAGES.indexOf(s);
      const done = views.filter((v) => v.stage === 'DONE' || v.stage === 'FAILED' || VIDEO_STAGES.indexOf(v.stage) > i).length;
      const started = views.some((v) => v.stage !== 'FAILED' && (v.stage === 'DONE' || VIDEO_STAGES.indexOf(v.stage) >= i));
      const failedAll = done === total && views.every((v) => v.stage === 'FAILED');
      reporter.stage(batch.id, s, {
        itemsTotal: total,
        itemsDone: done,
        status: done === total ? (failedAll ? 'FAILED' : 'COMPLETED') : started ? 'RUNNING' : 'PENDING',
      });
    }
    const status = statusForVideos(views.map((v) => ({ stage: v.stage, sourceType: v.row.sourceType })));
    const current = store.get(batch.id);
    if (status && current && current.status !== status) reporter.status(batch.id, status);
    return views;
  };

  const overall = () => {
    const views = store.videos(batch.id).map((r) => videoChainProgress(videoStageOf(r), fractions.get(r.id) ?? 0));
    return overallPercent('VIDEOS', views.reduce((a, b) => a + b, 0) / Math.max(1, views.length));
  };

  const runOne = async (initial: VideoRow): Promise<void> => {
    let row = initial;
    for (;;) {
      const stage = videoStageOf(row);
      if (stage === 'FAILED') return;
      if (stage === 'DONE') {
        if (row.status !== 'READY') store.updateVideo(row.id, { status: 'READY', progress: 1, error: null });
        refresh();
        return;
      }
      store.updateVideo(row.id, { status: VIDEO_STATUS_OF_STAGE[stage], error: null });
      fractions.set(row.id, 0);
      refresh();
      let lastSaved = 0;
      const control = {
        signal,
        onProgress: (fraction: number, message?: string) => {
          fractions.set(row.id, fraction);
          const run = store.stages(batch.id).find((s) => s.stage === stage);
          // Persist the video's percent at most once a second; events go out every time.
          const t = Date.now();
          if (t - lastSaved >= 1000) {
            lastSaved = t;
            store.updateVideo(row.id, { progress: videoChainProgress(stage, fraction) });
          }
          reporter.progress(batch.id, {
            progress: overall(),
            stage,
            videoIndex: row.index,
            itemsDone: run?.itemsDone ?? 0,
            itemsTotal: total,
            message: message ?? `video ${row.index}: ${ACTION[stage]} ${Math.round(fraction * 100)}%`,
          });
        },
      };
      const work = () => toWork(row, store.get(batch.id)!, deps.config.dataDir);
      const attempt = () =>
        withRetry(
          async () => {
            switch (stage) {
              case 'PREPARATION': {
                const out = await stages.prepareVideo(work(), settings, deps, control);
                store.updateVideo(row.id, { localPath: out.localPath, downloaded: out.downloaded, probe: out.probe });
                return;
              }
              case 'COMPRESSION': {
                const out = await stages.compressVideo(work(), settings, deps, control);
                store.updateVideo(row.id, { compressed: out });
                return;
              }
              case 'TEMP_UPLOAD': {
                const out = await limits.uploads.use(() => stages.uploadTemp(work(), settings, deps, control), signal);
                store.updateVideo(row.id, { tempKey: out.key, tempUrl: out.url, tempExpiresAt: out.expiresAt });
                return;
              }
              case 'VL_ANALYSIS': {
                const out = await limits.analysis.use(() => stages.analyzeVideo(work(), settings, deps, control), signal);
                store.updateVideo(row.id, { analysis: out.analysis, transcript: out.transcript });
                store.addUsage(batch.id, out.usage);
                return;
              }
            }
          },
          {
            attempts: STAGE_ATTEMPTS[stage],
            baseDelayMs: deps.config.retryBaseDelayMs,
            signal,
            onRetry: (n, err) =>
              reporter.publish(batch.id, {
                stage,
                videoIndex: row.index,
                message: `video ${row.index}: ${ACTION[stage]} attempt ${n} failed (${messageOf(err)}), retrying`,
              }),
          },
        );
      try {
        await attempt();
      } catch (err) {
        if (isAbort(err) || signal.aborted) throw err;
        const message = `${ACTION[stage]} failed: ${messageOf(err)}`;
        deps.log.warn({ batchId: batch.id, video: row.index, err: messageOf(err) }, 'video failed');
        // A refused file may still have been measured (too long): keep what the probe found.
        const probe = (err as { probe?: VideoRow['probe'] }).probe;
        store.updateVideo(row.id, { status: 'FAILED', error: message, ...(probe ? { probe } : {}) });
        refresh();
        reporter.publish(batch.id, { stage, videoIndex: row.index, message: `video ${row.index}: ${message}`, force: true });
        return;
      }
      row = store.video(row.id)!;
    }
  };

  refresh();
  const results = await Promise.allSettled(store.videos(batch.id).map((v) => runOne(v)));
  const aborted = results.find((r) => r.status === 'rejected');
  if (aborted) throw (aborted as PromiseRejectedResult).reason;
  refresh();
}
