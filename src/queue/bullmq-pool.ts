/**
 * The MediaPool over BullMQ: every ffmpeg/ffprobe run becomes a job that an
 * `autoclip worker` anywhere runs. The server stays the source of truth: it
 * tracks each job it waits for, and a watchdog re-enqueues a job Redis lost
 * (restarted empty) and settles jobs whose events it missed. Identical runs
 * share one job id, so a restarted server re-attaches to a job still running.
 */
import { rm } from 'node:fs/promises';
import { Queue, QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import { AbortError } from '../domain/errors.js';
import { confirmLocalInput } from '../workers/ffmpeg/confirm-input.js';
import type { ProbeInfo } from '../domain/types.js';
import type { FfmpegProgress, FfmpegRequest, FfmpegResult, MediaPool, QueueHealth, RunControl } from '../workers/media-pool.js';
import { prepareJob, rebuildFailure } from './job-builder.js';
import type { JobFiles } from './job-files.js';
import { safeExt, tokenizeFfmpeg, tokenizeProbe, type MediaJobResult, type TokenizedRequest } from './job-spec.js';
import { describeQueue } from './queue-health.js';
import { connectRedis, queueKeys } from './redis.js';
import { CANCEL_WAIT_MS, RETENTION, type Tracked, type Waiter } from './tracked-job.js';
import type { QueueConfig } from './queue-config.js';

/** How the pool is built. */
export interface BullmqPoolOptions {
  queue: QueueConfig & { redisUrl: string };
  files: JobFiles;
  /** Server directories no job may name (DATA_DIR, media roots): a leak is a bug, refused before it reaches a worker. */
  serverRoots: string[];
  log: Logger;
  /** How often tracked jobs are checked against Redis. */
  pollMs?: number;
}

/** Connects to Redis and returns the pool; nothing runs until a worker takes a job. Long because the
 * tracked jobs, events and watchdog share one map and connection (settle, cancel, run close over them). */
export function createBullmqPool(options: BullmqPoolOptions): MediaPool {
  const { files, log } = options;
  const cfg = options.queue;
  const keys = queueKeys(cfg.name);
  const redis = connectRedis(cfg.redisUrl, 'autoclip-server');
  const queue = new Queue(cfg.name, { connection: connectRedis(cfg.redisUrl, 'autoclip-server-queue') });
  const events = new QueueEvents(cfg.name, { connection: connectRedis(cfg.redisUrl, 'autoclip-server-events') });
  const trouble = (err: Error) => log.warn({ err: err.message }, 'redis connection trouble');
  queue.on('error', trouble);
  events.on('error', trouble);
  redis.on('error', trouble);
  const tracked = new Map<string, Tracked>();
  let detached = false;
  let closing: Promise<void> | null = null;
  let workerSlots = 1;

  const enqueue = async (t: Tracked): Promise<void> => {
    const { jobId, request } = t.prepared;
    const sameGroup = [...tracked.values()].filter((o) => o !== t && o.prepared.request.group === request.group).length;
    // Fairness across batches: a batch's n-th pending job waits behind every other batch's (n-1)-th.
    await queue.add(request.kind, await t.prepared.build(), {
      jobId,
      priority: Math.min(2_000_000, 1 + sameGroup),
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: RETENTION,
      removeOnFail: RETENTION,
    });
  };

  /**
   * Ends a job for all its waiters: outputs are collected first, then the job and
   * its files are removed, and only then are the waiters told, so a stage that
   * retries at once finds no leftover job with the same id.
   */
  const settle = (t: Tracked, outcome: { result?: MediaJobResult; error?: Error }): Promise<void> => {
    t.settling ??= (async () => {
      const { jobId } = t.prepared;
      const result = outcome.result;
      const live = t.waiters.filter((w) => !w.aborted);
      const answers: Array<() => void> = [];
      for (const w of t.waiters) {
        try {
          if (w.aborted || !result || result.failure) throw w.aborted ? new AbortError() : result?.failure ? rebuildFailure(result.failure) : outcome.error!;
          const keep = live.indexOf(w) < live.length - 1;
          for (const out of w.outputs) {
            if (result.uploaded.includes(out.token)) await files.collect(jobId, { token: out.token, ext: safeExt(out.path), dir: out.dir }, out.path, keep);
          }
          answers.push(() => w.resolve(result));
        } catch (err) {
          await Promise.all(w.cleanupPaths.map((p) => rm(p, { force: true, recursive: true }).catch(() => undefined)));
          answers.push(() => w.reject(err as Error));
        }
      }
      await queue.remove(jobId).catch(() => 0);
      await files.cleanup(jobId).catch((err: Error) => log.warn({ jobId, err: err.message }, 'could not remove a job’s files'));
      tracked.delete(jobId);
      for (const answer of answers) answer();
    })();
    return t.settling;
  };

  /** Looks the job up in Redis and acts on its state. */
  const check = async (t: Tracked): Promise<void> => {
    if (t.busy || t.settling || detached || tracked.get(t.prepared.jobId) !== t) return;
    t.busy = true;
    try {
      const { jobId } = t.prepared;
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed') return await settle(t, { result: job!.returnvalue as MediaJobResult });
      if (state === 'failed') {
        const reason = job!.failedReason ?? 'failed';
        return await settle(t, { error: t.cancelDeadline !== null ? new AbortError() : new Error(`a worker could not run ${t.prepared.request.kind}: ${reason}`) });
      }
      if (t.cancelDeadline !== null) {
        if (state === 'unknown' || Date.now() > t.cancelDeadline) await settle(t, { error: new AbortError() });
        return;
      }
      t.active = state === 'active';
      if (state === 'unknown') {
        log.warn({ jobId }, 'a job is gone from Redis (restarted empty?); enqueueing it again');
        await enqueue(t);
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'checking a job failed; will try again');
    } finally {
      t.busy = false;
    }
  };

  const cancel = async (t: Tracked): Promise<void> => {
    if (t.cancelDeadline !== null) return;
    t.cancelDeadline = Date.now() + CANCEL_WAIT_MS;
    const { jobId } = t.prepared;
    try {
      await redis.set(keys.cancelled(jobId), '1', 'EX', 3600);
      // A waiting job is simply removed; a running one (locked) is stopped by its worker.
      if ((await queue.remove(jobId)) === 1) return await settle(t, { error: new AbortError() });
      await redis.publish(keys.cancelChannel, jobId);
    } catch (err) {
      log.warn({ jobId, err: (err as Error).message }, 'could not cancel a job; the watchdog gives up on it later');
    }
  };

  events.on('progress', ({ jobId, data }) => {
    const t = tracked.get(jobId);
    if (!t || typeof data !== 'object' || data === null) return;
    for (const w of t.waiters) {
      try {
        if (!w.aborted) w.control.onProgress?.(data as FfmpegProgress);
      } catch {
        // A faulty listener must not break the run.
      }
    }
  });
  for (const name of ['completed', 'failed', 'active'] as const) {
    events.on(name, ({ jobId }: { jobId: string }) => {
      const t = tracked.get(jobId);
      if (t) void check(t);
    });
  }
  const pollMs = options.pollMs ?? Math.min(2000, Math.max(250, Math.floor(cfg.stalledIntervalMs / 2)));
  const watchdog = setInterval(() => {
    for (const t of tracked.values()) void check(t);
  }, pollMs);
  watchdog.unref();

  const run = async (request: TokenizedRequest, control: RunControl, cleanupPaths: string[]): Promise<MediaJobResult> => {
    if (closing || detached) throw new AbortError('media pool is closed');
    if (control.signal?.aborted) throw new AbortError();
    const prepared = await prepareJob(request, files);
    let t = tracked.get(prepared.jobId);
    while (t?.settling) {
      await t.settling;
      t = tracked.get(prepared.jobId);
    }
    const fresh = !t;
    if (!t) {
      t = { prepared, waiters: [], cancelDeadline: null, busy: false, active: false };
      tracked.set(prepared.jobId, t);
    }
    const entry = t;
    const promise = new Promise<MediaJobResult>((resolve, reject) => {
      const waiter: Waiter = { control, outputs: request.outputs, cleanupPaths, resolve, reject, aborted: false };
      entry.waiters.push(waiter);
      control.signal?.addEventListener(
        'abort',
        () => {
          if (detached) return;
          waiter.aborted = true;
          if (entry.waiters.every((w) => w.aborted)) void cancel(entry);
        },
        { once: true },
      );
    });
    if (fresh) {
      // An existing job with this id (a restarted server's run) is kept as it is: we re-attach to it.
      await enqueue(entry).catch(async (err: Error) => settle(entry, { error: err }));
      void check(entry);
    }
    return promise;
  };

  return {
    driver: 'bullmq',
    get size() {
      return workerSlots;
    },

    async ffmpeg(request: FfmpegRequest, control: RunControl = {}): Promise<FfmpegResult> {
      // Users' files are re-checked here, where they live, before they are handed to a worker.
      for (const input of request.localInputs ?? []) await confirmLocalInput(input);
      const result = await run(tokenizeFfmpeg(request, options.serverRoots), control, request.cleanupPaths ?? []);
      return result.ffmpeg ?? { stderrTail: '' };
    },

    async probe(file: string, control: { signal?: AbortSignal; group?: string } = {}): Promise<ProbeInfo> {
      const result = await run(tokenizeProbe(file, control.group ?? ''), { signal: control.signal }, []);
      if (!result.probe) throw new Error('the worker returned no probe');
      return result.probe;
    },

    stats() {
      const all = [...tracked.values()];
      const running = all.filter((t) => t.active).length;
      return { running, queued: all.length - running };
    },

    async queueHealth(): Promise<QueueHealth> {
      const health = await describeQueue({ queue, redis, workersKey: keys.workers, lockDurationMs: cfg.lockDurationMs, stalledIntervalMs: cfg.stalledIntervalMs });
      workerSlots = Math.max(1, health.workers.reduce((s, w) => s + w.concurrency, 0));
      return health;
    },

    detach() {
      detached = true;
      for (const t of tracked.values()) for (const w of t.waiters) w.reject(new AbortError('server stopping'));
      tracked.clear();
    },

    close(): Promise<void> {
      closing ??= (async () => {
        clearInterval(watchdog);
        if (!detached) await Promise.all([...tracked.values()].map((t) => cancel(t)));
        for (const t of tracked.values()) for (const w of t.waiters) w.reject(new AbortError('media pool is closed'));
        tracked.clear();
        await Promise.allSettled([events.close(), queue.close()]);
        redis.disconnect();
      })();
      return closing;
    },
  };
}
