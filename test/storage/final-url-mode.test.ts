/** FINAL_URL_MODE=public against the local OSS server: the plain object URL of a public-read bucket, checked; a private bucket is refused with the fix. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSettings, ProbeInfo } from '../../src/domain/types.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import { uploadFinal } from '../../src/pipeline/stages/final-upload.js';
import { liveRenderUrl } from '../../src/schema/render-url.js';
import { createOssStorage } from '../../src/storage/oss-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { startOssServer, type OssServer } from '../support/oss-server.js';

const NOW = new Date();
const BATCH_ID = 'b-public';

let tmp: string;
let server: OssServer;
let finalPath: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'final-url-mode-'));
  finalPath = path.join(tmp, 'final.mp4');
  await fs.writeFile(finalPath, 'final video!');
  server = await startOssServer({ buckets: ['open-bucket', 'closed-bucket'], publicReadBuckets: ['open-bucket'] });
});
afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const storageOf = (bucket: string, authorizationV4: boolean): Storage =>
  createOssStorage({ region: 'cn-hangzhou', bucket, endpoint: server.endpoint, accessKeyId: 'test', accessKeySecret: 'test', authorizationV4, pathStyle: true });

const deps = (storage: Storage, finalUrlMode: 'signed' | 'public'): StageDeps =>
  ({ storage, now: () => NOW, log: pino({ level: 'silent' }), config: { storage: { finalUrlMode, finalUrlExpirySeconds: 3600 } } }) as unknown as StageDeps;

const batch = { id: BATCH_ID, createdAt: NOW } as BatchSettings;
const upload = (storage: Storage, mode: 'signed' | 'public') =>
  uploadFinal({ batch, renderId: 'r1', path: finalPath, probe: {} as ProbeInfo }, deps(storage, mode), { signal: new AbortController().signal, onProgress: () => {} });

describe('FINAL_URL_MODE', () => {
  for (const v4 of [false, true]) {
    it(`public, public-read bucket (${v4 ? 'V4' : 'V1'} signing): the plain object URL, no signature, no expiry, readable by anyone`, async () => {
      const out = await upload(storageOf('open-bucket', v4), 'public');
      expect(out.expiresAt).toBeNull();
      expect(out.url).toBe(`${server.endpoint}/open-bucket/${out.key}`);
      expect(new URL(out.url).search).toBe('');
      expect(await (await fetch(out.url)).text()).toBe('final video!');
      // The upload checked it with an unsigned request before recording it.
      expect(server.requests.some((r) => r.method === 'HEAD' && r.key === out.key && r.auth === 'anonymous' && r.status === 200)).toBe(true);
      // Read back through the API's resolver: the same URL, no expiry, nothing re-signed.
      const render = { storageKey: out.key, url: out.url, urlExpiresAt: out.expiresAt } as Parameters<typeof liveRenderUrl>[0];
      expect(await liveRenderUrl(render, { storage: storageOf('open-bucket', v4), config: { storage: { finalUrlExpirySeconds: 3600 } } } as never)).toEqual({ url: out.url, expiresAt: null });
    });
  }

  it('public, private bucket: refused with what to change, and no retry would help', async () => {
    await expect(upload(storageOf('closed-bucket', true), 'public')).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/answered 403: the bucket is not public-read\. Make it public-read .*or set FINAL_URL_MODE=signed/),
    });
  });

  it('public, private bucket: the refused upload leaves no object behind (a retry would not pile up copies)', async () => {
    const storage = storageOf('closed-bucket', true);
    await expect(upload(storage, 'public')).rejects.toMatchObject({ name: 'UnrecoverableError' });
    const put = server.requests.filter((r) => r.method === 'PUT' && r.key.startsWith(`processed/${BATCH_ID}/`));
    expect(put.length).toBeGreaterThan(0);
    for (const r of put) expect(await storage.stat(r.key)).toBeNull();
  });

  it('signed (the default) on the same public bucket: a signed URL with its expiry', async () => {
    const out = await upload(storageOf('open-bucket', true), 'signed');
    expect(out.expiresAt?.getTime()).toBe(NOW.getTime() + 3600_000);
    expect(new URL(out.url).searchParams.get('x-oss-signature')).toBeTruthy();
    expect(await (await fetch(out.url)).text()).toBe('final video!');
  });

  it('an unsigned GET of a private bucket is still refused (the stand-in checks ACLs)', async () => {
    const out = await upload(storageOf('closed-bucket', true), 'signed');
    const plain = new URL(out.url);
    plain.search = '';
    expect((await fetch(plain)).status).toBe(403);
  });
});
