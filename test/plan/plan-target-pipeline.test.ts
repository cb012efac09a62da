/**
 * The length target on the real pipeline, in-process (offline analyzer, real
 * ffmpeg on tiny clips): an 8.5 s edit of 30 s of footage is accepted and
 * rendered to that length; a 30 s target from 3 minutes of footage gets an
 * offline plan of the loud moments, with Chinese reasons by default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, makeSource, streams } from '../render/helpers.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const CREATE = `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id language targetDurationSeconds } } ... on Error { message } } }`;
const PROGRESS = `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`;
const BATCH = `query ($id: ID!) { batch(id: $id) { status error language statusLabel
  clipPlan { version origin note totalDurationSeconds theme clips { videoIndex start end reason } }
  finalVideo { url durationSeconds } } }`;
const UPDATE = `mutation ($input: UpdateClipPlanInput!) { updateClipPlan(input: $input) { __typename
  ... on UpdateClipPlanPayload { clipPlan { version totalDurationSeconds } } ... on VersionConflictError { currentVersion } ... on Error { message } } }`;
const APPROVE = `mutation ($id: ID!, $v: Int!) { approveClipPlan(batchId: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;

/** The loud stretches of the 3-minute source, in seconds. */
const LOUD = [
  { start: 40, end: 46 },
  { start: 100, end: 106 },
  { start: 150, end: 156 },
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  makeSource(path.join(t.mediaRoot, 'thirty.mp4'), { w: 160, h: 90, fps: 10, seconds: 30, audio: true });
  // 3 minutes, quiet tone with three loud bursts.
  const gain = LOUD.map((l) => `between(t\\,${l.start}\\,${l.end})`).join('+');
  ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=5:d=180',
    '-f', 'lavfi', '-i', `aevalsrc=sin(2*PI*440*t)*(0.01+0.9*(${gain})):s=22050:d=180`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(t.mediaRoot, 'three-minutes.mp4'),
  ]);
}, 60_000);
afterAll(async () => t?.stop());

async function untilRest(id: string): Promise<void> {
  await collect(wsClient(t.url), PROGRESS, { id }, (e: any) => ['AWAITING_APPROVAL', 'COMPLETED', 'FAILED'].includes(e.batchProgress.status));
}

describe('plan length target', () => {
  it('accepts an 8.5 s edit of 30 s of footage and renders exactly that; a stale edit is a version conflict first', async () => {
    const created = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'thirty.mp4' }], enableVlAnalysis: false } });
    const id = created.data.createBatch.batch.id;
    expect(created.data.createBatch.batch).toMatchObject({ language: 'ZH', targetDurationSeconds: null });
    await untilRest(id);
    const review = (await gql(t.url, BATCH, { id })).data.batch;
    expect(review.status).toBe('AWAITING_APPROVAL');
    expect(review.statusLabel).toBe('等待审核');
    // Default target: never more than half of the footage.
    expect(review.clipPlan.totalDurationSeconds).toBeLessThanOrEqual(15 * 1.25);

    const clips = [
      { videoIndex: 0, start: 2, end: 6, reason: 'first' },
      { videoIndex: 0, start: 12, end: 16.5, reason: 'second' },
    ];
    // A stale version with a broken plan: the conflict is reported, not the broken clip.
    const stale = await gql(t.url, UPDATE, { input: { batchId: id, expectedVersion: 9, theme: 'x', clips: [{ videoIndex: 0, start: 5, end: 99 }] } });
    expect(stale.data.updateClipPlan).toMatchObject({ __typename: 'VersionConflictError', currentVersion: 1 });
    const saved = await gql(t.url, UPDATE, { input: { batchId: id, expectedVersion: 1, theme: 'reel', clips } });
    expect(saved.data.updateClipPlan).toMatchObject({ __typename: 'UpdateClipPlanPayload', clipPlan: { version: 2, totalDurationSeconds: 8.5 } });
    expect((await gql(t.url, APPROVE, { id, v: 2 })).data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    await untilRest(id);
    const done = (await gql(t.url, BATCH, { id })).data.batch;
    expect(done.status, done.error).toBe('COMPLETED');
    const file = path.join(t.dir, 'reel.mp4');
    fs.writeFileSync(file, Buffer.from(await (await fetch(done.finalVideo.url)).arrayBuffer()));
    const video = streams(file).find((s) => s.codec_type === 'video')!;
    // 10 fps: within one frame per clip.
    expect(Math.abs(Number(video.duration) - 8.5)).toBeLessThanOrEqual(2 * 0.1 + 1e-6);

    // The approved version as an editing timeline, behind a signed link, referencing the original file.
    const tl = await gql(t.url, `query ($id: ID!) { batch(id: $id) { clipPlan { timeline(format: EDL) { url fileName expiresAt } } } }`, { id });
    const exp = tl.data.batch.clipPlan.timeline;
    expect(exp.fileName).toBe('plan_v2.edl');
    const edl = await (await fetch(exp.url)).text();
    const events = edl.split('\n').filter((l) => /^\d{3}  /.test(l)).map((l) => l.split(/\s+/));
    expect(events.map((e) => [e[4], e[5]])).toEqual([['00:00:02:00', '00:00:06:00'], ['00:00:12:00', '00:00:16:05']]);
    expect(edl).toContain(`* SOURCE FILE: file://${path.join(t.mediaRoot, 'thirty.mp4')}`);
  }, 120_000);

  it('a 30 s target from 3 minutes of footage: an offline plan of 30 s ± 25 % made of the loud moments, reasons in Chinese', async () => {
    const created = await gql(t.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'three-minutes.mp4', compressionProfile: 'AGGRESSIVE' }], targetDurationSeconds: 30, enableVlAnalysis: false } });
    const id = created.data.createBatch.batch.id;
    await untilRest(id);
    const plan = (await gql(t.url, BATCH, { id })).data.batch.clipPlan;
    expect(plan.origin).toBe('OFFLINE');
    expect(plan.totalDurationSeconds).toBeGreaterThanOrEqual(22.5);
    expect(plan.totalDurationSeconds).toBeLessThanOrEqual(37.5);
    const loudIn = (c: { start: number; end: number }) => LOUD.reduce((s, l) => s + Math.max(0, Math.min(c.end, l.end) - Math.max(c.start, l.start)), 0);
    for (const c of plan.clips) expect(loudIn(c), JSON.stringify(plan.clips)).toBeGreaterThan(0);
    // At least two of the three bursts are in, most of them.
    expect(plan.clips.reduce((s: number, c: any) => s + loudIn(c), 0)).toBeGreaterThanOrEqual(10);
    for (const c of plan.clips) expect(c.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(plan.theme).toMatch(/[\u4e00-\u9fff]/);
    expect(plan.note).toBeNull();
  }, 120_000);

  it('refuses a target outside 5–600 s, naming the field', async () => {
    const bad = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on ValidationError { field message } } }`, {
      input: { sources: [{ type: 'LOCAL', path: 'thirty.mp4' }], targetDurationSeconds: 4 },
    });
    expect(bad.data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'targetDurationSeconds' });
    expect(bad.data.createBatch.message).toMatch(/5 to 600/);
  });
});
