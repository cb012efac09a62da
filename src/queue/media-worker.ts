/**
 * `autoclip worker`: a BullMQ worker that runs WORKER_CONCURRENCY media jobs
 * at once. It listens for cancels on a Redis channel (stopping the ffmpeg of
 * that job), beats in the workers hash for health, records its ffmpeg pids in
 * WORK_DIR so a restarted worker stops the orphans of a killed one, and uses
 * the queue's stall settings so a job of a dead worker is taken up again.
 */
import path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { MediaTools } from '../workers/ffmpeg/resolve.js';
import { forgetPid, reapOrphans, recordPid } from '../workers/pid-registry.js';
import { killAllFfmpeg } from '../workers/ffmpeg/run.js';
import { HEARTBEAT_MS, beat, forget } from './heartbeat.js';
import { LOCK_LOST, holdJobLock } from './job-lock.js';
import type { MediaJobData, MediaJobResult } from './job-spec.js';
import { createInputCache } from './input-cache.js';
import type { WorkerConfig } from './queue-config.js';
import { connectRedis, queueKeys } from './redis.js';
import { runJob } from './run-job.js';
import { createSmartSources } from './run-smart-job.js';

/** A running worker. */
export interface MediaWorker {
  /** Stops taking jobs; waits for running ones unless `force`, which stops their ffmpeg and hands the jobs back to the queue. */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts the worker; it takes jobs at once.
 * Long because the BullMQ worker, its cancel channel, heartbeat and ordered close share one set of connections.
 */
export async function startMediaWorker(config: WorkerConfig, tools: MediaTools, log: Logger): Promise<MediaWorker> {
  if (!/^[A-Za-z0-9_./-]+$/.test(config.workDir)) {
    throw new Error(`WORK_DIR must be a plain path (letters, digits, _ . / -) because it appears inside ffmpeg filter graphs: ${config.workDir}`);
  }
  const pidDir = path.join(config.workDir, 'run', 'ffmpeg');
  const cache = await createInputCache(path.join(config.workDir, 'cache'), config.inputCacheBytes);
  const smartSources = createSmartSources();
  const orphans = reapOrphans(pidDir);
  if (orphans.length) log.warn({ pids: orphans }, 'stopped ffmpeg processes left running by a previous worker');
  const q = config.queue;
  const keys = queueKeys(q.name);
  const redis = connectRedis(q.redisUrl, `autoclip-worker-${config.name}`);
  const subscriber = connectRedis(q.redisUrl, `autoclip-worker-${config.name}-cancel`);
  // Runs in progress (two runs of one job id may overlap: see job-lock.ts).
  let running = 0;
  let stopping = false;

  const processor = async (job: Job<MediaJobData, MediaJobResult>, token?: string, signal?: AbortSignal): Promise<MediaJobResult> => {
    const jobId = job.id!;
    if (await redis.exists(keys.cancelled(jobId))) throw new UnrecoverableError('cancelled');
    running++;
    const lost = new AbortController();
    const release = holdJobLock(job, token, q.lockDurationMs, () => {
      log.warn({ jobId }, LOCK_LOST);
      lost.abort();
    });
    const abort = signal ? AbortSignal.any([signal, lost.signal]) : lost.signal;
    try {
      const result = await runJob(jobId, job.data, {
        workerName: config.name,
        workDir: config.workDir,
        cache,
        smartSources,
        ffmpegPath: tools.ffmpegPath,
        ffprobePath: tools.ffprobePath,
        signal: abort,
        stallMs: config.ffmpegStallSeconds * 1000,
        onProgress: (p) => void job.updateProgress(p).catch(() => undefined),
        onSpawn: (pid) => recordPid(pidDir, pid, tools.ffmpegPath),
        onExit: (pid) => forgetPid(pidDir, pid),
      });
      log.info({ jobId, kind: job.data.kind, transfer: result.transfer, failed: result.failure?.message }, 'job done');
      return result;
    } catch (err) {
      // Stopping: the job goes back to the queue. Cancelled: fail for good. Anything else: BullMQ retries with backoff.
      if (stopping) throw new Error(`worker ${config.name} stopped during the job`);
      if (lost.signal.aborted) throw new UnrecoverableError(LOCK_LOST);
      if ((err as Error).name === 'AbortError' || abort.aborted) throw new UnrecoverableError('cancelled');
      log.warn({ jobId, err: (err as Error).message }, 'job failed; it may be retried');
      throw err;
    } finally {
      release();
      running--;
    }
  };

  const worker = new Worker<MediaJobData, MediaJobResult>(q.name, processor, {
    connection: connectRedis(q.redisUrl, `autoclip-worker-${config.name}-jobs`),
    concurrency: config.concurrency,
    name: config.name,
    lockDuration: q.lockDurationMs,
    stalledInterval: q.stalledIntervalMs,
    maxStalledCount: 3,
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker trouble (redis?)'));
  redis.on('error', () => undefined);
  subscriber.on('error', () => undefined);

  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on('message', (_channel, jobId: string) => {
    if (worker.cancelJob(jobId, 'cancelled')) log.info({ jobId }, 'cancelling a running job');
  });

  const sendBeat = () =>
    beat(redis, keys.workers, {
      name: config.name,
      concurrency: config.concurrency,
      runningJobs: running,
      lastSeen: new Date().toISOString(),
      lockDurationMs: q.lockDurationMs,
      stalledIntervalMs: q.stalledIntervalMs,
    }).catch(() => undefined);
  await sendBeat();
  const heart = setInterval(sendBeat, HEARTBEAT_MS);
  log.info({ name: config.name, concurrency: config.concurrency, queue: q.name, workDir: config.workDir }, 'autoclip worker ready');

  let closing: Promise<void> | null = null;
  return {
    close(force = false) {
      closing ??= (async () => {
        clearInterval(heart);
        if (force) {
          stopping = true;
          worker.cancelAllJobs('worker stopping');
        }
        await worker.close();
        killAllFfmpeg();
        await forget(redis, keys.workers, config.name).catch(() => undefined);
        subscriber.disconnect();
        redis.disconnect();
      })();
      return closing;
    },
  };
}
