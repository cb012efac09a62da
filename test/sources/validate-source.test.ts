import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { checkSourceAtCreation, type SourceInput } from '../../src/sources/validate-source.js';
import { tempDir } from './clips.js';
import { testConfig } from './test-config.js';

let dir: string;
let remove: () => Promise<void>;
let strict: Config;
let lenient: Config;
let withOss: Config;

beforeAll(async () => {
  ({ dir, remove } = await tempDir('autoclip-validate-'));
  const root = path.join(dir, 'media');
  await mkdir(path.join(root, 'folder'), { recursive: true });
  await writeFile(path.join(root, 'a.mp4'), 'x');
  await writeFile(path.join(dir, 'outside.mp4'), 'x');
  const env = { DATA_DIR: path.join(dir, 'data'), MEDIA_ROOTS: root };
  strict = testConfig(env);
  lenient = testConfig({ ...env, ALLOW_PRIVATE_URLS: 'true' });
  withOss = testConfig({
    ...env,
    STORAGE_DRIVER: 'oss', OSS_REGION: 'oss-cn-hangzhou', OSS_BUCKET: 'b-1', OSS_SOURCE_BUCKETS: 'b-1,bucket-x', OSS_ACCESS_KEY_ID: 'a', OSS_ACCESS_KEY_SECRET: 's',
  });
});
afterAll(async () => remove());

describe('checkSourceAtCreation', () => {
  const ok: Array<[string, SourceInput, () => Config]> = [
    ['LOCAL inside a root', { type: 'LOCAL', path: 'a.mp4' }, () => strict],
    ['URL with a public IP literal', { type: 'URL', url: 'https://8.8.8.8/v.mp4' }, () => strict],
    ['URL to loopback when private URLs are allowed', { type: 'URL', url: 'http://127.0.0.1:9/v.mp4' }, () => lenient],
    ['OSS with credentials', { type: 'OSS', url: 'oss://bucket-x/v.mp4' }, () => withOss],
    ['OSS https form', { type: 'OSS', url: 'https://bucket-x.oss-cn-shanghai.aliyuncs.com/v.mp4' }, () => withOss],
    ['null fields count as absent', { type: 'LOCAL', path: 'a.mp4', url: null }, () => strict],
  ];
  it.each(ok)('accepts %s', async (_name, input, config) => {
    expect(await checkSourceAtCreation(input, config())).toBeNull();
  });

  const bad: Array<[string, SourceInput, () => Config, 'path' | 'url', RegExp]> = [
    ['LOCAL without a path', { type: 'LOCAL' }, () => strict, 'path', /needs a path/],
    ['LOCAL with a url', { type: 'LOCAL', path: 'a.mp4', url: 'http://x' }, () => strict, 'url', /takes a path, not a url/],
    ['LOCAL missing', { type: 'LOCAL', path: 'nope.mp4' }, () => strict, 'path', /does not exist/],
    ['LOCAL outside', { type: 'LOCAL', path: '../outside.mp4' }, () => strict, 'path', /outside the media roots/],
    ['LOCAL directory', { type: 'LOCAL', path: 'folder' }, () => strict, 'path', /directory/],
    ['URL with a path', { type: 'URL', path: 'a.mp4', url: 'https://8.8.8.8/' }, () => strict, 'path', /takes a url, not a path/],
    ['URL without a url', { type: 'URL' }, () => strict, 'url', /needs a url/],
    ['URL with ftp', { type: 'URL', url: 'ftp://8.8.8.8/v.mp4' }, () => strict, 'url', /only http and https/],
    ['URL unparsable', { type: 'URL', url: 'http//broken' }, () => strict, 'url', /not a valid URL/],
    ['URL to loopback', { type: 'URL', url: 'http://127.0.0.1/v.mp4' }, () => strict, 'url', /private, loopback or link-local/],
    ['URL to the metadata service', { type: 'URL', url: 'http://169.254.169.254/latest/meta-data' }, () => strict, 'url', /private/],
    ['URL to decimal loopback', { type: 'URL', url: 'http://2130706433/' }, () => strict, 'url', /private/],
    ['URL to IPv6 loopback', { type: 'URL', url: 'http://[::1]/' }, () => strict, 'url', /private/],
    ['URL to a name resolving to loopback', { type: 'URL', url: 'http://localhost:8080/v.mp4' }, () => strict, 'url', /localhost resolves to/],
    ['OSS unparsable', { type: 'OSS', url: 'https://example.com/v.mp4' }, () => withOss, 'url', /not an OSS bucket host/],
    ['OSS bucket not in OSS_SOURCE_BUCKETS', { type: 'OSS', url: 'oss://other-bucket/v.mp4' }, () => withOss, 'url', /OSS_SOURCE_BUCKETS: b-1, bucket-x/],
    ['OSS not configured', { type: 'OSS', url: 'oss://bucket-x/v.mp4' }, () => strict, 'url', /OSS_ACCESS_KEY_ID/],
    ['OSS with a path', { type: 'OSS', path: 'a.mp4', url: 'oss://bucket-x/v.mp4' }, () => withOss, 'path', /takes a url/],
  ];
  it.each(bad)('refuses %s', async (_name, input, config, field, message) => {
    const problem = await checkSourceAtCreation(input, config());
    expect(problem).toMatchObject({ name: 'SourceInputError', field, message: expect.stringMatching(message) });
  });
});
