/** Builds the long-lived services from a Config: database, ffmpeg, pool, storage, models, background loops. */
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createAi } from './ai/create-ai.js';
import { createEndpointCheck } from './ai/endpoint-check.js';
import type { AppServices } from './app.js';
import type { Config } from './config.js';
import { BatchStore } from './db/batch-store.js';
import { createDb } from './db/client.js';
import { PlanStore } from './db/plan-store.js';
import { WebhookStore } from './db/webhook-store.js';
import { webhookSecret } from './persistent-secret.js';
import type { SourceChecks } from './pipeline/batch-input.js';
import { isTerminal } from './domain/statuses.js';
import { createStorage, localStorageRoot, resolveSigningSecret } from './storage/create-storage.js';
import { createFileHandler } from './storage/file-handler.js';
import { defaultWebDir } from './server/web-dir.js';
import { createSweeper } from './storage/sweeper.js';
import { createUploadSweeper } from './sources/upload-sweeper.js';
import { uploadsDirOf } from './sources/uploads-dir.js';
import { localSourceRefs } from './db/upload-refs.js';
import { checkSourceAtCreation } from './sources/validate-source.js';
import { createWebhookDispatcher } from './webhooks/dispatcher.js';
import { checkWebhookUrl } from './webhooks/validate-webhook-url.js';
import { resolveMediaTools } from './workers/ffmpeg/resolve.js';
import { reapOrphans } from './workers/pid-registry.js';
import { createMediaPool } from './workers/pool.js';
import type { MediaPool } from './workers/media-pool.js';
import type { MediaTools } from './workers/ffmpeg/resolve.js';
import type { Storage } from './storage/storage.js';
import { createBullmqPool } from './queue/bullmq-pool.js';
import { createJobFiles } from './queue/job-files.js';

/** The ffmpeg pool the configuration asks for: this process's threads, or BullMQ workers (no Redis needed otherwise). */
function createPool(config: Config, tools: MediaTools, storage: Storage, pidDir: string, log: Logger): MediaPool {
  const q = config.queue;
  if (q.driver === 'local' || !q.redisUrl) return createMediaPool({ size: config.workerThreads, ffmpegPath: tools.ffmpegPath, ffprobePath: tools.ffprobePath, pidDir, stallSeconds: config.security.ffmpegStallSeconds });
  const localRoot = config.storage.driver === 'local' ? localStorageRoot(config.dataDir) : null;
  return createBullmqPool({
    queue: { ...q, redisUrl: q.redisUrl },
    files: createJobFiles({ storage, localRoot, linkTtlSeconds: q.linkTtlSeconds }),
    serverRoots: [config.dataDir, ...config.mediaRoots],
    log,
  });
}

/** Creation-time checks: filesystem for LOCAL, URL syntax and host policy for URL and OSS, webhook URL policy. */
export const sourceChecks: SourceChecks = {
  async checkSource(source, config) {
    const problem = await checkSourceAtCreation(source, config);
    return problem ? { field: problem.field, message: problem.message } : null;
  },
  checkWebhookUrl: (url, config) => checkWebhookUrl(url, config.allowPrivateUrls),
};

/**
 * Opens everything the app needs. Only main.ts and tests call it.
 * Long because it is the composition root of the services: each is built once, in order, from the others.
 */
export async function createServices(config: Config, options: { log?: Logger; now?: () => Date; version?: string } = {}): Promise<AppServices> {
  const log = options.log ?? pino({ level: config.logLevel });
  const now = options.now ?? (() => new Date());
  fs.mkdirSync(config.dataDir, { recursive: true });
  for (const root of config.mediaRoots) fs.mkdirSync(root, { recursive: true });
  const tools = await resolveMediaTools(config);
  const db = createDb(path.join(config.dataDir, 'autoclip.db'));
  const pidDir = path.join(config.dataDir, 'run', 'ffmpeg');
  const orphans = reapOrphans(pidDir);
  if (orphans.length) log.warn({ pids: orphans }, 'stopped ffmpeg processes left running by a previous server');
  const storage = createStorage(config);
  const pool = createPool(config, tools, storage, pidDir, log);
  const ai = createAi({ config, storage, pool, tools, log });
  const batches = new BatchStore(db, now);
  const webhookConfig = { ...config, webhook: { ...config.webhook, secret: webhookSecret(config.webhook.secret, config.dataDir) } };
  const dispatcher = createWebhookDispatcher({
    store: new WebhookStore(db, now),
    batches,
    plans: new PlanStore(db, now),
    config: webhookConfig,
    storage,
    log,
    now,
  });
  const sweeper = createSweeper({
    storage,
    dataDir: config.dataDir,
    isBatchFinished: async (id) => {
      const b = batches.get(id);
      return !b || isTerminal(b.status);
    },
    log,
    now,
  });
  const uploads = createUploadSweeper({ dir: uploadsDirOf(config.dataDir), ttlSeconds: config.security.uploadTtlSeconds, retentionSeconds: config.security.uploadRetentionSeconds, refs: () => localSourceRefs(db), log, now });
  return {
    config,
    db,
    log,
    tools,
    pool,
    storage,
    analyzer: ai.analyzer,
    planner: ai.planner,
    transcriber: ai.transcriber,
    checks: sourceChecks,
    files:
      config.storage.driver === 'local'
        ? createFileHandler({ root: localStorageRoot(config.dataDir), secret: resolveSigningSecret(config) })
        : null,
    notify: (batchId, event) => dispatcher.notify(batchId, event),
    background: [
      dispatcher,
      { start: () => sweeper.start(config.storage.sweepIntervalSeconds), stop: () => sweeper.stop() },
      { start: () => uploads.start(config.storage.sweepIntervalSeconds), stop: () => uploads.stop() },
    ],
    now,
    version: options.version,
    webDir: defaultWebDir(),
    endpoint: config.ai.analyzer === 'openai' ? createEndpointCheck({ baseUrl: config.ai.baseUrl, apiKey: config.ai.apiKey }) : null,
  };
}
