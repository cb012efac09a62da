/**
 * Bad sources on the real server: one good video beside one over 600 s, a
 * text file named `.mp4` and an empty file. The batch completes with the good
 * one; each bad one is FAILED with its own reason. A batch of only bad
 * sources fails, naming them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/server-process.js';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, createHarness, download, follow, makeClip, makeLongTinyClip, probe, within } from './harness.js';

const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let server: ServerProcess;

beforeAll(async () => {
  ws = h.workspace('failures');
  await Promise.all([
    makeClip(path.join(ws.media, 'good.mp4'), { width: 320, height: 240, seconds: 3 }),
    makeLongTinyClip(path.join(ws.media, 'too-long.mp4'), 601),
  ]);
  fs.writeFileSync(path.join(ws.media, 'notes.mp4'), 'These are my holiday notes, not a video.\n'.repeat(20));
  fs.writeFileSync(path.join(ws.media, 'empty.mp4'), '');
  server = await h.start(ws);
}, 120_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(() => h.cleanup());

async function runToEnd(sources: string[]): Promise<{ id: string; last: any }> {
  const created = await gql(server.url, CREATE, { input: { sources: sources.map((p) => ({ type: 'LOCAL', path: p })), autoApprove: true } });
  expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
  const id: string = created.data.createBatch.batch.id;
  const events = await within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 90_000, 'end of the progress stream');
  return { id, last: events.at(-1).batchProgress };
}

describe('a batch with bad sources', () => {
  it('completes with the good video; the others are FAILED, each saying why', async () => {
    const { id, last } = await runToEnd(['good.mp4', 'too-long.mp4', 'notes.mp4', 'empty.mp4']);
    expect(last).toMatchObject({ status: 'COMPLETED', progress: 100 });

    const { data } = await gql(server.url, BATCH, { id });
    const b = data.batch;
    expect(b.status).toBe('COMPLETED');
    expect(b.videos.map((v: any) => v.status)).toEqual(['READY', 'FAILED', 'FAILED', 'FAILED']);
    expect(b.videos[0].error).toBeNull();
    const [, tooLong, text, empty] = b.videos.map((v: any) => String(v.error));
    expect(tooLong).toMatch(/too-long\.mp4/);
    expect(tooLong).toMatch(/601(\.0)? s/);
    expect(tooLong).toMatch(/600 s/);
    expect(text).toMatch(/notes\.mp4/);
    expect(text).toMatch(/not a (video|media)/i);
    expect(empty).toMatch(/empty\.mp4/);
    expect(empty).toMatch(/empty|0 bytes/i);

    // The plan and the result use the good video only.
    expect(b.clipPlan.clips.every((c: any) => c.videoIndex === 0)).toBe(true);
    const file = path.join(ws.root, 'final.mp4');
    expect((await download(b.finalVideo.url, file)).status).toBe(200);
    const p = await probe(file);
    expect([p.width, p.height]).toEqual([320, 240]);
    expect(Math.abs(p.durationSeconds - b.clipPlan.totalDurationSeconds)).toBeLessThanOrEqual(b.clipPlan.clips.length / 30 + 0.05);
    // The user's LOCAL files are never touched by cleanup.
    for (const name of ['good.mp4', 'too-long.mp4', 'notes.mp4', 'empty.mp4']) expect(fs.existsSync(path.join(ws.media, name)), name).toBe(true);
  }, 120_000);

  it('fails when no video is left, naming each reason', async () => {
    const { id, last } = await runToEnd(['notes.mp4', 'empty.mp4']);
    expect(last.status).toBe('FAILED');
    const { data } = await gql(server.url, BATCH, { id });
    expect(data.batch.status).toBe('FAILED');
    expect(data.batch.videos.map((v: any) => v.status)).toEqual(['FAILED', 'FAILED']);
    expect(data.batch.error).toMatch(/notes\.mp4/);
    expect(data.batch.error).toMatch(/empty\.mp4/);
    expect(data.batch.finalVideo).toBeNull();
  }, 60_000);
});
