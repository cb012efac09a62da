/**
 * cancelBatch while the real server compresses: the batch is CANCELLED, no
 * ffmpeg of this server is left running, its work directory is gone and the
 * user's file is untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/server-process.js';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, createHarness, ffmpegProcessesUsing, follow, makeClip, rawId, waitFor, within } from './harness.js';

const CANCEL = /* GraphQL */ `
  mutation ($id: ID!) {
    cancelBatch(id: $id) {
      __typename
      ... on CancelBatchPayload { batch { status } }
      ... on Error { message }
    }
  }
`;

const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let server: ServerProcess;
let source: string;

beforeAll(async () => {
  ws = h.workspace('cancel');
  // Long and large enough that CONSERVATIVE (1080p, x264 medium) takes several seconds.
  source = await makeClip(path.join(ws.media, 'long-1080.mp4'), { width: 1920, height: 1080, seconds: 10 });
  server = await h.start(ws);
}, 120_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(() => h.cleanup());

describe('cancel mid-compression', () => {
  it('stops ffmpeg at once, removes the work directory and ends CANCELLED', async () => {
    const sizeBefore = fs.statSync(source).size;
    const created = await gql(server.url, CREATE, {
      input: {
        sources: [{ type: 'LOCAL', path: 'long-1080.mp4' }],
        compressionProfile: 'CONSERVATIVE',
        autoApprove: true,
        // The retry at the end renders; a small output keeps that cheap.
        output: { mode: 'RECOMPRESS', resolution: '480p', fps: 15, bitrate: '500k' },
      },
    });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;

    // Follow the whole stream in the background; act on the first compression event of the video.
    const whole = within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 90_000, 'end of the progress stream');
    await within(
      follow(wsClient(server.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'COMPRESSING' && e.batchProgress.videoIndex !== null),
      60_000,
      'a COMPRESSING event',
    );
    const running = await waitFor(async () => {
      const found = ffmpegProcessesUsing(ws.data);
      return found.length ? found : null;
    }, 'ffmpeg to work in the data directory', 20_000);
    expect(running.length).toBeGreaterThan(0);

    const res = await gql(server.url, CANCEL, { id });
    expect(res.data.cancelBatch).toEqual({ __typename: 'CancelBatchPayload', batch: { status: 'CANCELLED' } });
    // "At once": when the mutation answers, ffmpeg is gone and so is the work directory.
    expect(ffmpegProcessesUsing(ws.data)).toEqual([]);
    for (const p of running) expect(fs.existsSync(`/proc/${p.pid}/cmdline`) && fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8') !== '', `pid ${p.pid}`).toBe(false);
    expect(fs.existsSync(path.join(ws.data, 'work', rawId(id)))).toBe(false);

    const events = await whole;
    expect(events.at(-1).batchProgress.status).toBe('CANCELLED');
    const { data } = await gql(server.url, BATCH, { id });
    expect(data.batch.status).toBe('CANCELLED');
    expect(data.batch.videos[0].status).toBe('FAILED');
    expect(data.batch.videos[0].error).toMatch(/cancel/i);
    expect(data.batch.stages.find((s: any) => s.stage === 'COMPRESSION').status).toBe('FAILED');
    expect(data.batch.finalVideo).toBeNull();
    expect(fs.statSync(source).size).toBe(sizeBefore);
    // Cancelling again is refused with the status that refused it.
    expect((await gql(server.url, `mutation ($id: ID!) { cancelBatch(id: $id) { __typename ... on InvalidStateError { status } } }`, { id })).data.cancelBatch).toEqual({
      __typename: 'InvalidStateError',
      status: 'CANCELLED',
    });

    // retryBatch resumes the cancelled batch from where it stopped, to the end.
    const resumed = await gql(server.url, `mutation ($id: ID!) { retryBatch(id: $id) { __typename ... on RetryBatchPayload { batch { status } } ... on Error { message } } }`, { id });
    expect(resumed.data.retryBatch.__typename, JSON.stringify(resumed.data)).toBe('RetryBatchPayload');
    const rerun = await within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 100_000, 'end of the retried run');
    expect(rerun.at(-1).batchProgress).toMatchObject({ status: 'COMPLETED', progress: 100 });
    const after = (await gql(server.url, BATCH, { id })).data.batch;
    expect(after.videos[0]).toMatchObject({ status: 'READY', error: null, compression: { profile: 'CONSERVATIVE' } });
    expect([after.finalVideo.width, after.finalVideo.height]).toEqual([854, 480]);
    expect(ffmpegProcessesUsing(ws.data)).toEqual([]);
  }, 150_000);

  it('SIGTERM mid-compression exits cleanly and leaves no ffmpeg behind', async () => {
    const created = await gql(server.url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'long-1080.mp4' }], compressionProfile: 'CONSERVATIVE' } });
    const id = created.data.createBatch.batch.id;
    await within(
      follow(wsClient(server.url), PROGRESS, { id }, (e) => e.batchProgress.status === 'COMPRESSING' && e.batchProgress.videoIndex !== null),
      60_000,
      'a COMPRESSING event',
    );
    await waitFor(async () => ffmpegProcessesUsing(ws.data).length > 0, 'ffmpeg to work in the data directory', 20_000);
    // kill() signals the server alone (stop() would also sweep its process group and hide orphans).
    await server.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(ffmpegProcessesUsing(ws.data)).toEqual([]);
  }, 90_000);
});
