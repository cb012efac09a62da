/** One suite over every storage backend: local (with its file handler) and OSS (V1 and V4) against the local OSS server. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileHandler } from '../../src/storage/file-handler.js';
import { createLocalStorage } from '../../src/storage/local-storage.js';
import { createOssStorage, type OssConfig } from '../../src/storage/oss-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { startOssServer, type OssServer } from '../support/oss-server.js';
import { serveFetchHandler } from './serve-fetch-handler.js';

interface Backend {
  storage: Storage;
  oss: OssServer | null;
  close(): Promise<void>;
}

let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'storage-suite-'));
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function localBackend(): Promise<Backend> {
  const root = await fs.mkdtemp(path.join(tmp, 'root-'));
  const secret = 'test-secret';
  const served = await serveFetchHandler(createFileHandler({ root, secret }));
  return {
    storage: createLocalStorage({ root, secret, publicBaseUrl: served.baseUrl }),
    oss: null,
    close: served.close,
  };
}

function ossConfig(server: OssServer, v4: boolean, secret = 'test'): OssConfig {
  return {
    region: 'cn-hangzhou',
    bucket: 'test-bucket',
    endpoint: server.endpoint,
    accessKeyId: 'test',
    accessKeySecret: secret,
    authorizationV4: v4,
    pathStyle: true,
  };
}

async function ossBackend(v4: boolean): Promise<Backend> {
  const server = await startOssServer();
  // A small threshold so a 350 KB file goes multipart in three 120 KB parts.
  const storage = createOssStorage(ossConfig(server, v4), { multipartThresholdBytes: 200 * 1024, partSizeBytes: 120 * 1024 });
  return { storage, oss: server, close: server.close };
}

async function writeFile(name: string, data: Buffer | string): Promise<string> {
  const file = path.join(tmp, name);
  await fs.writeFile(file, data);
  return file;
}

function bigData(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 7) % 256;
  return b;
}

describe.each([
  { name: 'local', make: localBackend },
  { name: 'oss-v1', make: () => ossBackend(false) },
  { name: 'oss-v4', make: () => ossBackend(true) },
])('storage: $name', ({ make }) => {
  let backend: Backend;
  const storage = (): Storage => backend.storage;

  beforeAll(async () => {
    backend = await make();
  });
  afterAll(async () => {
    await backend.close();
  });

  it('puts, stats, lists, signs a fetchable URL and deletes', async () => {
    const file = await writeFile('small.mp4', 'tiny video bytes');
    const stored = await storage().putFile('temp-compressed/b1/compressed_0_20260101.mp4', file);
    expect(stored).toMatchObject({ key: 'temp-compressed/b1/compressed_0_20260101.mp4', sizeBytes: 16 });
    expect(stored.lastModified).toBeInstanceOf(Date);

    const st = await storage().stat('temp-compressed/b1/compressed_0_20260101.mp4');
    expect(st?.sizeBytes).toBe(16);
    expect(await storage().stat('temp-compressed/b1/missing.mp4')).toBeNull();

    await storage().putFile('processed/b1/final_20260101000000.mp4', file);
    expect((await storage().list('temp-compressed/')).map((o) => o.key)).toEqual(['temp-compressed/b1/compressed_0_20260101.mp4']);
    expect((await storage().list('')).map((o) => o.key)).toEqual([
      'processed/b1/final_20260101000000.mp4',
      'temp-compressed/b1/compressed_0_20260101.mp4',
    ]);

    const url = await storage().signedUrl('temp-compressed/b1/compressed_0_20260101.mp4', 600);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('tiny video bytes');

    await storage().delete('temp-compressed/b1/compressed_0_20260101.mp4');
    await storage().delete('temp-compressed/b1/compressed_0_20260101.mp4'); // missing is fine
    expect(await storage().stat('temp-compressed/b1/compressed_0_20260101.mp4')).toBeNull();
    await storage().delete('processed/b1/final_20260101000000.mp4');
  });

  it('keeps keys with spaces and plus signs intact', async () => {
    const file = await writeFile('odd.txt', 'odd');
    await storage().putFile('odd/a b+c.txt', file);
    const res = await fetch(await storage().signedUrl('odd/a b+c.txt', 60));
    expect(await res.text()).toBe('odd');
    await storage().delete('odd/a b+c.txt');
  });

  it('deletes everything under a prefix and nothing else', async () => {
    const file = await writeFile('p.bin', 'p');
    for (let i = 0; i < 3; i++) await storage().putFile(`temp-compressed/b2/compressed_${i}_20260101.mp4`, file);
    await storage().putFile('temp-compressed/b20/other.mp4', file);
    expect(await storage().deletePrefix('temp-compressed/b2/')).toBe(3);
    expect((await storage().list('temp-compressed/')).map((o) => o.key)).toEqual(['temp-compressed/b20/other.mp4']);
    expect(await storage().deletePrefix('temp-compressed/b2/')).toBe(0);
    await storage().delete('temp-compressed/b20/other.mp4');
  });

  it('uploads a big file intact (multipart on OSS)', async () => {
    const data = bigData(350 * 1024);
    const file = await writeFile('big.mp4', data);
    const stored = await storage().putFile('processed/b3/final.mp4', file);
    expect(stored.sizeBytes).toBe(data.length);
    const res = await fetch(await storage().signedUrl('processed/b3/final.mp4', 60));
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    if (backend.oss) {
      const obj = backend.oss.objects.get('test-bucket/processed/b3/final.mp4');
      expect(obj?.type).toBe('Multipart');
      expect(backend.oss.requests.filter((r) => r.key === 'processed/b3/final.mp4' && r.url.includes('partNumber='))).toHaveLength(3);
    }
  });

  it('answers a Range request with 206', async () => {
    const file = await writeFile('range.mp4', '0123456789');
    await storage().putFile('range/clip.mp4', file);
    const res = await fetch(await storage().signedUrl('range/clip.mp4', 60), { headers: { Range: 'bytes=3-6' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 3-6/10');
    expect(await res.text()).toBe('3456');
  });
});

describe('OSS specifics', () => {
  let server: OssServer;
  beforeAll(async () => {
    server = await startOssServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('aborts a failed multipart upload so no parts stay behind', async () => {
    const storage = createOssStorage(ossConfig(server, false), { multipartThresholdBytes: 200 * 1024, partSizeBytes: 100 * 1024 });
    const file = await writeFile('fail.bin', bigData(350 * 1024));
    server.injectFault((r) => r.method === 'PUT' && r.query.get('partNumber') === '2', 500, 'InternalError');
    await expect(storage.putFile('processed/fail/final.mp4', file)).rejects.toMatchObject({ name: 'OssStorageError' });
    expect(server.uploads.size).toBe(0);
    expect(server.requests.some((r) => r.method === 'DELETE' && r.url.includes('uploadId='))).toBe(true);
    expect(server.objects.has('test-bucket/processed/fail/final.mp4')).toBe(false);
  });

  it('explains wrong credentials and a missing bucket', async () => {
    const wrong = createOssStorage(ossConfig(server, true, 'not-the-secret'));
    const check = await wrong.check();
    expect(check.ok).toBe(false);
    expect(check.message).toContain('OSS rejected the credentials (OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET)');
    const file = await writeFile('x.txt', 'x');
    await expect(wrong.putFile('x.txt', file)).rejects.toMatchObject({ name: 'OssStorageError', retryable: false });

    const noBucket = createOssStorage({ ...ossConfig(server, false), bucket: 'nope' });
    await expect(noBucket.list('')).rejects.toThrow('OSS bucket "nope" does not exist in region cn-hangzhou');
    expect(await createOssStorage(ossConfig(server, false)).check()).toMatchObject({ ok: true });
  });

  it('signed URLs stop working once they expire', async () => {
    const storage = createOssStorage(ossConfig(server, true));
    await storage.putFile('exp.txt', await writeFile('exp.txt', 'e'));
    const url = await storage.signedUrl('exp.txt', 60);
    expect((await fetch(url)).status).toBe(200);
    server.advanceTime(61);
    expect((await fetch(url)).status).toBe(403);
    server.advanceTime(-61);
  });
});

describe('local specifics', () => {
  let root: string;
  let clock: Date;
  let served: Awaited<ReturnType<typeof serveFetchHandler>>;
  let storage: Storage;
  const now = (): Date => clock;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(tmp, 'local-'));
    clock = new Date('2026-01-01T00:00:00Z');
    served = await serveFetchHandler(createFileHandler({ root, secret: 's3cret', now }));
    storage = createLocalStorage({ root, secret: 's3cret', publicBaseUrl: served.baseUrl, now });
    await storage.putFile('videos/clip.mp4', await writeFile('clip.mp4', 'abcdefghij'));
  });
  afterAll(async () => {
    await served.close();
  });
  afterEach(() => {
    clock = new Date('2026-01-01T00:00:00Z');
  });

  it('serves signed links with video headers, HEAD and 416', async () => {
    const url = await storage.signedUrl('videos/clip.mp4', 60);
    expect(url.startsWith(`${served.baseUrl}/files/videos/clip.mp4?expires=`)).toBe(true);
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe('10');
    expect(await res.text()).toBe('abcdefghij');
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    const suffix = await fetch(url, { headers: { Range: 'bytes=-3' } });
    expect(suffix.status).toBe(206);
    expect(await suffix.text()).toBe('hij');
    const beyond = await fetch(url, { headers: { Range: 'bytes=20-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */10');
  });

  it('refuses expired and tampered links', async () => {
    const url = new URL(await storage.signedUrl('videos/clip.mp4', 60));
    clock = new Date(clock.getTime() + 61_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('link expired');
    clock = new Date('2026-01-01T00:00:00Z');

    const longer = new URL(url);
    longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const otherKey = new URL(url);
    otherKey.pathname = '/files/videos/other.mp4';
    const badSig = new URL(url);
    badSig.searchParams.set('signature', 'A'.repeat(url.searchParams.get('signature')!.length));
    const noSig = new URL(url);
    noSig.searchParams.delete('signature');
    for (const u of [longer, otherKey, badSig, noSig]) {
      const res = await fetch(u);
      expect(res.status, u.toString()).toBe(403);
    }
  });

  it('answers 404 for a validly signed missing key, and falls through outside /files/', async () => {
    const url = await storage.signedUrl('videos/missing.mp4', 60);
    expect((await fetch(url)).status).toBe(404);
    const other = await fetch(`${served.baseUrl}/graphql`);
    expect(await other.text()).toBe('fell through');
  });

  it('never escapes the root', async () => {
    const outside = path.join(tmp, 'outside.txt');
    await fs.writeFile(outside, 'secret');
    const file = await writeFile('esc.txt', 'x');
    for (const key of ['../outside.txt', '/etc/passwd', 'a/../../outside.txt', 'a/./b', 'a//b', 'a\0b', '.uploads/x', '']) {
      await expect(storage.putFile(key, file), JSON.stringify(key)).rejects.toMatchObject({ name: 'InvalidKeyError' });
    }
    await expect(storage.stat('../outside.txt')).rejects.toMatchObject({ name: 'InvalidKeyError' });
    await expect(storage.delete('../outside.txt')).rejects.toMatchObject({ name: 'InvalidKeyError' });
    // A link correctly signed for an escaping key still serves nothing.
    const { signLink } = await import('../../src/storage/signed-links.js');
    const link = signLink('s3cret', '../outside.txt', Math.floor(clock.getTime() / 1000) + 60);
    const res = await fetch(`${served.baseUrl}/files/..%2Foutside.txt?${link.query}`);
    expect(res.status).toBe(404);
    expect(await fs.readFile(outside, 'utf8')).toBe('secret');
  });

  it('never shows a half-written object and leaves no temp files', async () => {
    const big = await writeFile('half.bin', bigData(2 * 1024 * 1024));
    const controller = new AbortController();
    const put = storage.putFile('videos/half.bin', big, { signal: controller.signal });
    controller.abort();
    await expect(put).rejects.toMatchObject({ name: 'AbortError' });
    expect(await storage.stat('videos/half.bin')).toBeNull();
    expect(await fs.readdir(path.join(root, '.uploads'))).toEqual([]);
    expect((await storage.list('')).map((o) => o.key)).toEqual(['videos/clip.mp4']);
  });

  it('reports itself healthy', async () => {
    expect(await storage.check()).toMatchObject({ ok: true });
  });
});
