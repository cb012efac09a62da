/**
 * Crashes: the real server killed with SIGKILL mid-compression and started
 * again on the same data directory finishes the batch without redoing
 * preparation; a webhook that was pending when the server died is delivered
 * by the next process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/sign.js';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, createHarness, download, ffmpegProcessesUsing, follow, makeClip, probe, rawId, waitFor, within } from './harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const STAGE_TIMES = `query ($id: ID!) { batch(id: $id) { stages { stage status startedAt finishedAt } } }`;
const h = createHarness();
const receivers: WebhookReceiver[] = [];

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await h.cleanup();
});

describe('SIGKILL and restart', () => {
  it('a batch killed mid-compression completes after the restart', async () => {
    const ws = h.workspace('restart');
    await makeClip(path.join(ws.media, 'long-1080.mp4'), { width: 1920, height: 1080, seconds: 8 });
    const first = await h.start(ws);
    const created = await gql(first.url, CREATE, {
      input: {
        sources: [{ type: 'LOCAL', path: 'long-1080.mp4' }],
        autoApprove: true,
        // A small output keeps the render cheap; compression is what this test is about.
        output: { mode: 'RECOMPRESS', resolution: '480p', fps: 15, bitrate: '600k' },
      },
    });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;

    const before = await within(
      follow(wsClient(first.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'COMPRESSING' && e.batchProgress.videoIndex !== null),
      60_000,
      'a COMPRESSING event',
    );
    expect(before.at(-1).batchProgress.status).toBe('COMPRESSING');
    const preparedBefore = (await gql(first.url, STAGE_TIMES, { id })).data.batch.stages[0];
    const orphans = await waitFor(async () => {
      const found = ffmpegProcessesUsing(ws.data).map((p) => p.pid);
      return found.length ? found : null;
    }, 'the encode of the first server');
    await first.kill('SIGKILL');
    expect(preparedBefore).toMatchObject({ stage: 'PREPARATION', status: 'COMPLETED' });

    const second = await h.start(ws);
    // The new server stopped the encode the killed one left running (SIGKILL at start; the exit takes a moment).
    await waitFor(async () => !ffmpegProcessesUsing(ws.data).some((p) => orphans.includes(p.pid)), 'the orphaned encode to be gone', 5_000);
    const after = (await within(follow(wsClient(second.url), PROGRESS, { id }, () => false), 90_000, 'end of the progress stream after restart')).map(
      (e) => e.batchProgress,
    );
    expect(after[0].status).not.toBe('QUEUED');
    expect(after.at(-1)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    // Preparation was stored before the crash and is not redone.
    expect(after.filter((e) => e.stage === 'PREPARATION' && e.videoIndex !== null)).toEqual([]);

    expect((await gql(second.url, STAGE_TIMES, { id })).data.batch.stages[0]).toEqual(preparedBefore);

    const { data } = await gql(second.url, BATCH, { id });
    expect(data.batch.status).toBe('COMPLETED');
    expect(data.batch.videos[0]).toMatchObject({ status: 'READY', compression: { profile: 'BALANCED' } });
    const file = path.join(ws.root, 'final.mp4');
    const got = await download(data.batch.finalVideo.url, file);
    expect(got.status, data.batch.finalVideo.url).toBe(200);
    const p = await probe(file);
    expect(Math.min(p.width, p.height)).toBe(480);
    expect(Math.abs(p.durationSeconds - data.batch.clipPlan.totalDurationSeconds)).toBeLessThanOrEqual(data.batch.clipPlan.clips.length / 15 + 0.05);
    // Nothing of either process is still encoding, and cleanup left no work files behind.
    expect(ffmpegProcessesUsing(ws.data)).toEqual([]);
    const work = path.join(ws.data, 'work', rawId(id));
    expect(fs.existsSync(work) ? fs.readdirSync(work, { recursive: true }) : []).toEqual([]);
  }, 150_000);

  it('a webhook pending when the server dies is delivered after the restart', async () => {
    const secret = 'whsec_' + Buffer.from('e2e restart secret').toString('base64');
    // The first attempt is turned away (with a Retry-After so the retry is not due before the kill); later ones succeed.
    const receiver = await startWebhookReceiver((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '8' } } : { status: 200 }));
    receivers.push(receiver);
    const ws = h.workspace('webhook-restart');
    await makeClip(path.join(ws.media, 'short.mp4'), { width: 320, height: 240, seconds: 2 });
    const env = { ALLOW_PRIVATE_URLS: 'true', WEBHOOK_SECRET: secret, WEBHOOK_BASE_DELAY_MS: '1000' };
    const first = await h.start(ws, env);
    const created = await gql(first.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'short.mp4' }], autoApprove: true, webhookUrl: receiver.url } });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;
    const events = await within(follow(wsClient(first.url), PROGRESS, { id }, () => false), 60_000, 'end of the progress stream');
    expect(events.at(-1).batchProgress.status).toBe('COMPLETED');

    const refused = await within(receiver.nth(1), 20_000, 'first webhook attempt');
    expect(refused.answered).toBe(503);
    const pending = await waitFor(async () => {
      const q = await gql(first.url, BATCH, { id });
      return q.data.batch.webhookDeliveries.find((d: any) => d.attemptCount === 1);
    }, 'the refused attempt to be recorded');
    expect(pending).toMatchObject({ event: 'batch.completed', status: 'PENDING', attempts: [{ statusCode: 503 }] });
    await first.kill('SIGKILL');
    const killedAfter = receiver.received.length;

    const second = await h.start(ws, env);
    const delivered = await within(receiver.nth(2), 30_000, 'webhook retry after the restart');
    expect(killedAfter).toBe(1); // the retry came from the second process
    expect(delivered.answered).toBe(200);
    expect(delivered.id).toBe(refused.id); // same webhook-id, so a receiver can drop duplicates
    expect(verifyWebhook(secret, delivered)).toBe(true);
    // The same event, except that the video link is signed by the process that sends it, at its own address.
    const [was, is] = [JSON.parse(refused.body), JSON.parse(delivered.body)];
    expect({ ...is, finalVideoUrl: null }).toEqual({ ...was, finalVideoUrl: null });
    expect(is).toMatchObject({ event: 'batch.completed', batchId: id, status: 'COMPLETED' });
    expect(new URL(is.finalVideoUrl).origin).toBe(second.url);
    expect((await download(is.finalVideoUrl, path.join(ws.root, 'from-webhook.mp4'))).status).toBe(200);

    const final = await waitFor(async () => {
      const q = await gql(second.url, BATCH, { id });
      return q.data.batch.webhookDeliveries.find((d: any) => d.status === 'DELIVERED');
    }, 'the delivery to be recorded');
    expect(final).toMatchObject({ attemptCount: 2, attempts: [{ statusCode: 503 }, { statusCode: 200, error: null }] });
    expect(receiver.received).toHaveLength(2);
    // The result made by the first process is still served by the second, at the link the API gives now.
    const now = (await gql(second.url, BATCH, { id })).data.batch;
    expect(new URL(now.finalVideo.url).origin, 'finalVideo.url names the address of the process that rendered it').toBe(second.url);
    expect((await download(now.finalVideo.url, path.join(ws.root, 'final.mp4'))).status).toBe(200);
  }, 120_000);
});
