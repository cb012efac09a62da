/**
 * QUEUE_DRIVER=bullmq end to end: a real redis-server, the real server, and
 * two `autoclip worker` processes that cannot see the server's DATA_DIR or
 * media root (private mount namespaces). Proves: a queued batch waits for a
 * worker that starts later; the mixed 3-source batch gives the same video as
 * the local driver; the server never runs ffmpeg for the work; SIGKILL of the
 * worker rendering a clip, and Redis restarted empty, still complete a batch;
 * cancelBatch leaves no ffmpeg on any worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/server-process.js';
import { startRedis, startWorker, type RedisProcess, type WorkerProcess } from '../support/queue-processes.js';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { execFileSync } from 'node:child_process';
import { BATCH, CREATE, FFMPEG, FFPROBE, PROGRESS, createHarness, download, ffmpegProcessesUsing, follow, makeClip, probe, waitFor, within } from '../e2e/harness.js';

/** Duration and video frame count of a file. */
async function measure(file: string): Promise<{ durationSeconds: number; frames: number }> {
  const out = execFileSync(FFPROBE, ['-v', 'error', '-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return { durationSeconds: (await probe(file)).durationSeconds, frames: Number(out.trim()) };
}

const HEALTH = /* GraphQL */ `
  query Health {
    health { ok queue { driver ok message workers { name concurrency runningJobs lastSeen } depth { kind waiting active } } }
  }
`;
const CANCEL = /* GraphQL */ `
  mutation ($id: ID!) { cancelBatch(id: $id) { __typename ... on CancelBatchPayload { batch { status } } ... on Error { message } } }
`;
// Tuned stall timings, the same on the server and every worker.
const STALL = { QUEUE_LOCK_DURATION_MS: '4000', QUEUE_STALLED_INTERVAL_MS: '2000' };

const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let redis: RedisProcess;
let server: ServerProcess;
const workers: WorkerProcess[] = [];
let serverFfmpegLog: string;
let workerFfmpegLog: string;
let workerFfmpeg: string;

/** Wrappers that log every ffmpeg and ffprobe argv of the server; workers' clip renders run at input speed (-re) so a test can catch one. */
function wrappers(root: string): { server: string; serverProbe: string; worker: string } {
  const serverWrapper = path.join(root, 'server-ffmpeg.sh');
  fs.writeFileSync(serverWrapper, `#!/bin/sh\necho "$*" >> '${serverFfmpegLog}'\nexec '${FFMPEG}' "$@"\n`, { mode: 0o755 });
  const serverProbe = path.join(root, 'server-ffprobe.sh');
  fs.writeFileSync(serverProbe, `#!/bin/sh\necho "$*" >> '${serverFfmpegLog}'\nexec '${FFPROBE}' "$@"\n`, { mode: 0o755 });
  const workerWrapper = path.join(root, 'worker-ffmpeg.sh');
  fs.writeFileSync(
    workerWrapper,
    `#!/bin/bash\necho "$*" >> '${workerFfmpegLog}'\nargs=(); slow=0; done=0\nfor a in "$@"; do case "$a" in *out0.mov) slow=1;; esac; done\n` +
      `for a in "$@"; do if [ "$slow" = 1 ] && [ "$done" = 0 ] && [ "$a" = "-i" ]; then args+=(-re); done=1; fi; args+=("$a"); done\n` +
      `exec '${FFMPEG}' "\${args[@]}"\n`,
    { mode: 0o755 },
  );
  return { server: serverWrapper, serverProbe, worker: workerWrapper };
}

async function addWorker(name: string): Promise<WorkerProcess> {
  const w = await startWorker({
    name,
    workDir: path.join(ws.root, `work-${name}`),
    hide: [ws.data, ws.media],
    env: { REDIS_URL: redis.url, WORKER_CONCURRENCY: '2', FFMPEG_PATH: workerFfmpeg, ...STALL },
  });
  workers.push(w);
  return w;
}

/** Two workers, whichever tests ran before (a test may run alone with -t). */
async function enoughWorkers(): Promise<void> {
  const names = ['a', 'b', 'c', 'd'].filter((n) => !workers.some((w) => w.name === n));
  while (workers.length < 2) await addWorker(names.shift()!);
}

async function createBatch(): Promise<string> {
  const created = await gql(server.url, CREATE, {
    input: {
      sources: [
        { type: 'LOCAL', path: 'landscape.mp4' },
        { type: 'LOCAL', path: 'small.mp4' },
        { type: 'LOCAL', path: 'portrait-silent.mp4' },
      ],
      autoApprove: true,
    },
  });
  expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
  return created.data.createBatch.batch.id;
}

function finished(id: string): Promise<any[]> {
  return within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 150_000, 'end of the progress stream');
}

/** ffmpeg processes running in any worker's WORK_DIR. */
function workerFfmpegs(): number {
  return workers.reduce((n, w) => n + ffmpegProcessesUsing(w.workDir).length, 0);
}

beforeAll(async () => {
  ws = h.workspace('bullmq');
  serverFfmpegLog = path.join(ws.root, 'server-ffmpeg.log');
  workerFfmpegLog = path.join(ws.root, 'worker-ffmpeg.log');
  const wr = wrappers(ws.root);
  workerFfmpeg = wr.worker;
  redis = await startRedis();
  await Promise.all([
    makeClip(path.join(ws.media, 'landscape.mp4'), { width: 320, height: 180, seconds: 3 }),
    makeClip(path.join(ws.media, 'small.mp4'), { width: 256, height: 144, seconds: 2 }),
    makeClip(path.join(ws.media, 'portrait-silent.mp4'), { width: 144, height: 256, seconds: 2, audio: false }),
  ]);
  server = await h.start(ws, { QUEUE_DRIVER: 'bullmq', REDIS_URL: redis.url, FFMPEG_PATH: wr.server, FFPROBE_PATH: wr.serverProbe, ...STALL });
}, 300_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs(), workers.map((w) => `--- worker ${w.name} ---\n${w.output()}`).join('\n'));
});
afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.stop()));
  await h.cleanup();
  await redis?.kill();
});

describe('QUEUE_DRIVER=bullmq with two workers that cannot see the server’s disk', () => {
  it('keeps a batch queued without workers; workers started later finish it with the local driver’s video', async () => {
    const id = await createBatch();
    const done = finished(id);
    // Nothing can run: the probes wait in the queue, and health says so.
    const health = await waitFor(async () => {
      const r = await gql(server.url, HEALTH, {});
      const q = r.data.health.queue;
      return q.depth.some((d: { kind: string; waiting: number }) => d.kind === 'probe' && d.waiting > 0) ? q : null;
    }, 'a waiting probe job');
    expect(health).toMatchObject({ driver: 'bullmq', ok: true, workers: [] });

    await Promise.all([addWorker('a'), addWorker('b')]);
    const events = (await done).map((e) => e.batchProgress);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });

    const batch = (await gql(server.url, BATCH, { id })).data.batch;
    const out = path.join(ws.root, 'bullmq.mp4');
    expect((await download(batch.finalVideo.url, out)).status).toBe(200);
    const remote = await measure(out);

    // The same batch through the local driver, on its own server and data.
    const local = h.workspace('bullmq-local');
    for (const f of fs.readdirSync(ws.media)) fs.copyFileSync(path.join(ws.media, f), path.join(local.media, f));
    const localServer = await h.start(local);
    const lc = await gql(localServer.url, CREATE, {
      input: { sources: [{ type: 'LOCAL', path: 'landscape.mp4' }, { type: 'LOCAL', path: 'small.mp4' }, { type: 'LOCAL', path: 'portrait-silent.mp4' }], autoApprove: true },
    });
    const lid = lc.data.createBatch.batch.id;
    await within(follow(wsClient(localServer.url), PROGRESS, { id: lid }, () => false), 120_000, 'the local batch');
    const lb = (await gql(localServer.url, BATCH, { id: lid })).data.batch;
    expect(lb.status).toBe('COMPLETED');
    const lout = path.join(local.root, 'local.mp4');
    await download(lb.finalVideo.url, lout);
    const localResult = await measure(lout);
    await localServer.stop();
    expect(remote.durationSeconds).toBeCloseTo(localResult.durationSeconds, 3);
    expect(remote.frames).toBe(localResult.frames);

    // The server ran ffmpeg and ffprobe only to check their versions at start: every encode, probe and render ran on a worker.
    const serverRuns = fs.existsSync(serverFfmpegLog) ? fs.readFileSync(serverFfmpegLog, 'utf8').trim().split('\n') : [];
    expect(serverRuns.filter((l) => l !== '-version'), 'ffmpeg/ffprobe runs on the server').toEqual([]);
    // The offline analyzer's signals came from the compression's own decode on the workers (one
    // ffmpeg per video with the copy and the signal logs as outputs), not from a second pass.
    const workerRuns = fs.readFileSync(workerFfmpegLog, 'utf8').trim().split('\n');
    const signalRuns = workerRuns.filter((l) => l.includes('lavfi.scene_score'));
    expect(signalRuns).toHaveLength(3);
    for (const run of signalRuns) expect(run).toMatch(/split=2.*-f null -$/);
    const live = await gql(server.url, HEALTH, {});
    expect(live.data.health.queue.workers.map((w: { name: string }) => w.name)).toEqual(['a', 'b']);
  }, 300_000);

  it('completes a batch when the worker rendering a clip is killed with SIGKILL', async () => {
    await enoughWorkers();
    const id = await createBatch();
    const done = finished(id);
    // A clip render (its output is out0.mov in the worker's scratch) on one of the workers: kill that worker.
    const victim = await waitFor(async () => workers.find((w) => ffmpegProcessesUsing(w.workDir).some((p) => p.cmdline.includes('out0.mov'))), 'a clip render on a worker', 120_000);
    await victim.kill();
    workers.splice(workers.indexOf(victim), 1);
    expect(ffmpegProcessesUsing(victim.workDir)).toEqual([]);
    const events = (await done).map((e) => e.batchProgress);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    await enoughWorkers();
  }, 300_000);

  it('completes a batch when Redis restarts empty mid-batch', async () => {
    await enoughWorkers();
    const id = await createBatch();
    const done = finished(id);
    await waitFor(async () => workerFfmpegs() > 0, 'an ffmpeg on a worker');
    await redis.kill();
    redis = await startRedis(redis.port);
    const events = (await done).map((e) => e.batchProgress);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    // The server noticed its jobs were gone and enqueued them again from what it knows.
    expect(h.logs()).toContain('enqueueing it again');
  }, 300_000);

  it('cancelBatch stops the ffmpeg on every worker and ends CANCELLED', async () => {
    await enoughWorkers();
    const id = await createBatch();
    const done = finished(id);
    await waitFor(async () => workers.some((w) => ffmpegProcessesUsing(w.workDir).some((p) => p.cmdline.includes('out0.mov'))), 'a clip render on a worker', 120_000);
    const r = await gql(server.url, CANCEL, { id });
    expect(r.data.cancelBatch.__typename, JSON.stringify(r.data)).toBe('CancelBatchPayload');
    const events = (await done).map((e) => e.batchProgress);
    expect(events.at(-1)).toMatchObject({ status: 'CANCELLED' });
    await waitFor(async () => workerFfmpegs() === 0, 'no ffmpeg on any worker', 20_000);
    const q = (await gql(server.url, HEALTH, {})).data.health.queue;
    expect(q.depth.every((d: { waiting: number; active: number }) => d.waiting === 0 && d.active === 0)).toBe(true);
  }, 300_000);
});
