/**
 * The BullMQ pool against a real redis-server that is stopped and started
 * again empty at chosen moments, with an in-test BullMQ worker whose runs the
 * test holds and releases: a run never fails because Redis was down for a
 * while; a job added while Redis is down is added when it is back; a job Redis
 * lost is enqueued again, and the worker's stale run of it is stopped instead
 * of stalling the new run; an outage longer than the allowed wait fails the run
 * saying Redis was unreachable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqPool } from '../../src/queue/bullmq-pool.js';
import { holdJobLock } from '../../src/queue/job-lock.js';
import type { JobFiles } from '../../src/queue/job-files.js';
import type { MediaJobData, MediaJobResult } from '../../src/queue/job-spec.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { startRedis, type RedisProcess } from '../support/queue-processes.js';

const LOCK_MS = 1500;
const PROBE = { durationSeconds: 2, sizeBytes: 5, width: 64, height: 36, fps: 25, videoCodec: 'h264', audioCodec: null, hasAudio: false, rotation: 0, formatName: 'mp4', bitRate: null };

let redis: RedisProcess;
let dir: string;
let file: string;
const closers: Array<() => Promise<unknown> | void> = [];

/** A log that tests can wait on: resolves when a line matches. */
function recordingLog() {
  const lines: string[] = [];
  const waiting: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      const line = String(chunk);
      lines.push(line);
      for (const w of waiting.filter((x) => x.re.test(line))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
      done();
    },
  });
  return {
    log: pino({ level: 'info' }, stream),
    lines,
    next: (re: RegExp) => new Promise<string>((resolve) => (lines.some((l) => re.test(l)) ? resolve(lines.find((l) => re.test(l))!) : waiting.push({ re, resolve }))),
  };
}

/** Job files that touch nothing; `stage` lets a test hold an enqueue half-way. */
function fakeFiles(stage: () => Promise<void> = async () => undefined): JobFiles {
  return {
    async stageInput(jobId, token, ext, _file, sizeBytes) {
      await stage();
      return { token, ext, url: `http://127.0.0.1:9/${jobId}/${token}${ext}`, sizeBytes };
    },
    async uploadTarget(jobId, out) {
      return { token: out.token, ext: out.ext, dir: out.dir, uploadUrl: `http://127.0.0.1:9/${jobId}/${out.token}` };
    },
    async collect() {},
    async cleanup() {},
  };
}

function pool(name: string, log: pino.Logger, options: { files?: JobFiles; waitSeconds?: number } = {}): MediaPool {
  const p = createBullmqPool({
    queue: { driver: 'bullmq', redisUrl: redis.url, name, lockDurationMs: LOCK_MS, stalledIntervalMs: 1000, linkTtlSeconds: 3600, redisWaitSeconds: options.waitSeconds ?? 300 },
    files: options.files ?? fakeFiles(),
    serverRoots: [],
    log,
    pollMs: 200,
  });
  closers.push(() => p.close());
  return p;
}

/** A deferred value. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** One run of the in-test worker: it ends when the test calls `finish`; `lost` resolves when its lock is gone. */
interface Run {
  jobId: string;
  finish(result: MediaJobResult): void;
  lost: Promise<void>;
  /** Resolves after `n` more renewals of this run's lock. */
  renewals(n: number): Promise<void>;
}

/** A BullMQ worker (concurrency 2) that holds each run's lock like `autoclip worker` and hands each run to the test. */
function heldWorker(name: string) {
  const started: Array<(run: Run) => void> = [];
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const worker = new Worker<MediaJobData, MediaJobResult>(
    name,
    async (job: Job<MediaJobData, MediaJobResult>, token?: string) => {
      const done = deferred<MediaJobResult>();
      const lost = deferred();
      const renewed: Array<() => void> = [];
      const counted = {
        extendLock: async (t: string, ms: number) => {
          const extended = await job.extendLock(t, ms);
          if (extended) renewed.splice(0).forEach((f) => f());
          return extended;
        },
      };
      const release = holdJobLock(counted, token, LOCK_MS, () => lost.resolve());
      const renewals = async (n: number) => {
        for (let i = 0; i < n; i++) await new Promise<void>((r) => renewed.push(r));
      };
      const run: Run = { jobId: job.id!, finish: done.resolve, lost: lost.promise, renewals };
      started.shift()?.(run);
      try {
        return await done.promise;
      } finally {
        release();
      }
    },
    { connection, concurrency: 2, lockDuration: LOCK_MS, stalledInterval: 1000, maxStalledCount: 3 },
  );
  worker.on('error', () => undefined);
  closers.push(async () => {
    await worker.close(true);
    connection.disconnect();
  });
  return { nextRun: () => new Promise<Run>((resolve) => started.push(resolve)) };
}

const result = (worker: string): MediaJobResult => ({ worker, uploaded: [], transfer: { downloadBytes: 0, downloadMs: 0, uploadBytes: 0, uploadMs: 0, runMs: 0 }, probe: PROBE });

async function restartRedisEmpty(): Promise<void> {
  await redis.kill();
  redis = await startRedis(redis.port);
}

beforeAll(async () => {
  redis = await startRedis();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-redis-outage-'));
  file = path.join(dir, 'clip.mp4');
  fs.writeFileSync(file, 'video');
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await redis?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the BullMQ pool while Redis is down', () => {
  it('a job being added when Redis stops is added when Redis is back empty, and its run completes', async () => {
    const { log, next } = recordingLog();
    const staging = deferred();
    const release = deferred();
    const p = pool('outage-add', log, {
      files: fakeFiles(async () => {
        staging.resolve();
        await release.promise;
      }),
    });
    const probe = p.probe(file);
    let settled = false;
    void probe.then(() => (settled = true), () => (settled = true));
    await staging.promise;
    await redis.kill();
    release.resolve();
    await next(/redis is unreachable; jobs wait for it/);
    expect(settled).toBe(false);
    redis = await startRedis(redis.port);
    const w = heldWorker('outage-add');
    const run = await w.nextRun();
    run.finish(result('held'));
    await expect(probe).resolves.toEqual(PROBE);
  });

  it('a job Redis lost while a worker ran it runs again; the stale run is stopped and the new run keeps its lock', async () => {
    const { log, next } = recordingLog();
    const p = pool('outage-restart', log);
    const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    eventsConnection.on('error', () => undefined);
    const events = new QueueEvents('outage-restart', { connection: eventsConnection });
    events.on('error', () => undefined);
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    closers.push(async () => {
      await events.close();
      eventsConnection.disconnect();
    });
    const w = heldWorker('outage-restart');
    const probe = p.probe(file);
    const first = await w.nextRun();
    const second = w.nextRun();
    // Redis restarts empty while the run is held: the server enqueues the job again and the same worker takes it.
    await restartRedisEmpty();
    await next(/enqueueing it again/);
    const again = await second;
    expect(again.jobId).toBe(first.jobId);
    // The first run sees its lock is gone (autoclip worker stops it there). Here it is let to finish after
    // the new run started, which makes BullMQ stop renewing the new run's lock (same job id, one worker).
    await first.lost;
    first.finish(result('stale'));
    // The new run keeps its own lock for longer than a lock lasts: it is never taken for stalled.
    await again.renewals(4);
    again.finish(result('second'));
    await expect(probe).resolves.toEqual(PROBE);
    expect(stalled).toEqual([]);
  });

  it('an outage longer than QUEUE_REDIS_WAIT_SECONDS fails the waiting run, saying Redis was unreachable', async () => {
    const { log } = recordingLog();
    const p = pool('outage-long', log, { waitSeconds: 1 });
    const w = heldWorker('outage-long');
    const probe = p.probe(file);
    await w.nextRun();
    await redis.kill();
    await expect(probe).rejects.toMatchObject({
      name: 'RedisUnreachableError',
      message: expect.stringMatching(new RegExp(`^Redis \\(redis://127\\.0\\.0\\.1:${redis.port}\\) was unreachable for more than 1 s \\(QUEUE_REDIS_WAIT_SECONDS\\)`)),
    });
    redis = await startRedis(redis.port);
  });
});
