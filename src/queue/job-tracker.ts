/**
 * The server's book of the BullMQ jobs it waits for: enqueue, look a job up
 * and act on its state, settle it for its waiters, cancel it. Redis being
 * down never fails a job by itself: commands wait for the reconnect, a job
 * Redis lost is enqueued again, and only an outage longer than the allowed
 * wait (QUEUE_REDIS_WAIT_SECONDS) fails the waiting runs, with that said.
 */
import { rm } from 'node:fs/promises';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AbortError } from '../domain/errors.js';
import { rebuildFailure } from './job-builder.js';
import type { JobFiles } from './job-files.js';
import { safeExt, type MediaJobResult } from './job-spec.js';
import type { queueKeys } from './redis.js';
import type { RedisOutage } from './redis-outage.js';
import { CANCEL_WAIT_MS, RETENTION, type Tracked } from './tracked-job.js';

/** What the tracker works with. */
export interface TrackerDeps {
  queue: Queue;
  redis: Redis;
  keys: ReturnType<typeof queueKeys>;
  files: JobFiles;
  log: Logger;
  outage: RedisOutage;
  /** True once the server stopped following its jobs (detach or close). */
  stopped(): boolean;
}

/** The tracked jobs and what is done to them. */
export interface JobTracker {
  tracked: Map<string, Tracked>;
  /** First enqueue of a new tracked job; a failure to enqueue leaves it to the watchdog (never fails the run). */
  start(t: Tracked): Promise<void>;
  /** Looks the job up in Redis and acts on its state. */
  check(t: Tracked): Promise<void>;
  /** Asks the job to stop; the waiters are answered when it did (or CANCEL_WAIT_MS later). */
  cancel(t: Tracked): Promise<void>;
  /** The watchdog's round: ends overdue cancels and, after a too long Redis outage, every run. */
  sweep(now?: number): void;
}

/** Builds the tracker. Long because enqueue, settle, check and cancel share the map and the connection. */
export function createJobTracker(deps: TrackerDeps): JobTracker {
  const { queue, redis, keys, files, log, outage } = deps;
  const tracked = new Map<string, Tracked>();

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
    // The add waited for Redis longer than the run was willing to: take the job back.
    if (t.settling) await queue.remove(jobId).catch(() => 0);
  };

  /**
   * Ends a job for all its waiters: outputs are collected first, then the job and
   * its files are removed, and only then are the waiters told, so a stage that
   * retries at once finds no leftover job with the same id. While Redis is down
   * the removal is queued on the connection (ahead of any later add) instead of awaited.
   */
  const settle = (t: Tracked, outcome: { result?: MediaJobResult; error?: Error }): Promise<void> => {
    t.settling ??= (async () => {
      const { jobId } = t.prepared;
      const result = outcome.result;
      const live = t.waiters.filter((w) => !w.aborted);
      const answers: Array<() => void> = [];
      for (const w of t.waiters) {
        try {
          if (w.aborted) throw new AbortError();
          if (!result || result.failure) throw result?.failure ? rebuildFailure(result.failure) : (outcome.error ?? new Error(`the ${t.prepared.request.kind} job ended without a result`));
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
      const removing = queue.remove(jobId).catch(() => 0);
      if (outage.up()) await removing;
      await files.cleanup(jobId).catch((err: Error) => log.warn({ jobId, err: err.message }, 'could not remove a job’s files'));
      tracked.delete(jobId);
      for (const answer of answers) answer();
    })();
    return t.settling;
  };

  /** The job's state, then (for a finished job) the job itself: read in this order so a result is never read before it exists. */
  const lookUp = async (jobId: string) => {
    const state = await queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return { state, job: null };
    const job = await queue.getJob(jobId);
    return job ? { state, job } : { state: 'unknown', job: null };
  };

  const check = async (t: Tracked): Promise<void> => {
    if (t.busy || t.settling || deps.stopped() || tracked.get(t.prepared.jobId) !== t) return;
    t.busy = true;
    try {
      const { jobId } = t.prepared;
      const { state, job } = await lookUp(jobId);
      if (t.settling) return;
      if (state === 'completed') return await settle(t, { result: job!.returnvalue as MediaJobResult });
      if (state === 'failed') {
        const reason = job!.failedReason ?? 'failed';
        return await settle(t, { error: t.cancelDeadline !== null ? new AbortError() : new Error(`a worker could not run ${t.prepared.request.kind}: ${reason}`) });
      }
      if (t.cancelDeadline !== null) {
        if (state === 'unknown') await settle(t, { error: new AbortError() });
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

  return {
    tracked,
    check,

    async start(t) {
      // Busy: the watchdog must not take a job still being added for a lost one.
      t.busy = true;
      try {
        await enqueue(t);
      } catch (err) {
        log.warn({ jobId: t.prepared.jobId, err: (err as Error).message }, 'could not enqueue a job; the watchdog tries again');
      } finally {
        t.busy = false;
      }
    },

    async cancel(t) {
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
    },

    sweep(now = Date.now()) {
      const unreachable = outage.exceeded(now);
      for (const t of tracked.values()) {
        if (t.settling) continue;
        if (t.cancelDeadline !== null && now > t.cancelDeadline) void settle(t, { error: new AbortError() });
        else if (unreachable) void settle(t, { error: outage.error(t.prepared.request.kind) });
      }
    },
  };
}
