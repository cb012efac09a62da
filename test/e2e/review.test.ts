/**
 * Plan review on the real server: the batch rests at AWAITING_APPROVAL, a
 * stale edit and an invalid edit are refused with typed errors, a valid edit
 * is approved and rendered to the edited length.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/server-process.js';
import { gql } from '../support/test-app.js';
import { sse, wsClient } from '../support/ws-client.js';
import { verifyWebhook } from '../../src/webhooks/sign.js';
import { BATCH, CREATE, PROGRESS, createHarness, download, follow, makeClip, probe, within } from './harness.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateClipPlanInput!) {
    updateClipPlan(input: $input) {
      __typename
      ... on UpdateClipPlanPayload { clipPlan { version origin status totalDurationSeconds } batch { status } }
      ... on VersionConflictError { message currentVersion }
      ... on ValidationError { message field clipIndex }
      ... on InvalidStateError { message status }
    }
  }
`;
const APPROVE = /* GraphQL */ `
  mutation ($id: ID!, $v: Int!) {
    approveClipPlan(batchId: $id, expectedVersion: $v) {
      __typename
      ... on Error { message }
      ... on VersionConflictError { currentVersion }
      ... on ApproveClipPlanPayload { clipPlan { version status } batch { status } }
    }
  }
`;

const SECRET = 'review-secret';
const TEMP_URLS = `query ($id: ID!) { batch(id: $id) { videos { compression { tempUrl expiresAt } } } }`;
const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let server: ServerProcess;
let receiver: WebhookReceiver;

beforeAll(async () => {
  ws = h.workspace('review');
  await Promise.all([
    makeClip(path.join(ws.media, 'a.mp4'), { width: 640, height: 360, seconds: 3 }),
    makeClip(path.join(ws.media, 'b.mp4'), { width: 640, height: 360, seconds: 3 }),
  ]);
  receiver = await startWebhookReceiver();
  server = await h.start(ws, { ALLOW_PRIVATE_URLS: 'true', WEBHOOK_SECRET: SECRET });
}, 120_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(async () => {
  await receiver?.close();
  await h.cleanup();
});

describe('plan review', () => {
  it('waits for approval, refuses stale and invalid edits, renders the approved edit to its length', async () => {
    const created = await gql(server.url, CREATE, {
      input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }, { type: 'LOCAL', path: 'b.mp4' }], webhookUrl: receiver.url },
    });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;
    const untilReview = await within(
      follow(wsClient(server.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'AWAITING_APPROVAL'),
      60_000,
      'AWAITING_APPROVAL',
    );
    expect(untilReview.at(-1).batchProgress).toMatchObject({ status: 'AWAITING_APPROVAL', stage: 'APPROVAL' });

    const review = (await gql(server.url, BATCH, { id })).data.batch;
    expect(review.status).toBe('AWAITING_APPROVAL');
    expect(review.clipPlan).toMatchObject({ version: 1, status: 'DRAFT', origin: 'OFFLINE' });
    expect(review.stages.find((s: any) => s.stage === 'APPROVAL').status).toBe('RUNNING');
    expect(review.finalVideo).toBeNull();
    const [durA, durB] = review.videos.map((v: any) => v.durationSeconds as number);

    // While the plan waits, the compressed copies the model watched are behind their own signed links.
    const temp = (await gql(server.url, TEMP_URLS, { id })).data.batch.videos[0].compression;
    expect(temp.tempUrl).toMatch(/^http/);
    const copy = path.join(ws.root, 'compressed-0.mp4');
    expect((await download(temp.tempUrl, copy)).status).toBe(200);
    const copyProbe = await probe(copy);
    // BALANCED never upscales: 640×360 stays 640×360; audio stays.
    expect([copyProbe.width, copyProbe.height]).toEqual([640, 360]);
    expect(copyProbe.audio?.codec).toBe('aac');
    expect(copyProbe.durationSeconds).toBeCloseTo(durA, 0);
    const waiting = await within(receiver.nth(1), 20_000, 'batch.awaiting_approval webhook');
    expect(verifyWebhook(SECRET, waiting)).toBe(true);
    expect(JSON.parse(waiting.body)).toMatchObject({ event: 'batch.awaiting_approval', batchId: id, status: 'AWAITING_APPROVAL', finalVideoUrl: null });

    // Editor 1 reorders and trims 0.3 s.
    const edited = [
      { videoIndex: 1, start: 0, end: durB, reason: 'b first' },
      { videoIndex: 0, start: 0.3, end: durA, reason: 'then a, trimmed' },
    ];
    const editedLength = durB + durA - 0.3;
    const saved = await gql(server.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'b then a', clips: edited } });
    expect(saved.data.updateClipPlan).toMatchObject({
      __typename: 'UpdateClipPlanPayload',
      clipPlan: { version: 2, origin: 'USER', status: 'DRAFT' },
      batch: { status: 'AWAITING_APPROVAL' },
    });
    expect(saved.data.updateClipPlan.clipPlan.totalDurationSeconds).toBeCloseTo(editedLength, 3);

    // Editor 2 still looks at version 1: refused, told which version is current.
    const stale = await gql(server.url, UPDATE, {
      input: { batchId: id, expectedVersion: 1, theme: 'a only', clips: [{ videoIndex: 0, start: 0, end: durA }, { videoIndex: 1, start: 0, end: durB }] },
    });
    expect(stale.data.updateClipPlan).toMatchObject({ __typename: 'VersionConflictError', currentVersion: 2 });

    // Invalid edits on the current version: a clip past the end, then a clip under 1 s (length is free: only hard rules).
    const pastEnd = await gql(server.url, UPDATE, {
      input: { batchId: id, expectedVersion: 2, theme: 'x', clips: [edited[0], { videoIndex: 0, start: 0, end: durA + 5 }] },
    });
    expect(pastEnd.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', clipIndex: 1 });
    expect(pastEnd.data.updateClipPlan.message).toMatch(/clip 1/);
    const tooShort = await gql(server.url, UPDATE, { input: { batchId: id, expectedVersion: 2, theme: 'x', clips: [{ videoIndex: 0, start: 0, end: 0.5 }] } });
    expect(tooShort.data.updateClipPlan).toMatchObject({ __typename: 'ValidationError', clipIndex: 0 });
    expect(tooShort.data.updateClipPlan.message).toMatch(/at least 1 s/);
    const versions = (await gql(server.url, BATCH, { id })).data.batch.clipPlanVersions;
    expect(versions.map((v: any) => `${v.version}:${v.origin}:${v.status}`)).toEqual(['1:OFFLINE:DRAFT', '2:USER:DRAFT']);

    // Approving the old version is refused; the current one renders. Follow it over SSE this time.
    expect((await gql(server.url, APPROVE, { id, v: 1 })).data.approveClipPlan).toMatchObject({ __typename: 'VersionConflictError', currentVersion: 2 });
    const stream = sse(server.url, PROGRESS, { id });
    const approved = await gql(server.url, APPROVE, { id, v: 2 });
    expect(approved.data.approveClipPlan).toMatchObject({ __typename: 'ApproveClipPlanPayload', clipPlan: { version: 2, status: 'APPROVED' } });
    const events = await within(stream, 60_000, 'end of the SSE stream');
    expect(events.at(-1).batchProgress).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect(events.map((e) => e.batchProgress.status)).toContain('CLIPPING');

    const done = (await gql(server.url, BATCH, { id })).data.batch;
    expect(done.status).toBe('COMPLETED');
    expect(done.clipPlanVersions.map((v: any) => `${v.version}:${v.status}`)).toEqual(['1:DRAFT', '2:APPROVED']);
    expect(done.finalVideo.planVersion).toBe(2);
    const file = path.join(ws.root, 'edited.mp4');
    expect((await download(done.finalVideo.url, file)).status).toBe(200);
    const p = await probe(file);
    expect(Math.abs(p.durationSeconds - editedLength)).toBeLessThanOrEqual(2 / 30 + 0.05);
    expect(done.finalVideo.durationSeconds).toBeCloseTo(p.durationSeconds, 1);
    const completed = await within(receiver.nth(2), 20_000, 'batch.completed webhook');
    expect(JSON.parse(completed.body)).toMatchObject({ event: 'batch.completed', finalVideoUrl: done.finalVideo.url });

    // After COMPLETED the plan can be edited and rendered again; each render keeps its own link.
    const again = await gql(server.url, UPDATE, {
      input: { batchId: id, expectedVersion: 2, theme: 'a then b', clips: [{ videoIndex: 0, start: 0, end: durA }, { videoIndex: 1, start: 0, end: durB }] },
    });
    expect(again.data.updateClipPlan).toMatchObject({ __typename: 'UpdateClipPlanPayload', clipPlan: { version: 3 } });
    const rerender = sse(server.url, PROGRESS, { id });
    expect((await gql(server.url, APPROVE, { id, v: 3 })).data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    expect((await within(rerender, 60_000, 'end of the second render')).at(-1).batchProgress.status).toBe('COMPLETED');
    const twice = (await gql(server.url, BATCH, { id })).data.batch;
    expect(twice.renders.map((r: any) => `${r.planVersion}:${r.status}`)).toEqual(['2:COMPLETED', '3:COMPLETED']);
    expect(twice.renders[0].url).not.toBe(twice.renders[1].url);
    expect(twice.finalVideo.planVersion).toBe(3);
    expect(twice.finalVideo.durationSeconds).toBeCloseTo(durA + durB, 0);
    // Cleanup removed the compressed copies, so their links are dead; the first render's link still works.
    expect((await fetch(temp.tempUrl)).status).toBe(404);
    expect((await download(twice.renders[0].url, path.join(ws.root, 'first.mp4'))).status).toBe(200);
    const second = await within(receiver.nth(3), 20_000, 'a webhook for the second render');
    expect(JSON.parse(second.body)).toMatchObject({ event: 'batch.completed', finalVideoUrl: twice.finalVideo.url });
  }, 120_000);
});
