/**
 * A smart render of one clip on a worker: the same code the embedded driver
 * runs (render/smart-render.ts), over the worker's downloaded copy of the
 * source, with its parts run one after another through the worker's own
 * ffmpeg. The clip is kept only when proven exact; otherwise the outcome says
 * why and the server re-encodes the clip as a plain render job.
 */
import { AbortError } from '../domain/errors.js';
import { probeMedia } from '../workers/ffmpeg/probe.js';
import { runFfmpeg } from '../workers/ffmpeg/run.js';
import type { FfmpegProgress, MediaPool, SmartClipOutcome } from '../workers/media-pool.js';
import type { OutputShape } from '../render/output-shape.js';
import { loadSmartSource, smartRenderClip, type SmartSource } from '../render/smart-render.js';
import type { SmartJobParams } from './job-spec.js';

/** What a job's ffmpeg runs need from their worker. */
export interface SmartJobContext {
  ffmpegPath: string;
  ffprobePath: string;
  signal: AbortSignal;
  /** ffmpeg with no progress for this long is killed (the runner's watchdog). */
  stallMs?: number;
  onProgress(progress: FfmpegProgress): void;
  onSpawn?(pid: number): void;
  onExit?(pid: number): void;
  /** Sources already indexed by this worker (see createSmartSources); without it each job indexes its own. */
  smartSources?: SmartSources;
}

/** A worker's indexed sources, by input content key. */
export type SmartSources = ReturnType<typeof createSmartSources>;

/**
 * Keeps the last `limit` sources this worker indexed, by content key: a
 * render's clips from one source are separate jobs, and each needs the same
 * packet index (the embedded driver keeps it per render, render/smart-clips.ts).
 * A failed index is not kept.
 */
export function createSmartSources(limit = 8) {
  const entries = new Map<string, Promise<SmartSource | null>>();
  return {
    /** The index of `file`, whose input key is `key`: kept, or read now. */
    load(key: string | undefined, ffprobePath: string, file: string, signal: AbortSignal): Promise<SmartSource | null> {
      const read = () => loadSmartSource(ffprobePath, file, signal).catch(() => null);
      if (!key) return read();
      const kept = entries.get(key);
      entries.delete(key);
      const loading = kept ?? read();
      entries.set(key, loading);
      void loading.then((s) => s === null && entries.get(key) === loading && entries.delete(key));
      while (entries.size > limit) entries.delete(entries.keys().next().value!);
      return loading;
    },
  };
}

/** A pool of one over the worker's ffmpeg: a job slot runs one ffmpeg at a time. */
function serialPool(ctx: SmartJobContext): MediaPool {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    size: 1,
    driver: 'local',
    ffmpeg(request, control = {}) {
      const next = tail.then(() => {
        let pid: number | null = null;
        return runFfmpeg(ctx.ffmpegPath, request, {
          signal: control.signal ?? ctx.signal,
          stallMs: ctx.stallMs,
          onProgress: control.onProgress,
          onSpawn: (p) => {
            pid = p;
            ctx.onSpawn?.(p);
          },
        }).finally(() => pid !== null && ctx.onExit?.(pid));
      });
      tail = next.catch(() => undefined);
      return next;
    },
    probe: (file, control = {}) => probeMedia(ctx.ffprobePath, file, control.signal ?? ctx.signal),
    stats: () => ({ running: 0, queued: 0 }),
    close: async () => undefined,
  };
}

/** Smart-renders `source` into `output`; throws only AbortError (anything else is an outcome). */
export async function runSmartJob(source: { path: string; key?: string }, output: string, params: SmartJobParams, ctx: SmartJobContext): Promise<SmartClipOutcome> {
  const shape = params.shape as OutputShape;
  const indexed = ctx.smartSources
    ? await ctx.smartSources.load(source.key, ctx.ffprobePath, source.path, ctx.signal)
    : await loadSmartSource(ctx.ffprobePath, source.path, ctx.signal).catch(() => null);
  if (ctx.signal.aborted) throw new AbortError();
  const duration = params.end - params.start;
  return smartRenderClip({ source: source.path, probe: params.probe, start: params.start, end: params.end, output }, indexed, shape, {
    pool: serialPool(ctx),
    ffprobePath: ctx.ffprobePath,
    signal: ctx.signal,
    onProgress: (fraction) => ctx.onProgress({ fraction, outTimeSeconds: fraction * duration, speed: null }),
  });
}
