/**
 * The periodic janitor: removes `temp-compressed/` objects older than their
 * longest possible expiry (the local backend has no lifecycle rules, and on
 * OSS it catches what a missing rule would leave) and the work directories of
 * finished batches.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { periodic } from '../domain/periodic.js';
import type { Storage } from './storage.js';

/** The longest `tempUrlExpirySeconds` a batch may ask for; no temp object is needed after it. */
export const MAX_TEMP_AGE_SECONDS = 86_400;

/** The prefix under which temp objects live. */
export const TEMP_PREFIX = 'temp-compressed/';

/** What {@link createSweeper} needs. */
export interface SweeperOptions {
  storage: Storage;
  dataDir: string;
  tempMaxAgeSeconds?: number;
  /** True when the batch is in an end state (or unknown), so its work dir can go. */
  isBatchFinished(batchId: string): Promise<boolean>;
  log: Pick<Logger, 'info' | 'warn'>;
  now: () => Date;
}

/** What one sweep removed. */
export interface SweepResult {
  objects: string[];
  workDirs: string[];
}

/** A started/stopped janitor. */
export interface Sweeper {
  sweepOnce(): Promise<SweepResult>;
  /** Sweeps now and then every `intervalSeconds`; a sweep never overlaps the previous one. */
  start(intervalSeconds: number): void;
  /** Stops the timer and waits for a sweep in progress. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Creates the sweeper; nothing runs until `start` or `sweepOnce`.
 * Long because it is a factory: the sweep, the timer and stop share one state.
 */
export function createSweeper(options: SweeperOptions): Sweeper {
  const maxAgeMs = (options.tempMaxAgeSeconds ?? MAX_TEMP_AGE_SECONDS) * 1000;
  const workRoot = path.join(options.dataDir, 'work');

  const sweepObjects = async (): Promise<string[]> => {
    const cutoff = options.now().getTime() - maxAgeMs;
    const removed: string[] = [];
    for (const o of await options.storage.list(TEMP_PREFIX)) {
      if (o.lastModified.getTime() >= cutoff) continue;
      try {
        await options.storage.delete(o.key);
        removed.push(o.key);
      } catch (err) {
        options.log.warn({ key: o.key, err: (err as Error).message }, 'sweeper could not delete a temp object');
      }
    }
    return removed;
  };

  const sweepWorkDirs = async (): Promise<string[]> => {
    let entries;
    try {
      entries = await fs.readdir(workRoot, { withFileTypes: true });
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const removed: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (!(await options.isBatchFinished(e.name))) continue;
      const dir = path.join(workRoot, e.name);
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    }
    return removed;
  };

  const sweepOnce = async (): Promise<SweepResult> => {
    const result: SweepResult = { objects: [], workDirs: [] };
    // Each half runs even if the other fails: a broken bucket must not stop disk cleanup.
    try {
      result.objects = await sweepObjects();
    } catch (err) {
      options.log.warn({ err: (err as Error).message }, 'sweeper could not list temp objects');
    }
    try {
      result.workDirs = await sweepWorkDirs();
    } catch (err) {
      options.log.warn({ err: (err as Error).message }, 'sweeper could not clean work dirs');
    }
    if (result.objects.length || result.workDirs.length) {
      options.log.info({ objects: result.objects.length, workDirs: result.workDirs.length }, 'sweeper removed leftovers');
    }
    return result;
  };

  return { sweepOnce, ...periodic(sweepOnce, (err) => options.log.warn({ err: err.message }, 'sweep failed')) };
}
