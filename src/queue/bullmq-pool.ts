/**
 * The MediaPool over BullMQ: every ffmpeg/ffprobe run becomes a job that an
 * `autoclip worker` anywhere runs. The server stays the source of truth: it
 * tracks each job it waits for, and a watchdog re-enqueues a job Redis lost
 * (restarted empty) and settles jobs whose events it missed. A Redis outage
 * only delays runs, up to QUEUE_REDIS_WAIT_SECONDS (job-tracker.ts). Identical
 * runs share one job id, so a restarted server re-attaches to a job still running.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import { AbortError } from '../domain/errors.js';
import { confirmLocalInput } from '../workers/ffmpeg/confirm-input.js';
import type { ProbeInfo } from '../domain/types.js';
import type { FfmpegProgress, FfmpegRequest, FfmpegResult, MediaPool, QueueHealth, RunControl, SmartClipOutcome, SmartClipRequest } from '../workers/media-pool.js';
import { prepareJob } from './job-builder.js';
import type { JobFiles } from './job-files.js';
import { tokenizeFfmpeg, tokenizeProbe, tokenizeSmart, type MediaJobResult, type TokenizedRequest } from './job-spec.js';
import { createOutputProbes } from './output-probes.js';
import { describeQueue } from './queue-health.js';
import { connectRedis, queueKeys } from './redis.js';
import { createJobTracker } from './job-tracker.js';
import { watchRedisOutage } from './redis-outage.js';
import type { Waiter } from './tracked-job.js';
import type { QueueConfig } from './queue-config.js';

// How long close() waits for Redis (cancels, connection close) before it lets go.
const CLOSE_WAIT_MS = 3000;
const grace = () => new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref());

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
  const queueConnection = connectRedis(cfg.redisUrl, 'autoclip-server-queue');
  const queue = new Queue(cfg.name, { connection: queueConnection });
  const eventsConnection = connectRedis(cfg.redisUrl, 'autoclip-server-events');
  const events = new QueueEvents(cfg.name, { connection: eventsConnection });
  const trouble = (err: Error) => log.warn({ err: err.message }, 'redis connection trouble');
  queue.on('error', trouble);
  events.on('error', trouble);
  redis.on('error', trouble);
  // The connections' own errors are the same trouble, already reported through queue and events.
  for (const c of [queueConnection, eventsConnection]) c.on('error', () => undefined);
  let detached = false;
  let closing: Promise<void> | null = null;
  let workerSlots = 1;
  const outage = watchRedisOutage(queueConnection, { url: cfg.redisUrl, waitMs: cfg.redisWaitSeconds * 1000, log });
  const tracker = createJobTracker({ queue, redis, keys, files, log, outage, stopped: () => detached || closing !== null });
  const { tracked, check, cancel } = tracker;
  const outputProbes = createOutputProbes();

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
    tracker.sweep();
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
      await tracker.start(entry);
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
      const tokenized = tokenizeFfmpeg(request, options.serverRoots);
      const result = await run(tokenized, control, request.cleanupPaths ?? []);
      for (const out of tokenized.outputs) {
        const probe = result.outputProbes?.[out.token];
        if (probe && !out.dir) await outputProbes.remember(out.path, probe);
      }
      return result.ffmpeg ?? { stderrTail: '' };
    },

    async smartClip(request: SmartClipRequest, control: RunControl = {}): Promise<SmartClipOutcome> {
      for (const input of request.localInputs ?? []) await confirmLocalInput(input);
      const result = await run(tokenizeSmart(request, options.serverRoots), control, [request.output]);
      if (!result.smart) throw new Error('the worker returned no smart-render outcome');
      return result.smart;
    },

    async probe(file: string, control: { signal?: AbortSignal; group?: string } = {}): Promise<ProbeInfo> {
      const known = await outputProbes.take(file);
      if (known) return known;
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
        // Cancels wait for Redis; a server stopping during an outage does not wait for it.
        if (!detached) await Promise.race([Promise.all([...tracked.values()].map((t) => cancel(t))), grace()]);
        for (const t of tracked.values()) for (const w of t.waiters) w.reject(new AbortError('media pool is closed'));
        tracked.clear();
        await Promise.race([Promise.allSettled([events.close(), queue.close()]), grace()]);
        for (const c of [queueConnection, eventsConnection, redis]) c.disconnect();
      })();
      return closing;
    },
  };
}
