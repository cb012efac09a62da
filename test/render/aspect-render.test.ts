/**
 * Output shape for where the video goes: a 9:16 reel from 1920×1080 footage,
 * padded or cropped as asked, through the real pipeline (probed, and the top
 * rows looked at: black bars for PAD, picture for CROP).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FFMPEG, makeSource, streams } from './helpers.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  makeSource(path.join(t.mediaRoot, 'wide.mp4'), { w: 1920, h: 1080, fps: 10, seconds: 3, audio: false });
}, 60_000);
afterAll(async () => t?.stop());

/** Mean luma of the top 100 rows of the frame at 1 s. */
function topLuma(file: string, width: number): number {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', `crop=${width}:100:0:0,format=gray`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 24 });
  const buf = r.stdout as Buffer;
  expect(buf.length).toBe(width * 100);
  return buf.reduce((s, v) => s + v, 0) / buf.length;
}

describe('output aspect', () => {
  it.each([
    { fit: 'PAD', dark: true },
    { fit: 'CROP', dark: false },
  ])('PORTRAIT $fit: 1080×1920 from 1920×1080', async ({ fit, dark }) => {
    const { data } = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id output { aspect fit } } } ... on Error { message } } }`, {
      input: { sources: [{ type: 'LOCAL', path: 'wide.mp4', compressionProfile: 'AGGRESSIVE' }], autoApprove: true, enableVlAnalysis: false, targetDurationSeconds: 5, output: { aspect: 'PORTRAIT', fit } },
    });
    const id = data.createBatch.batch.id;
    expect(data.createBatch.batch.output).toEqual({ aspect: 'PORTRAIT', fit });
    await collect(wsClient(t.url), `subscription ($id: ID!) { batchProgress(batchId: $id) { status } }`, { id });
    const b = (await gql(t.url, `query ($id: ID!) { batch(id: $id) { status error finalVideo { url width height } } }`, { id })).data.batch;
    expect(b.status, b.error).toBe('COMPLETED');
    expect([b.finalVideo.width, b.finalVideo.height]).toEqual([1080, 1920]);
    const file = path.join(t.dir, `portrait-${fit}.mp4`);
    fs.writeFileSync(file, Buffer.from(await (await fetch(b.finalVideo.url)).arrayBuffer()));
    const v = streams(file).find((s) => s.codec_type === 'video')!;
    expect([v.width, v.height]).toEqual([1080, 1920]);
    const luma = topLuma(file, 1080);
    if (dark) expect(luma).toBeLessThan(20);
    else expect(luma).toBeGreaterThan(30);
  }, 120_000);
});
