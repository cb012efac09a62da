/** What the BullMQ pool keeps about each job it waits for. */
import type { RunControl } from '../workers/media-pool.js';
import type { PreparedJob } from './job-builder.js';
import type { MediaJobResult, TokenizedRequest } from './job-spec.js';

/** One caller waiting for a job's result. */
export interface Waiter {
  control: RunControl;
  outputs: TokenizedRequest['outputs'];
  cleanupPaths: string[];
  resolve(result: MediaJobResult): void;
  reject(err: Error): void;
  aborted: boolean;
}

/** A job the server waits for, with everyone waiting on it. */
export interface Tracked {
  prepared: PreparedJob;
  waiters: Waiter[];
  /** When a cancelled job is given up on even if no worker confirmed. */
  cancelDeadline: number | null;
  busy: boolean;
  active: boolean;
  /** Set once the job is being ended; a new run of the same job waits for it. */
  settling?: Promise<void>;
}

/** How long a cancelled run may take to confirm before the server stops waiting for it. */
export const CANCEL_WAIT_MS = 10_000;
/** How long finished jobs stay in Redis (for re-attaching and inspection). */
export const RETENTION = { age: 24 * 3600 };
