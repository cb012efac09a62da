/**
 * The whole pipeline on the real server process: three mixed sources with
 * autoApprove and the offline analyzer, followed over WebSocket and SSE,
 * the result downloaded through its signed link and probed, and the signed
 * `batch.completed` webhook checked at a real receiver.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/sign.js';
import type { ServerProcess } from '../support/server-process.js';
import { gql } from '../support/test-app.js';
import { sse, wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, STAGES, STATUS_ORDER, createHarness, download, follow, makeClip, probe, waitFor, within } from './harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'e2e-webhook-secret';
const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let server: ServerProcess;
let receiver: WebhookReceiver;

beforeAll(async () => {
  ws = h.workspace('pipeline');
  receiver = await startWebhookReceiver();
  await Promise.all([
    makeClip(path.join(ws.media, 'landscape-1080.mp4'), { width: 1920, height: 1080, seconds: 4 }),
    makeClip(path.join(ws.media, 'landscape-720.mp4'), { width: 1280, height: 720, seconds: 3 }),
    makeClip(path.join(ws.media, 'portrait-silent.mp4'), { width: 720, height: 1280, seconds: 3, audio: false }),
  ]);
  server = await h.start(ws, { ALLOW_PRIVATE_URLS: 'true', WEBHOOK_SECRET: SECRET });
}, 120_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(async () => {
  await receiver?.close();
  await h.cleanup();
});

describe('three mixed sources, autoApprove, offline analyzer', () => {
  it('runs through every stage in order to COMPLETED at 100 %, with a downloadable result that matches the plan', async () => {
    const created = await gql(server.url, CREATE, {
      input: {
        sources: [
          { type: 'LOCAL', path: 'landscape-1080.mp4' },
          { type: 'LOCAL', path: 'landscape-720.mp4' },
          { type: 'LOCAL', path: path.join(ws.media, 'portrait-silent.mp4') },
        ],
        autoApprove: true,
        webhookUrl: receiver.url,
      },
    });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id: string = created.data.createBatch.batch.id;

    // The same progress over both transports, and the whole batch over SSE.
    const overSse = sse(server.url, PROGRESS, { id });
    const updates = sse(server.url, `subscription ($id: ID!) { batchUpdated(id: $id) { status progress finalVideo { url } } }`, { id });
    const events = (await within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 120_000, 'end of the WebSocket stream')).map((e) => e.batchProgress);
    const sseEvents = (await within(overSse, 10_000, 'end of the SSE stream')).map((e) => e.batchProgress);

    expect(events.length).toBeGreaterThan(10);
    expect(events.every((e) => e.batchId === id)).toBe(true);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect(sseEvents.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    const batches = (await within(updates, 10_000, 'end of the batchUpdated stream')).map((u) => u.batchUpdated);
    expect(batches.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100, finalVideo: { url: expect.any(String) } });

    // The batch status never goes back, and neither does overall progress.
    const ranks = events.map((e) => STATUS_ORDER.indexOf(e.status));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    for (const status of ['COMPRESSING', 'VL_ANALYZING', 'GENERATING_PLAN', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', 'COMPLETED']) {
      expect(events.map((e) => e.status), status).toContain(status);
    }
    // Each video walks stages 1–4 in order, and every stage except APPROVAL shows up.
    for (const index of [0, 1, 2]) {
      const own = events.filter((e) => e.videoIndex === index).map((e) => STAGES.indexOf(e.stage));
      expect(own.length, `events of video ${index}`).toBeGreaterThan(0);
      expect(own, `stages of video ${index}`).toEqual([...own].sort((a, b) => a - b));
      expect(Math.max(...own), `video ${index} reaches VL_ANALYSIS`).toBe(STAGES.indexOf('VL_ANALYSIS'));
    }
    // Every stage from the one the subscription started in shows up (local sources may be prepared
    // before a client can subscribe; the stored stages below show PREPARATION too).
    const stagesSeen = new Set(events.map((e) => e.stage));
    const from = STAGES.indexOf(events[0]!.stage ?? 'PREPARATION');
    for (const stage of STAGES.filter((s, i) => s !== 'APPROVAL' && i >= Math.max(0, from))) expect([...stagesSeen], stage).toContain(stage);

    const { data } = await gql(server.url, BATCH, { id });
    const b = data.batch;
    expect(b).toMatchObject({ status: 'COMPLETED', progress: 100, error: null });
    expect(b.stages.map((s: any) => `${s.stage}:${s.status}`)).toEqual(STAGES.map((s) => `${s}:${s === 'APPROVAL' ? 'SKIPPED' : 'COMPLETED'}`));
    expect(b.videos.map((v: any) => [v.status, v.width, v.height, v.hasAudio])).toEqual([
      ['READY', 1920, 1080, true],
      ['READY', 1280, 720, true],
      ['READY', 720, 1280, false],
    ]);
    // BALANCED caps the shorter side at 720 and keeps the orientation.
    expect(b.videos.map((v: any) => [v.compression.profile, Math.min(v.compression.width, v.compression.height)])).toEqual([
      ['BALANCED', 720],
      ['BALANCED', 720],
      ['BALANCED', 720],
    ]);
    expect(b.videos[2].compression.height).toBeGreaterThan(b.videos[2].compression.width);
    expect(b.compressionSummary.originalBytes).toBeGreaterThan(0);
    // Equal is fine: the model samples 2 fps and caps pixels per frame, so a 720p copy may cost what the original does.
    expect(b.compressionSummary.originalTokens).toBeGreaterThanOrEqual(b.compressionSummary.compressedTokens);

    const footage = b.videos.reduce((s: number, v: any) => s + v.durationSeconds, 0);
    expect(b.clipPlan).toMatchObject({ version: 1, status: 'APPROVED', origin: 'OFFLINE' });
    const planTotal = b.clipPlan.clips.reduce((s: number, c: any) => s + (c.end - c.start), 0);
    expect(b.clipPlan.totalDurationSeconds).toBeCloseTo(planTotal, 3);
    // The default target is a highlight: never more than half the footage (±25 % slack for the offline planner).
    expect(planTotal).toBeGreaterThanOrEqual(1);
    expect(planTotal).toBeLessThanOrEqual(footage * 0.5 * 1.25 + 0.001);

    // The result, through its signed link, as any HTTP client would fetch it.
    expect(b.renders).toHaveLength(1);
    expect(b.finalVideo.url).toBe(b.renders[0].url);
    const file = path.join(ws.root, 'final.mp4');
    const got = await download(b.finalVideo.url, file);
    expect(got.status, b.finalVideo.url).toBe(200);
    expect(got.bytes).toBe(b.finalVideo.sizeBytes);
    const p = await probe(file);
    // The source that contributes the most running time to the plan gives the output its frame size.
    const runningTime = new Map<number, number>();
    for (const c of b.clipPlan.clips) runningTime.set(c.videoIndex, (runningTime.get(c.videoIndex) ?? 0) + c.end - c.start);
    const [widest] = [...runningTime.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const winner = b.videos[widest![0]];
    expect([p.width, p.height]).toEqual([winner.width, winner.height]);
    expect([b.finalVideo.width, b.finalVideo.height]).toEqual([winner.width, winner.height]);
    expect(p.videoCodec).toBe('h264');
    expect(p.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 2 });
    const frame = 1 / 30;
    expect(Math.abs(p.durationSeconds - planTotal)).toBeLessThanOrEqual(frame * b.clipPlan.clips.length + 0.05);
    expect(b.finalVideo.durationSeconds).toBeCloseTo(p.durationSeconds, 1);

    // A forged signature or a stretched expiry does not open the file.
    const forged = new URL(b.finalVideo.url);
    const signature = forged.searchParams.get('signature') ?? '';
    forged.searchParams.set('signature', (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1));
    expect((await fetch(forged)).status).toBeGreaterThanOrEqual(400);
    const stretched = new URL(b.finalVideo.url);
    stretched.searchParams.set('expires', String(Number(stretched.searchParams.get('expires')) + 3600));
    expect((await fetch(stretched)).status).toBeGreaterThanOrEqual(400);

    // The webhook: signed, the SPEC's payload, and the attempt on the batch.
    const hook = await within(receiver.nth(1), 20_000, 'webhook request');
    expect(hook.contentType).toMatch(/application\/json/);
    expect(verifyWebhook(SECRET, hook)).toBe(true);
    expect(verifyWebhook('another-secret', hook)).toBe(false);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'batch.completed',
      batchId: id,
      status: 'COMPLETED',
      finalVideoUrl: b.finalVideo.url,
      completedAt: expect.any(String),
      error: null,
    });
    const delivery = await waitFor(async () => {
      const q = await gql(server.url, BATCH, { id });
      return q.data.batch.webhookDeliveries.find((d: any) => d.status === 'DELIVERED');
    }, 'the delivery to be recorded');
    expect(delivery).toMatchObject({ id: hook.id, event: 'batch.completed', url: receiver.url, attemptCount: 1, attempts: [{ statusCode: 200, error: null }] });
    expect(receiver.received).toHaveLength(1);
  }, 150_000);
});
