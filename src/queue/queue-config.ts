/**
 * The queue's configuration, read by the server and by `autoclip worker`:
 * which driver runs ffmpeg, where Redis is, and the stall timings that must be
 * the same on every process of one queue.
 */
import os from 'node:os';
import path from 'node:path';
import { ConfigError, int, oneOf, optional, str, type Env } from '../config-readers.js';

/** What server and workers share about the queue. */
export interface QueueConfig {
  /** local: ffmpeg in this process's thread pool; bullmq: jobs on Redis run by `autoclip worker`. */
  driver: 'local' | 'bullmq';
  /** Redis connection URL (required for bullmq). */
  redisUrl: string | null;
  /** BullMQ queue name; every server and worker of one deployment uses the same. */
  name: string;
  /** How long a worker's job lock lasts without renewal; a dead worker's job is retaken after it. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs. Every worker of a queue must use the same value. */
  stalledIntervalMs: number;
  /** How long signed input and upload links of a job stay valid. */
  linkTtlSeconds: number;
  /** How long the server's runs wait for an unreachable Redis before they fail saying so. */
  redisWaitSeconds: number;
}

/** What a worker process needs beyond the queue. */
export interface WorkerConfig {
  queue: QueueConfig & { redisUrl: string };
  /** Jobs (ffmpeg processes) at once. */
  concurrency: number;
  /** Scratch folder for inputs and outputs; each job's subfolder is removed when it ends. */
  workDir: string;
  /** How this worker appears in health. */
  name: string;
  ffmpegPath: string | null;
  ffprobePath: string | null;
  /** ffmpeg with no progress for this long is killed (as on the server). */
  ffmpegStallSeconds: number;
  /** Bytes of downloaded inputs kept in WORK_DIR/cache for later jobs; 0: none. */
  inputCacheBytes: number;
  logLevel: string;
}

/** Reads QUEUE_DRIVER, REDIS_URL and the queue timings. */
export function loadQueueConfig(env: Env): QueueConfig {
  const driver = oneOf(env, 'QUEUE_DRIVER', ['local', 'bullmq'] as const, 'local');
  const redisUrl = optional(env, 'REDIS_URL');
  if (driver === 'bullmq' && !redisUrl) throw new ConfigError('REDIS_URL', 'is required when QUEUE_DRIVER=bullmq (e.g. redis://127.0.0.1:6379)');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', `must start with redis:// or rediss://, got "${redisUrl}"`);
  const lockDurationMs = int(env, 'QUEUE_LOCK_DURATION_MS', 30_000, 1000, 600_000);
  const stalledIntervalMs = int(env, 'QUEUE_STALLED_INTERVAL_MS', 15_000, 500, 600_000);
  const name = str(env, 'QUEUE_NAME', 'autoclip-media');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new ConfigError('QUEUE_NAME', 'must be 1..64 letters, digits, - or _');
  return {
    driver,
    redisUrl,
    name,
    lockDurationMs,
    stalledIntervalMs,
    linkTtlSeconds: int(env, 'QUEUE_LINK_TTL_SECONDS', 24 * 3600, 60, 7 * 24 * 3600),
    redisWaitSeconds: int(env, 'QUEUE_REDIS_WAIT_SECONDS', 300, 5, 24 * 3600),
  };
}

/** Reads a worker's configuration: REDIS_URL is required, QUEUE_DRIVER is irrelevant. */
export function loadWorkerConfig(env: Env, cwd: string = process.cwd()): WorkerConfig {
  const queue = loadQueueConfig({ ...env, QUEUE_DRIVER: 'bullmq' });
  return {
    queue: { ...queue, redisUrl: queue.redisUrl! },
    concurrency: int(env, 'WORKER_CONCURRENCY', Math.max(1, os.availableParallelism()), 1, 64),
    workDir: path.resolve(cwd, str(env, 'WORK_DIR', path.join(os.tmpdir(), 'autoclip-worker'))),
    name: str(env, 'WORKER_NAME', `${os.hostname()}-${process.pid}`),
    ffmpegPath: optional(env, 'FFMPEG_PATH'),
    ffprobePath: optional(env, 'FFPROBE_PATH'),
    ffmpegStallSeconds: int(env, 'FFMPEG_STALL_SECONDS', 120, 5, 3600),
    inputCacheBytes: int(env, 'WORKER_CACHE_BYTES', 2 * 1024 ** 3, 0, 2 ** 50),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
  };
}
