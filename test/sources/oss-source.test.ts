import { readFile, readdir, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { ossSource, parseOssUrl } from '../../src/sources/oss-source.js';
import type { VideoWork } from '../../src/domain/types.js';
import { startOssServer, type OssServer } from '../support/oss-server.js';
import { makeClip, tempDir } from './clips.js';
import { testConfig } from './test-config.js';

describe('parseOssUrl', () => {
  it.each([
    ['oss://my-bucket/videos/a.mp4', { bucket: 'my-bucket', key: 'videos/a.mp4' }],
    ['oss://my-bucket/a%20b%2Bc.mp4', { bucket: 'my-bucket', key: 'a b+c.mp4' }],
    ['https://my-bucket.oss-cn-hangzhou.aliyuncs.com/v/a.mp4', { bucket: 'my-bucket', key: 'v/a.mp4', region: 'oss-cn-hangzhou' }],
    ['https://my-bucket.oss-cn-beijing-internal.aliyuncs.com/a.mp4?Expires=1&Signature=x', { bucket: 'my-bucket', key: 'a.mp4', region: 'oss-cn-beijing' }],
    ['https://my-bucket.oss-accelerate.aliyuncs.com/a.mp4', { bucket: 'my-bucket', key: 'a.mp4' }],
  ])('%s', (url, expected) => {
    expect(parseOssUrl(url)).toEqual(expected);
  });

  it.each([
    ['oss://my-bucket/', /names no object/],
    ['oss://my-bucket', /names no object/],
    ['oss://My_Bucket/a.mp4', /not a valid OSS bucket name/],
    ['https://example.com/a.mp4', /not an OSS bucket host/],
    ['https://aliyuncs.com.evil.example/a.mp4', /not an OSS bucket host/],
    ['s3://bucket/a.mp4', /unsupported scheme/],
    ['not a url', /not a valid OSS URL/],
  ])('refuses %s', (url, message) => {
    expect(() => parseOssUrl(url)).toThrow(message);
  });
});

describe('ossSource against a local OSS server', () => {
  let oss: OssServer;
  let dir: string;
  let remove: () => Promise<void>;
  let clipBytes: Buffer;
  let n = 0;

  beforeAll(async () => {
    ({ dir, remove } = await tempDir('autoclip-oss-'));
    oss = await startOssServer({ buckets: ['test-bucket', 'src-bucket'], accessKeyId: 'ak', accessKeySecret: 'sk' });
    clipBytes = await readFile(await makeClip(path.join(dir, 'clip.mp4')));
    oss.putObject('src-bucket', 'videos/clip one.mp4', clipBytes, 'video/mp4');
  });
  afterAll(async () => {
    await oss.close();
    await remove();
  });

  function config(env: Record<string, string> = {}): Config {
    return testConfig({
      DATA_DIR: path.join(dir, 'data'),
      STORAGE_DRIVER: 'oss',
      OSS_REGION: 'oss-cn-hangzhou',
      OSS_BUCKET: 'test-bucket',
      OSS_SOURCE_BUCKETS: 'test-bucket,src-bucket',
      OSS_ENDPOINT: oss.endpoint,
      OSS_ACCESS_KEY_ID: 'ak',
      OSS_ACCESS_KEY_SECRET: 'sk',
      OSS_PATH_STYLE: 'true',
      ...env,
    });
  }

  async function video(url: string): Promise<VideoWork> {
    const index = n++;
    const workDir = path.join(dir, 'work', String(index));
    await mkdir(workDir, { recursive: true });
    return {
      id: `v${index}`, batchId: 'b', index, sourceType: 'OSS', sourcePath: null, sourceUrl: url,
      compressionProfile: 'BALANCED', workDir, localPath: null, downloaded: false,
      probe: null, compressed: null, temp: null, analysis: null, transcript: null,
    };
  }

  const control = () => ({ signal: new AbortController().signal });

  it.each<[string, Record<string, string>]>([
    ['V1', {}],
    ['V4', { OSS_SIGNATURE_V4: 'true' }],
  ])('downloads from another bucket than the storage one (%s signatures)', async (_name, env) => {
    const v = await video('oss://src-bucket/videos/clip%20one.mp4');
    const before = oss.requests.length;
    const out = await ossSource.fetch(v, { config: config(env) }, control());
    expect(out).toEqual({ localPath: path.join(v.workDir, `source_${v.index}.mp4`), downloaded: true });
    expect((await readFile(out.localPath)).equals(clipBytes)).toBe(true);
    const req = oss.requests.slice(before);
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({ method: 'GET', bucket: 'src-bucket', key: 'videos/clip one.mp4', status: 200 });
    expect(req[0]?.auth).toBe(env.OSS_SIGNATURE_V4 ? 'v4-header' : 'v1-header');
  });

  it('accepts the https bucket-host form in the configured region', async () => {
    const v = await video('https://src-bucket.oss-cn-hangzhou.aliyuncs.com/videos/clip%20one.mp4');
    const out = await ossSource.fetch(v, { config: config() }, control());
    expect((await readFile(out.localPath)).length).toBe(clipBytes.length);
  });

  it('fails at once with a clear message for a missing key', async () => {
    const v = await video('oss://src-bucket/videos/missing.mp4');
    const before = oss.requests.length;
    await expect(ossSource.fetch(v, { config: config() }, control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: 'oss://src-bucket/videos/missing.mp4 does not exist',
    });
    expect(oss.requests.length - before).toBe(1);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('fails at once when the credentials are wrong', async () => {
    const v = await video('oss://src-bucket/videos/clip%20one.mp4');
    await expect(ossSource.fetch(v, { config: config({ OSS_ACCESS_KEY_SECRET: 'wrong' }) }, control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: expect.stringMatching(/refused to read .* with the configured credentials \(HTTP 403\)/),
    });
  });

  it('stops at the size cap and leaves no partial file', async () => {
    const v = await video('oss://src-bucket/videos/clip%20one.mp4');
    const c = config();
    const small = { ...c, download: { ...c.download, maxBytes: 1000 } };
    await expect(ossSource.fetch(v, { config: small }, control())).rejects.toThrow(/larger than the 1000 bytes download limit/);
    expect(await readdir(v.workDir)).toEqual([]);
  });

  it('explains that OSS credentials are needed when none are configured', async () => {
    const v = await video('oss://src-bucket/videos/clip%20one.mp4');
    await expect(ossSource.fetch(v, { config: testConfig({ DATA_DIR: dir }) }, control())).rejects.toMatchObject({
      name: 'SourceError',
      retryable: false,
      message: expect.stringMatching(/OSS sources need OSS credentials.*STORAGE_DRIVER=oss/),
    });
  });
});
