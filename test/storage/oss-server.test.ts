/** The local OSS server, driven by unmodified ali-oss in V1 and V4 signing modes. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../support/oss-server.js';

let server: OssServer;
let tmp: string;

beforeAll(async () => {
  server = await startOssServer({ buckets: ['test-bucket', 'other'] });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'oss-server-'));
});

afterAll(async () => {
  await server.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

function client(extra: Partial<OSS.Options> & { sldEnable?: boolean } = {}): OSS {
  return new OSS({
    endpoint: server.endpoint,
    bucket: 'test-bucket',
    accessKeyId: 'test',
    accessKeySecret: 'test',
    sldEnable: true,
    ...extra,
  } as OSS.Options);
}

describe.each([
  { mode: 'V1', opts: {} },
  { mode: 'V4', opts: { authorizationV4: true, region: 'oss-cn-hangzhou' } },
])('ali-oss against the local server ($mode)', ({ mode, opts }) => {
  const oss = () => client(opts);
  const p = `${mode}/`;

  it('puts a buffer, gets, heads, lists and deletes', async () => {
    const key = `${p}temp-compressed/a b+c.txt`;
    await oss().put(key, Buffer.from('hello world'));
    expect(server.objects.get(`test-bucket/${key}`)?.body.toString()).toBe('hello world');
    const got = await oss().get(key);
    expect(got.content.toString()).toBe('hello world');
    const head = await oss().head(key);
    expect((head.res.headers as Record<string, string>)['content-length']).toBe('11');
    const listed = await oss().list({ prefix: `${p}temp-compressed/`, 'max-keys': 10 }, {});
    expect(listed.objects.map((o) => o.name)).toEqual([key]);
    await oss().delete(key);
    await expect(oss().head(key)).rejects.toMatchObject({ name: 'NoSuchKeyError', status: 404 });
    await expect(oss().get(key)).rejects.toMatchObject({ name: 'NoSuchKeyError', code: 'NoSuchKey' });
    const auth = mode === 'V1' ? 'v1-header' : 'v4-header';
    expect(server.requests.filter((r) => r.key === key).every((r) => r.auth === auth)).toBe(true);
  });

  it('puts a file and a stream', async () => {
    const file = path.join(tmp, `${mode}.bin`);
    await fs.writeFile(file, Buffer.alloc(5000, 7));
    await oss().put(`${p}file.bin`, file);
    await oss().putStream(`${p}stream.bin`, Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
    expect(server.objects.get(`test-bucket/${p}file.bin`)?.body.length).toBe(5000);
    expect(server.objects.get(`test-bucket/${p}stream.bin`)?.body.toString()).toBe('abcd');
  });

  it('pages with list and listV2 and deletes many', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `${p}page/k${i}.txt`);
    for (const k of keys) await oss().put(k, Buffer.from(k));
    const first = await oss().list({ prefix: `${p}page/`, 'max-keys': 2 }, {});
    expect(first.isTruncated).toBe(true);
    const second = await oss().list({ prefix: `${p}page/`, 'max-keys': 10, marker: first.nextMarker! }, {});
    expect([...first.objects, ...second.objects].map((o) => o.name)).toEqual(keys);
    const v2a = await oss().listV2({ prefix: `${p}page/`, 'max-keys': '3' }, {});
    const v2b = await oss().listV2({ prefix: `${p}page/`, 'max-keys': '3', 'continuation-token': v2a.nextContinuationToken! }, {});
    expect([...v2a.objects, ...v2b.objects].map((o) => o.name)).toEqual(keys);
    const del = await oss().deleteMulti(keys, { quiet: false });
    expect(del.deleted).toHaveLength(5);
    expect((await oss().list({ prefix: `${p}page/`, 'max-keys': 100 }, {})).objects ?? []).toHaveLength(0);
  });

  it('uploads multipart, checking parts', async () => {
    const file = path.join(tmp, `${mode}-big.bin`);
    const data = Buffer.alloc(350 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    await fs.writeFile(file, data);
    await oss().multipartUpload(`${p}big.bin`, file, { partSize: 100 * 1024 });
    const obj = server.objects.get(`test-bucket/${p}big.bin`)!;
    expect(obj.type).toBe('Multipart');
    expect(obj.body.equals(data)).toBe(true);
    expect(server.uploads.size).toBe(0);
  });

  it('aborts a multipart upload', async () => {
    const init = await oss().initMultipartUpload(`${p}aborted.bin`);
    expect(server.uploads.has(init.uploadId)).toBe(true);
    await oss().abortMultipartUpload(`${p}aborted.bin`, init.uploadId);
    expect(server.uploads.has(init.uploadId)).toBe(false);
  });

  it('answers a Range GET with 206', async () => {
    await oss().put(`${p}range.txt`, Buffer.from('0123456789'));
    const got = await oss().get(`${p}range.txt`, undefined, { headers: { Range: 'bytes=2-5' } });
    expect(got.res.status).toBe(206);
    expect(got.content.toString()).toBe('2345');
  });

  it('rejects a wrong secret and an unknown key id', async () => {
    await expect(client({ ...opts, accessKeySecret: 'wrong' }).put(`${p}x.txt`, Buffer.from('x'))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatchError',
      status: 403,
    });
    await expect(client({ ...opts, accessKeyId: 'nobody' }).list({ 'max-keys': 1 }, {})).rejects.toMatchObject({
      name: 'InvalidAccessKeyIdError',
    });
  });

  it('reports a missing bucket', async () => {
    await expect(client({ ...opts, bucket: 'missing' }).list({ 'max-keys': 1 }, {})).rejects.toMatchObject({
      name: 'NoSuchBucketError',
    });
  });
});

describe('signed URLs', () => {
  it('serves V1 and V4 signed GETs and refuses them once expired or tampered with', async () => {
    await client().put('signed/clip.mp4', Buffer.from('video'));
    const v1 = client().signatureUrl('signed/clip.mp4', { expires: 60 });
    const v4 = await client({ authorizationV4: true, region: 'oss-cn-hangzhou' }).signatureUrlV4('GET', 60, undefined, 'signed/clip.mp4');
    for (const url of [v1, v4]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('video');
    }
    const tampered = await fetch(v1.replace('clip.mp4', 'other.mp4'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    server.advanceTime(120);
    for (const url of [v1, v4]) {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    }
    server.advanceTime(-120);
  });

  it('rejects a request with a bad Content-MD5', async () => {
    const oss = client();
    await expect(oss.put('md5.txt', Buffer.from('abc'), { headers: { 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==' } })).rejects.toMatchObject({
      name: 'InvalidDigestError',
    });
  });
});

describe('bucket lifecycle', () => {
  it('stores rules, returns them and expires old objects under the prefix', async () => {
    const oss = client();
    await oss.putBucketLifecycle('other', [
      { id: 'temp', prefix: 'temp-compressed/', status: 'Enabled', expiration: { days: 1 } } as unknown as OSS.LifecycleRule,
    ]);
    const got = await oss.getBucketLifecycle('other');
    expect(got.rules).toMatchObject([{ id: 'temp', prefix: 'temp-compressed/', status: 'Enabled' }]);
    server.putObject('other', 'temp-compressed/old.mp4', 'x');
    server.putObject('other', 'processed/keep.mp4', 'x');
    server.advanceTime(86_400 + 1);
    server.putObject('other', 'temp-compressed/new.mp4', 'x');
    expect(server.runLifecycle()).toEqual(['other/temp-compressed/old.mp4']);
    expect(server.objects.has('other/processed/keep.mp4')).toBe(true);
    expect(server.objects.has('other/temp-compressed/new.mp4')).toBe(true);
    server.advanceTime(-(86_400 + 1));
  });
});
