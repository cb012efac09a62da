/**
 * tus uploads on /uploads: chunked and resumable, larger than a GraphQL body, size-capped, usable as a
 * LOCAL source, announcing their expiry, and kept through the batch's cleanup so it can render again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../e2e/harness.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';
import { collect, wsClient } from '../support/ws-client.js';

const TUS = { 'tus-resumable': '1.0.0' };

describe('uploads', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ANALYZER: 'offline', DOWNLOAD_MAX_BYTES: String(4_000_000) } });
  });
  afterAll(() => app?.stop());

  it('takes a 3 MB file in two PATCHes, resuming from the offset the server reports', async () => {
    const n = 3_000_000;
    const body = new Uint8Array(n).map((_v, i) => i % 251);
    const created = await fetch(`${app.url}/uploads`, {
      method: 'POST',
      headers: { ...TUS, 'upload-length': String(n), 'upload-metadata': `filename ${Buffer.from('比赛 clip.mp4').toString('base64')}` },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!, app.url).toString();
    const id = decodeURIComponent(location.split('/').pop()!);
    expect(id).toMatch(/^[0-9a-f]{32}-比赛_clip\.mp4$/);
    const patch = (offset: number, part: Uint8Array) =>
      fetch(location, { method: 'PATCH', headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body: Buffer.from(part) });
    expect((await patch(0, body.subarray(0, 2_000_000))).status).toBe(204);
    const head = await fetch(location, { method: 'HEAD', headers: TUS });
    expect(head.headers.get('upload-offset')).toBe('2000000');
    expect((await patch(2_000_000, body.subarray(2_000_000))).status).toBe(204);
    const stored = fs.readFileSync(path.join(app.config.dataDir, 'uploads', id));
    expect(Buffer.compare(stored, Buffer.from(body))).toBe(0);

    // The upload id is a LOCAL source's path (it is no video, so only its checks at creation are asserted).
    const res = await gql(
      app.url,
      `mutation($p: String!) { createBatch(input: { sources: [{ type: LOCAL, path: $p }] }) { __typename ... on ValidationError { message } } }`,
      { p: id },
    );
    expect(res.data.createBatch.__typename).toBe('CreateBatchPayload');
  });

  it('refuses an upload over DOWNLOAD_MAX_BYTES with 413', async () => {
    const res = await fetch(`${app.url}/uploads`, { method: 'POST', headers: { ...TUS, 'upload-length': String(5_000_000) } });
    expect(res.status).toBe(413);
  });

  it('announces when an unused upload expires (UPLOAD_TTL_SECONDS, default a day)', async () => {
    const res = await fetch(`${app.url}/uploads`, { method: 'POST', headers: { ...TUS, 'upload-length': '10' } });
    expect(res.status).toBe(201);
    const expires = Date.parse(res.headers.get('upload-expires')!) - Date.now();
    expect(expires).toBeGreaterThan(23 * 3600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('keeps an upload through its batch’s cleanup, so the completed batch renders again from it', async () => {
    const file = await makeClip(path.join(app.dir, 'up.mp4'), { width: 160, height: 120, seconds: 3 });
    const bytes = fs.readFileSync(file);
    const created = await fetch(`${app.url}/uploads`, {
      method: 'POST',
      headers: { ...TUS, 'upload-length': String(bytes.length), 'upload-metadata': `filename ${Buffer.from('up.mp4').toString('base64')}`, 'content-type': 'application/offset+octet-stream' },
      body: bytes,
    });
    expect(created.status).toBe(201);
    const id = decodeURIComponent(created.headers.get('location')!.split('/').pop()!);
    const stored = path.join(app.config.dataDir, 'uploads', id);
    const res = await gql(app.url, `mutation($p: String!) { createBatch(input: { sources: [{ type: LOCAL, path: $p }], autoApprove: true }) { ... on CreateBatchPayload { batch { id } } } }`, { p: id });
    const batchId = res.data.createBatch.batch.id;
    const progress = 'subscription ($id: ID!) { batchProgress(batchId: $id) { status } }';
    const done = (e: any) => ['COMPLETED', 'FAILED'].includes(e.batchProgress.status);
    expect((await collect(wsClient(app.url), progress, { id: batchId }, done)).at(-1).batchProgress.status).toBe('COMPLETED');
    expect(fs.existsSync(stored)).toBe(true);

    // Approving again after completion renders again, from the upload.
    const again = await gql(app.url, 'mutation ($id: ID!) { approveClipPlan(batchId: $id, expectedVersion: 1) { __typename } }', { id: batchId });
    expect(again.data.approveClipPlan.__typename).toBe('ApproveClipPlanPayload');
    expect((await collect(wsClient(app.url), progress, { id: batchId }, done)).at(-1).batchProgress.status).toBe('COMPLETED');
    const renders = (await gql(app.url, 'query ($id: ID!) { batch(id: $id) { renders { status } } }', { id: batchId })).data.batch.renders;
    expect(renders.map((r: { status: string }) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(fs.existsSync(stored)).toBe(true);
  }, 60_000);
});
