/**
 * A URL source served by a real HTTP server on 127.0.0.1: downloaded and
 * used when the server runs with ALLOW_PRIVATE_URLS, refused at creation
 * (with nothing fetched) when it does not.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/test-app.js';
import { wsClient } from '../support/ws-client.js';
import { BATCH, CREATE, PROGRESS, createHarness, download, follow, makeClip, probe, within } from './harness.js';

const h = createHarness();
let ws: ReturnType<typeof h.workspace>;
let files: Server;
let clipUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  ws = h.workspace('url');
  const clip = await makeClip(path.join(ws.root, 'remote.mp4'), { width: 480, height: 270, seconds: 3 });
  const bytes = fs.readFileSync(clip);
  files = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/videos/remote.mp4')) {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes.length });
      res.end(bytes);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  clipUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/videos/remote.mp4?token=abc`;
}, 60_000);

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(h.logs());
});
afterAll(async () => {
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
  await h.cleanup();
});

describe('URL sources', () => {
  it('downloads a URL from a local server when private addresses are allowed, and completes', async () => {
    const server = await h.start(ws, { ALLOW_PRIVATE_URLS: 'true' });
    const created = await gql(server.url, CREATE, { input: { sources: [{ type: 'URL', url: clipUrl }], autoApprove: true } });
    expect(created.data.createBatch.__typename, JSON.stringify(created.data)).toBe('CreateBatchPayload');
    const id = created.data.createBatch.batch.id;
    const events = await within(follow(wsClient(server.url), PROGRESS, { id }, () => false), 90_000, 'end of the progress stream');
    expect(events.map((e) => e.batchProgress.status)).toContain('DOWNLOADING');
    expect(events.at(-1).batchProgress).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect(requests.filter((r) => r.startsWith('GET /videos/remote.mp4')).length).toBeGreaterThanOrEqual(1);

    const { data } = await gql(server.url, BATCH, { id });
    expect(data.batch.videos[0]).toMatchObject({ sourceType: 'URL', status: 'READY', width: 480, height: 270, hasAudio: true });
    const file = path.join(ws.root, 'final.mp4');
    expect((await download(data.batch.finalVideo.url, file)).status).toBe(200);
    expect((await probe(file)).width).toBe(480);
    // SIGTERM is a clean shutdown.
    await server.stop();
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('refuses the same URL without ALLOW_PRIVATE_URLS, creating nothing and fetching nothing', async () => {
    const server = await h.start(h.workspace('url-strict'));
    const before = requests.length;
    const refused = await gql(server.url, CREATE, { input: { sources: [{ type: 'URL', url: clipUrl }], autoApprove: true } });
    expect(refused.data.createBatch).toMatchObject({ __typename: 'ValidationError', field: 'sources.url', sourceIndex: 0 });
    expect(refused.data.createBatch.message).toMatch(/private|loopback|local/i);
    expect(requests.length).toBe(before);
    const list = await gql(server.url, '{ batches(first: 10) { edges { node { id } } } }');
    expect(list.data.batches.edges).toHaveLength(0);
  }, 60_000);
});
