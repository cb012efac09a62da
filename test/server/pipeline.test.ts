/** The whole pipeline in-process with the real stages on tiny generated clips: offline analyzer, local storage. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSource, streams } from '../render/helpers.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  makeSource(path.join(t.mediaRoot, 'land.mp4'), { w: 640, h: 360, fps: 30, seconds: 4, audio: true });
  makeSource(path.join(t.mediaRoot, 'portrait.mp4'), { w: 360, h: 640, fps: 24, seconds: 3, audio: false });
  fs.writeFileSync(path.join(t.mediaRoot, 'notes.mp4'), 'this is not a video');
});
afterAll(async () => t?.stop());

describe('real pipeline', () => {
  // A target longer than the footage: every ready video whole, so the landscape one dominates.
  it('turns two clips into one video, failing the bad source alone', async () => {
    const { data } = await gql(
      t.url,
      `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on Error { message } } }`,
      { input: { sources: [{ type: 'LOCAL', path: 'land.mp4' }, { type: 'LOCAL', path: 'notes.mp4' }, { type: 'LOCAL', path: 'portrait.mp4', compressionProfile: 'AGGRESSIVE' }], autoApprove: true, targetDurationSeconds: 600 } },
    );
    const id = data.createBatch.batch.id;
    const events = await collect(wsClient(t.url), `subscription ($id: ID!) { batchProgress(batchId: $id) { status stage progress videoIndex message } }`, { id });
    const last = events.at(-1).batchProgress;
    expect(last, JSON.stringify(events.slice(-3))).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect(events.some((e) => e.batchProgress.status === 'COMPRESSING' && e.batchProgress.videoIndex !== null)).toBe(true);

    const q = await gql(
      t.url,
      `query ($id: ID!) { batch(id: $id) {
        videos { index status error width height hasAudio compression { profile ratio tempUrl } analysis { description highlights { start end } } }
        clipPlan { origin totalDurationSeconds clips { videoIndex start end } }
        finalVideo { url durationSeconds width height sizeBytes }
        compressionSummary { originalBytes compressedBytes tokenRule }
        stages { stage status itemsDone itemsTotal }
      } }`,
      { id },
    );
    const b = q.data.batch;
    expect(b.videos.map((v: any) => v.status)).toEqual(['READY', 'FAILED', 'READY']);
    expect(b.videos[1].error).toMatch(/not a media file|text/i);
    expect(b.videos[2]).toMatchObject({ width: 360, height: 640, hasAudio: false, compression: { profile: 'AGGRESSIVE' } });
    expect(b.clipPlan.origin).toBe('OFFLINE');
    expect(b.finalVideo.width).toBe(640);
    expect(b.finalVideo.height).toBe(360);
    expect(Math.abs(b.finalVideo.durationSeconds - b.clipPlan.totalDurationSeconds)).toBeLessThan(0.1 * b.clipPlan.clips.length);

    const res = await fetch(b.finalVideo.url);
    expect(res.status).toBe(200);
    const out = path.join(t.dir, 'final.mp4');
    fs.writeFileSync(out, Buffer.from(await res.arrayBuffer()));
    const s = streams(out);
    expect(s.map((x) => x.codec_type).sort()).toEqual(['audio', 'video']);
    // Cleanup left only the final video in storage and no work directory.
    const raw = Buffer.from(id, 'base64').toString().split(':')[1]!;
    expect(fs.existsSync(path.join(t.config.dataDir, 'work', raw))).toBe(false);
    expect(fs.existsSync(path.join(t.config.dataDir, 'storage', 'temp-compressed', raw))).toBe(false);
    expect(fs.existsSync(path.join(t.mediaRoot, 'land.mp4'))).toBe(true);
  });
});
