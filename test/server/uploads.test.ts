/** tus uploads on /uploads: chunked and resumable, larger than a GraphQL body, size-capped, and usable as a LOCAL source. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

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
});
