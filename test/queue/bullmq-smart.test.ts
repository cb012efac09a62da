/**
 * Smart render on a BullMQ worker: a camera-like source (x264, B-frames, a
 * closed GOP every second), an ORIGINAL_QUALITY clip spanning whole GOPs, a
 * worker that cannot see the server's disk. The worker indexes its own copy,
 * copies the whole GOPs and proves the clip; the server keeps the result and
 * runs no ffmpeg for it. The copied frames decode to the source's, bit for bit;
 * a clip the worker cannot prove is re-encoded by the same job.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/server-process.js';
import { startRedis, startWorker, type RedisProcess, type WorkerProcess } from '../support/queue-processes.js';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, FFMPEG, FFPROBE, PROGRESS, createHarness, download, follow, within } from '../e2e/harness.js';

/** Decoded-frame checksums of a file's video, in output order. */
function framemd5(file: string): string[] {
  const out = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
}

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateClipPlanInput!) { updateClipPlan(input: $input) { __typename ... on Error { message } } }
`;
const APPROVE = /* GraphQL */ `
  mutation ($id: ID!, $v: Int!) { approveClipPlan(batchId: $id, expectedVersion: $v) { __typename ... on Error { message } } }
`;

const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let redis: RedisProcess;
let server: ServerProcess;
let worker: WorkerProcess | null = null;
let workerLog: string;
let probeLog: string;
let source: string;

beforeAll(async () => {
  ws = h.workspace('bullmq-smart');
  source = path.join(ws.media, 'camera.mp4');
  execFileSync(FFMPEG, [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30:d=6', '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=6',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', source,
  ]);
  workerLog = path.join(ws.root, 'worker-ffmpeg.log');
  const wrapper = path.join(ws.root, 'worker-ffmpeg.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${workerLog}'\nexec '${FFMPEG}' "$@"\n`, { mode: 0o755 });
  probeLog = path.join(ws.root, 'worker-ffprobe.log');
  const probeWrapper = path.join(ws.root, 'worker-ffprobe.sh');
  fs.writeFileSync(probeWrapper, `#!/bin/sh\necho "$*" >> '${probeLog}'\nexec '${FFPROBE}' "$@"\n`, { mode: 0o755 });
  redis = await startRedis();
  const queue = { QUEUE_DRIVER: 'bullmq', REDIS_URL: redis.url };
  server = await h.start(ws, queue);
  worker = await startWorker({ name: 'a', workDir: path.join(ws.root, 'work-a'), hide: [ws.data, ws.media], env: { ...queue, FFMPEG_PATH: wrapper, FFPROBE_PATH: probeWrapper } });
}, 300_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs(), `--- worker ---\n${worker?.output()}`);
});
afterAll(async () => {
  await worker?.stop();
  await h.cleanup();
  await redis?.kill();
});

describe('smart render on a BullMQ worker', () => {
  it('copies whole GOPs on the worker and proves the clip (the copied frames are the source’s); a clip with no whole GOP is re-encoded', async () => {
    const created = await gql(server.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'camera.mp4' }] } });
    const id = created.data.createBatch.batch.id;
    await within(follow(wsClient(server.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL'), 120_000, 'the plan');
    // 0.5 s to 4.5 s: the GOPs at 1, 2 and 3 s are whole (copied); 0.5–1 s and 4–4.5 s are the edges.
    // 4.6 s to 5.7 s holds no whole GOP: the worker declines it and re-encodes it in the same job.
    const clips = [{ videoIndex: 0, start: 0.5, end: 4.5 }, { videoIndex: 0, start: 4.6, end: 5.7 }];
    const edit = await gql(server.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'GOPs', clips } });
    expect(edit.data.updateClipPlan.__typename, JSON.stringify(edit.data)).toBe('UpdateClipPlanPayload');
    const done = within(follow(wsClient(server.url), PROGRESS, { id }, (e) => ['COMPLETED', 'FAILED'].includes(e.batchProgress.status)), 150_000, 'the render');
    expect((await gql(server.url, APPROVE, { id, v: 2 })).data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    expect((await done).at(-1).batchProgress.status).toBe('COMPLETED');

    const batch = (await gql(server.url, BATCH, { id })).data.batch;
    const out = path.join(ws.root, 'final.mp4');
    expect((await download(batch.finalVideo.url, out)).status).toBe(200);

    // The worker wrote the copy part of one smart clip; the server counted one smart clip and one re-encoded;
    // two render jobs in all (the declined clip's re-encode ran in its smart job, on the source it had).
    const runs = fs.readFileSync(workerLog, 'utf8').trim().split('\n');
    const renderJobs = worker!.output().split('\n').filter((l) => l.includes('"kind":"render"') && l.includes('"job done"'));
    expect(renderJobs).toHaveLength(2);
    // One probe job (the source's): the compressed copy and the joined video were probed by the worker that wrote them.
    expect(worker!.output().split('\n').filter((l) => l.includes('"kind":"probe"') && l.includes('"job done"'))).toHaveLength(1);
    // Both clips' jobs needed the source's packet index: the worker read it once.
    const indexRuns = fs.readFileSync(probeLog, 'utf8').split('\n').filter((l) => l.includes('packet=pts') && /in0\.mp4$/.test(l));
    expect(indexRuns).toHaveLength(1);
    // The worker had the source from the probe already: its input cache served both clips.
    for (const line of renderJobs) expect(JSON.parse(line).transfer).toMatchObject({ downloadBytes: 0, cachedBytes: fs.statSync(source).size });
    expect(runs.filter((r) => / -c:v copy .*\.copy\.mov$/.test(r)), runs.join('\n')).toHaveLength(1);
    const stats = h.logs().split('\n').find((l) => l.includes('"msg":"smart render"'));
    expect(JSON.parse(stats!.slice(stats!.indexOf('{')))).toMatchObject({ smartClips: 1, fallbacks: 1 });

    // 4 s + 1.1 s at 30 fps; output frames 15–104 are source frames 30–119 (the copied GOPs), bit for bit.
    const got = framemd5(out);
    const src = framemd5(source);
    expect(got).toHaveLength(120 + 33);
    expect(got.slice(15, 105)).toEqual(src.slice(30, 120));
    expect(spawnSync(FFMPEG, ['-v', 'error', '-i', out, '-f', 'null', '-'], { encoding: 'utf8' }).stderr).toBe('');
  }, 300_000);
});
