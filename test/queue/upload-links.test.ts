/**
 * Signed upload links on the real server: a PUT with a valid link stores the
 * body under exactly its key; a forged, expired, download-only, other-key or
 * oversized upload is refused, also when the server requires API tokens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStorageRoot } from '../../src/storage/create-storage.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const put = (url: string, body: string | Uint8Array) => fetch(url, { method: 'PUT', body: body as BodyInit });

beforeAll(async () => {
  t = await startTestApp({ env: { API_TOKENS: 'secret-token' } });
});
afterAll(() => t?.stop());

describe('signed upload links', () => {
  it('store the body under the link’s key, without a token', async () => {
    const url = await t.services.storage.signedUploadUrl('queue/j1/out/out0.mp4', 60, 1000);
    const res = await put(url, 'hello');
    expect(res.status).toBe(201);
    expect(fs.readFileSync(path.join(localStorageRoot(t.config.dataDir), 'queue/j1/out/out0.mp4'), 'utf8')).toBe('hello');
    // Uploading again replaces the object (a retried job).
    expect((await put(url, 'again')).status).toBe(201);
    expect((await t.services.storage.stat('queue/j1/out/out0.mp4'))?.sizeBytes).toBe(5);
  });

  it('refuse another key, a changed cap, a download link, an expired or forged link', async () => {
    const url = new URL(await t.services.storage.signedUploadUrl('queue/j2/out/out0.mp4', 60, 1000));
    const other = new URL(url);
    other.pathname = '/files/queue/j2/out/out1.mp4';
    expect((await put(other.href, 'x')).status).toBe(403);
    const bigger = new URL(url);
    bigger.searchParams.set('max', '999999');
    expect((await put(bigger.href, 'x')).status).toBe(403);
    const download = await t.services.storage.signedUrl('queue/j2/out/out0.mp4', 60);
    expect((await put(download, 'x')).status).toBe(403);
    const expired = new URL(url);
    expired.searchParams.set('expires', '1');
    expect((await put(expired.href, 'x')).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set('signature', 'A'.repeat(43));
    expect((await put(forged.href, 'x')).status).toBe(403);
    expect(await t.services.storage.stat('queue/j2/out/out0.mp4')).toBeNull();
    // An upload link grants no download.
    const asGet = await fetch(url.href);
    expect(asGet.status).toBe(403);
  });

  it('refuse a body over the cap and leave nothing behind', async () => {
    const url = await t.services.storage.signedUploadUrl('queue/j3/out/out0.mp4', 60, 10);
    expect((await put(url, new Uint8Array(11))).status).toBe(413);
    expect(await t.services.storage.stat('queue/j3/out/out0.mp4')).toBeNull();
    const uploads = path.join(localStorageRoot(t.config.dataDir), '.uploads');
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  });
});
