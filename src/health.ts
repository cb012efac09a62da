/** The server's health: database, ffmpeg, storage and pool, for /healthz and the `health` query. */
import type { EndpointCheck } from './ai/endpoint-check.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { MediaTools } from './workers/ffmpeg/resolve.js';
import type { Storage } from './storage/storage.js';
import type { MediaPool, QueueHealth } from './workers/media-pool.js';

/** One component's state. */
export interface ComponentHealth {
  ok: boolean;
  message: string;
}

/** Everything /healthz reports. */
export interface HealthReport {
  ok: boolean;
  version: string;
  uptimeSeconds: number;
  database: ComponentHealth;
  storage: ComponentHealth & { driver: string };
  ffmpeg: { path: string; version: string; source: string };
  ffprobe: { path: string; version: string };
  analyzer: string;
  /** The model endpoint in use (null with the offline analyzer) and whether it answered at start. */
  modelEndpoint: { url: string; reachable: boolean | null; message: string } | null;
  /** Problems that do not stop the server (e.g. an unreachable model endpoint). */
  warnings: string[];
  workerThreads: number;
  runningTasks: number;
  queuedTasks: number;
  /** Where ffmpeg runs: `local` (this process) or `bullmq` (workers, listed with the queue depth). */
  queue: { driver: 'local' | 'bullmq' } & QueueHealth;
}

/** Builds the health check over the live services. */
export function createHealthCheck(deps: { db: Db; storage: Storage; tools: MediaTools; pool: MediaPool; config: Config; version: string; startedAt: Date; endpoint?: EndpointCheck | null }) {
  return async (): Promise<HealthReport> => {
    let database: ComponentHealth;
    try {
      deps.db.$client.prepare('select 1').get();
      database = { ok: true, message: 'sqlite ok' };
    } catch (err) {
      database = { ok: false, message: (err as Error).message };
    }
    let storage: ComponentHealth;
    try {
      storage = await deps.storage.check();
    } catch (err) {
      storage = { ok: false, message: (err as Error).message };
    }
    const queue = deps.pool.queueHealth
      ? await deps.pool.queueHealth()
      : { ok: true, message: `${deps.pool.size} thread(s) in this process`, workers: [], depth: [] };
    const stats = deps.pool.stats();
    const modelEndpoint = deps.endpoint?.status() ?? null;
    return {
      ok: database.ok && storage.ok && queue.ok,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      database,
      storage: { ...storage, driver: deps.storage.driver },
      ffmpeg: { path: deps.tools.ffmpegPath, version: deps.tools.ffmpegVersion, source: deps.tools.source },
      ffprobe: { path: deps.tools.ffprobePath, version: deps.tools.ffprobeVersion },
      analyzer: deps.config.ai.analyzer,
      modelEndpoint,
      warnings: modelEndpoint?.reachable === false ? [modelEndpoint.message] : [],
      workerThreads: deps.pool.size,
      runningTasks: stats.running,
      queuedTasks: stats.queued,
      queue: { driver: deps.pool.driver, ...queue },
    };
  };
}
