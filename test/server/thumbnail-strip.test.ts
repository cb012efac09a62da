/**
 * Clip.thumbnailStrip with real ffmpeg: the strip is one JPEG of frames × frameWidth
 * by frameHeight pixels behind a signed link, drawn once and then served from storage,
 * drawn from the original once the compressed copy is gone, with typed errors for
 * out-of-bounds arguments and for a clip whose source files are all gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, probe } from '../e2e/harness.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';
import { stripArgs, stripGeometry, stripTimes } from '../../src/media/strip-args.js';
import { rawId } from '../../src/schema/ids.js';
import { createThumbnailStrips } from '../../src/media/thumbnail-strips.js';
import { localRoots } from '../../src/sources/uploads-dir.js';

const STRIPS = /* GraphQL */ `
  query ($id: ID!, $frames: Int, $height: Int) {
    batch(id: $id) {
      videos { compression { width } }
      clipPlan {
        clips {
          id start end
          thumbnailStrip(frames: $frames, height: $height) {
            __typename
            ... on ThumbnailStrip { url expiresAt frames frameWidth frameHeight width height times }
            ... on ValidationError { field message }
            ... on InvalidStateError { status message }
          }
        }
      }
    }
  }
`;

let t: TestApp;
let batchId = '';
let rawBatchId = '';

beforeAll(async () => {
  t = await startTestApp({ env: { ANALYZER: 'offline' } });
  await makeClip(path.join(t.mediaRoot, 'wide.mp4'), { width: 320, height: 180, seconds: 4 });
  const created = await gql(t.url, 'mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id } } } }', {
    input: { sources: [{ type: 'LOCAL', path: 'wide.mp4' }] },
  });
  batchId = created.data.createBatch.batch.id;
  rawBatchId = rawId(batchId, 'Batch')!;
  await collect(wsClient(t.url), 'subscription ($id: ID!) { batchProgress(batchId: $id) { status } }', { id: batchId }, (e: any) => e.batchProgress.status === 'AWAITING_APPROVAL');
}, 60_000);
afterAll(async () => t?.stop());

async function download(url: string, name: string): Promise<{ type: string | null; file: string }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const file = path.join(t.dir, name);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { type: res.headers.get('content-type'), file };
}

describe('strip geometry and argv', () => {
  it('keeps the aspect ratio within bounds, even sizes, frames at the middle of equal parts', () => {
    expect(stripGeometry({ width: 1920, height: 1080 }, 6, 72)).toEqual({ frames: 6, frameWidth: 128, frameHeight: 72, width: 768, height: 72 });
    expect(stripGeometry({ width: 10000, height: 100 }, 4, 60).frameWidth).toBe(180);
    expect(stripGeometry({ width: 100, height: 10000 }, 4, 60).frameWidth).toBe(16);
    expect(stripTimes(10, 14, 4)).toEqual([10.5, 11.5, 12.5, 13.5]);
    const args = stripArgs({ inputPath: '/in.mp4', start: 10, end: 14, output: '/out.jpg', geometry: stripGeometry({ width: 16, height: 9 }, 4, 72) });
    expect(args.slice(0, 4)).toEqual(['-ss', '10.500', '-i', '/in.mp4']);
    expect(args.at(-1)).toBe('/out.jpg');
    expect(args.join(' ')).toContain('tile=4x1');
  });
});

describe('Clip.thumbnailStrip', () => {
  it('returns a signed JPEG of exactly frames × frameWidth by frameHeight, drawn once', async () => {
    const { data } = await gql(t.url, STRIPS, { id: batchId, frames: 5, height: 48 });
    const clips = data.batch.clipPlan.clips;
    expect(clips.length).toBeGreaterThan(0);
    for (const [i, clip] of clips.entries()) {
      const strip = clip.thumbnailStrip;
      expect(strip).toMatchObject({ __typename: 'ThumbnailStrip', frames: 5, frameHeight: 48, frameWidth: 86, width: 430, height: 48 });
      expect(strip.times).toHaveLength(5);
      expect(strip.times[0]).toBeGreaterThan(clip.start);
      expect(strip.times[4]).toBeLessThan(clip.end);
      const { type, file } = await download(strip.url, `strip-${i}.jpg`);
      expect(type).toBe('image/jpeg');
      const info = await probe(file);
      expect([info.width, info.height]).toEqual([430, 48]);
    }
    const objects = await t.services.storage.list(`thumbnails/${rawBatchId}/`);
    expect(objects).toHaveLength(clips.length);
    // Asked again: the same stored objects, nothing drawn anew.
    await gql(t.url, STRIPS, { id: batchId, frames: 5, height: 48 });
    const again = await t.services.storage.list(`thumbnails/${rawBatchId}/`);
    expect(again.map((o) => [o.key, o.lastModified.getTime()])).toEqual(objects.map((o) => [o.key, o.lastModified.getTime()]));
  }, 30_000);

  it('refuses arguments out of bounds with a ValidationError naming the argument', async () => {
    const many = (await gql(t.url, STRIPS, { id: batchId, frames: 50 })).data.batch.clipPlan.clips[0].thumbnailStrip;
    expect(many).toMatchObject({ __typename: 'ValidationError', field: 'frames' });
    expect(many.message).toMatch(/2 to 12/);
    const tall = (await gql(t.url, STRIPS, { id: batchId, height: 4000 })).data.batch.clipPlan.clips[0].thumbnailStrip;
    expect(tall).toMatchObject({ __typename: 'ValidationError', field: 'height' });
  });

  it('draws from the original once the compressed copy is gone, and says so when both are gone', async () => {
    const video = t.app.batches.videos(rawBatchId)[0]!;
    fs.rmSync(video.compressed!.path);
    const fromOriginal = (await gql(t.url, STRIPS, { id: batchId, frames: 3, height: 40 })).data.batch.clipPlan.clips[0].thumbnailStrip;
    expect(fromOriginal).toMatchObject({ __typename: 'ThumbnailStrip', width: 3 * 72, height: 40 });
    expect((await probe((await download(fromOriginal.url, 'orig.jpg')).file)).width).toBe(216);

    fs.renameSync(video.localPath!, `${video.localPath}.moved`);
    try {
      const gone = (await gql(t.url, STRIPS, { id: batchId, frames: 4, height: 40 })).data.batch.clipPlan.clips[0].thumbnailStrip;
      expect(gone).toMatchObject({ __typename: 'InvalidStateError', status: 'AWAITING_APPROVAL' });
      expect(gone.message).toMatch(/no longer on the server/);
      // What was drawn before is still served.
      const kept = (await gql(t.url, STRIPS, { id: batchId, frames: 5, height: 48 })).data.batch.clipPlan.clips[0].thumbnailStrip;
      expect(kept.__typename).toBe('ThumbnailStrip');
    } finally {
      fs.renameSync(`${video.localPath}.moved`, video.localPath!);
    }
  }, 30_000);

  it('keeps a bounded number of strips per batch, the newest', async () => {
    const strips = createThumbnailStrips({ pool: t.services.pool, storage: t.services.storage, maxPerBatch: 2 });
    const video = t.app.batches.videos(rawBatchId)[0]!;
    const clip = { batchId: 'capped', clipId: 'c1', start: 0.5, end: 2.5, video, roots: localRoots(t.config) };
    for (const height of [36, 40, 44]) await strips.clipStrip({ ...clip, frames: 2, height });
    const keys = (await t.services.storage.list('thumbnails/capped/')).map((o) => o.key).sort();
    expect(keys).toEqual(['thumbnails/capped/c1_2x40.jpg', 'thumbnails/capped/c1_2x44.jpg']);
  }, 30_000);
});
