/**
 * MAX_VIDEO_SECONDS holds for what is encoded, not only for the container header: an
 * mkv whose header says 5 s but that holds 30 s of frames is compressed to 5 s (on the
 * old code the whole 30 s were encoded).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCompressArgs } from '../../src/workers/ffmpeg/compress-args.js';
import { PROFILES } from '../../src/media/profiles.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { MAX_VIDEO_SECONDS: '10' } });
});
afterAll(async () => t?.stop());

/** Writes a 30 s mkv, then rewrites its Segment Info Duration (EBML 0x4489, ms) to 5000. */
function lyingMkv(file: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5:duration=30', '-c:v', 'libx264', '-preset', 'ultrafast', file]);
  const b = fs.readFileSync(file);
  const at = b.indexOf(Buffer.from([0x44, 0x89]));
  if (b[at + 2] === 0x88) b.writeDoubleBE(5000, at + 3);
  else if (b[at + 2] === 0x84) b.writeFloatBE(5000, at + 3);
  else throw new Error('no Duration element found');
  fs.writeFileSync(file, b);
}

it('the compressed copy lasts what the header announced, no more', async () => {
  lyingMkv(path.join(t.mediaRoot, 'lie.mkv'));
  const created = await gql(t.url, `mutation C($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id } } } }`, {
    input: { sources: [{ type: 'LOCAL', path: 'lie.mkv' }], enableVlAnalysis: false },
  });
  const id = created.data.createBatch.batch.id;
  await collect(wsClient(t.url), `subscription P($id: ID!) { batchProgress(batchId: $id) { status } }`, { id }, (e) =>
    ['AWAITING_APPROVAL', 'FAILED', 'COMPLETED'].includes(e.batchProgress.status),
  );
  const rawId = Buffer.from(id, 'base64').toString().split(':')[1]!;
  const [video] = t.app.batches.videos(rawId);
  expect(video!.probe!.durationSeconds).toBeCloseTo(5, 0);
  expect(video!.compressed!.durationSeconds).toBeLessThanOrEqual(5.5);
});

it('the compression argv carries -t with the probed duration', () => {
  const args = buildCompressArgs({ input: '/in/a.mkv', output: '/out/a.mp4', profile: PROFILES.BALANCED, probe: { width: 64, height: 48, fps: 5, hasAudio: false, durationSeconds: 5 } });
  expect(args[args.indexOf('-t') + 1]).toBe('5');
  expect(args.indexOf('-t')).toBeGreaterThan(args.indexOf('-i'));
});
