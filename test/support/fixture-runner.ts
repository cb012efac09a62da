/**
 * A real runner over real SQLite with a given stage registry and LOCAL files
 * that exist only by name: for tests of the runner itself (retries, added stages).
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { BatchStore, type BatchRow } from '../../src/db/batch-store.js';
import type { Db } from '../../src/db/client.js';
import { PlanStore } from '../../src/db/plan-store.js';
import { createProgressBus } from '../../src/pipeline/events.js';
import type { StageRegistry } from '../../src/pipeline/registry.js';
import { createRunner } from '../../src/pipeline/run-batch.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import { createStorage } from '../../src/storage/create-storage.js';

/** A runner with `stages`, its stores and bus, and a way to create an auto-approved batch of the given files. */
export function fixtureRunner(options: { dir: string; db: Db; files: string[]; stages: StageRegistry; retryBaseDelayMs: number }) {
  const { dir, db, files, stages } = options;
  const media = path.join(dir, 'media');
  fs.mkdirSync(media, { recursive: true });
  for (const name of files) fs.writeFileSync(path.join(media, name), `fake ${name}`);
  const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), MEDIA_ROOTS: media, RETRY_BASE_DELAY_MS: String(options.retryBaseDelayMs), LOG_LEVEL: 'silent' });
  const log = pino({ level: 'silent' });
  const now = () => new Date();
  const batches = new BatchStore(db, now);
  const bus = createProgressBus();
  // The fixture stages need only storage among the services.
  const stageDeps = { config, storage: createStorage(config), log, now, transcriber: null } as unknown as StageDeps;
  const runner = createRunner({ batches, plans: new PlanStore(db, now), bus, stageDeps, log, now, notify: () => {}, stages });
  const createBatch = (): BatchRow =>
    batches.create({
      compressionProfile: 'BALANCED',
      tempUrlExpirySeconds: 3600,
      output: { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k' },
      enableVlAnalysis: true,
      enableAsr: false,
      webhookUrl: null,
      customPrompt: null,
      autoApprove: true,
      sources: files.map((p) => ({ type: 'LOCAL' as const, path: p, url: null, compressionProfile: null })),
    });
  return { runner, batches, bus, createBatch };
}
