/**
 * The same batch through QUEUE_DRIVER=local (the baseline), through bullmq with
 * one worker on this machine (the protocol's overhead), and with two workers;
 * plus what the transfers cost, summed from the workers' "job done" logs.
 * Run: `npx tsx bench/queue.ts` (needs redis-server and root for `unshare`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql } from '../test/support/test-app.js';
import { startServer } from '../test/support/server-process.js';
import { startRedis, startWorker, type WorkerProcess } from '../test/support/queue-processes.js';
import { wsClient } from '../test/support/ws-client.js';
import { CREATE, PROGRESS, follow, makeClip } from '../test/e2e/harness.js';

const SOURCES = Number(process.env.BENCH_SOURCES ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

interface Transfer { jobs: number; downloadBytes: number; downloadMs: number; uploadBytes: number; uploadMs: number; runMs: number }

function transfers(workers: WorkerProcess[]): Record<string, Transfer> {
  const out: Record<string, Transfer> = {};
  for (const w of workers) {
    for (const line of w.output().split('\n')) {
      if (!line.includes('"job done"')) continue;
      const j = JSON.parse(line) as { kind: string; transfer: Omit<Transfer, 'jobs'> };
      const t = (out[j.kind] ??= { jobs: 0, downloadBytes: 0, downloadMs: 0, uploadBytes: 0, uploadMs: 0, runMs: 0 });
      t.jobs++;
      for (const k of ['downloadBytes', 'downloadMs', 'uploadBytes', 'uploadMs', 'runMs'] as const) t[k] += j.transfer[k];
    }
  }
  return out;
}

async function runBatch(url: string): Promise<number> {
  const t0 = Date.now();
  const created = await gql(url, CREATE, { input: { sources: Array.from({ length: SOURCES }, (_, i) => ({ type: 'LOCAL', path: `s${i}.mp4` })), autoApprove: true } });
  const id = created.data.createBatch.batch.id;
  const events = await follow(wsClient(url), PROGRESS, { id }, () => false);
  const last = events.at(-1)?.batchProgress;
  if (last?.status !== 'COMPLETED') throw new Error(`batch ended ${last?.status}`);
  return (Date.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-bench-queue-'));
  const media = path.join(root, 'media');
  fs.mkdirSync(media);
  for (let i = 0; i < SOURCES; i++) await makeClip(path.join(media, `s${i}.mp4`), { width: 1280, height: 720, seconds: SECONDS });
  const redis = await startRedis();
  const rows: string[] = [];
  try {
    const variant = async (name: string, workerCount: number) => {
      const data = path.join(root, `data-${workerCount}`);
      const env: Record<string, string> = { ANALYZER: 'offline', WORKER_THREADS: '2', MEDIA_ROOTS: media, LOG_LEVEL: 'info' };
      if (workerCount > 0) Object.assign(env, { QUEUE_DRIVER: 'bullmq', REDIS_URL: redis.url, QUEUE_NAME: `bench${workerCount}` });
      const server = await startServer({ dataDir: data, env });
      const workers: WorkerProcess[] = [];
      for (let i = 0; i < workerCount; i++) {
        workers.push(await startWorker({ name: `w${i}`, workDir: path.join(root, `work-${workerCount}-${i}`), hide: [], env: { REDIS_URL: redis.url, QUEUE_NAME: `bench${workerCount}`, WORKER_CONCURRENCY: '2' } }));
      }
      try {
        const wall = await runBatch(server.url);
        process.stderr.write(`${name}: ${wall.toFixed(1)} s\n`);
        return { wall, transfer: transfers(workers) };
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await server.stop();
      }
    };
    const local = await variant('(a) local, 2 threads', 0);
    const one = await variant('(b) bullmq, 1 worker × 2', 1);
    const two = await variant('(c) bullmq, 2 workers × 2', 2);
    rows.push('| variant | wall s | x baseline |', '|---|---|---|');
    rows.push(`| (a) QUEUE_DRIVER=local, 2 threads | ${local.wall.toFixed(1)} | baseline |`);
    rows.push(`| (b) bullmq, 1 worker, concurrency 2 | ${one.wall.toFixed(1)} | ${(one.wall / local.wall).toFixed(2)} |`);
    rows.push(`| (c) bullmq, 2 workers, concurrency 2 each | ${two.wall.toFixed(1)} | ${(two.wall / local.wall).toFixed(2)} |`);
    rows.push('', '| kind (run b) | jobs | downloaded MB | download s | uploaded MB | upload s | ffmpeg s |', '|---|---|---|---|---|---|---|');
    for (const [kind, t] of Object.entries(one.transfer).sort()) {
      rows.push(`| ${kind} | ${t.jobs} | ${(t.downloadBytes / 1e6).toFixed(1)} | ${(t.downloadMs / 1000).toFixed(1)} | ${(t.uploadBytes / 1e6).toFixed(1)} | ${(t.uploadMs / 1000).toFixed(1)} | ${(t.runMs / 1000).toFixed(1)} |`);
    }
    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    await redis.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
