/** The temp-compressed lifecycle rule, merged into a bucket's rules on the local OSS server. */
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/oss-lifecycle.js';
import { ensureTempLifecycle, TEMP_RULE_ID, type LifecycleClient } from '../../src/storage/lifecycle.js';
import { startOssServer, type OssServer } from '../support/oss-server.js';

let server: OssServer;
beforeAll(async () => {
  server = await startOssServer({ buckets: ['test-bucket', 'fresh', 'script'] });
});
afterAll(async () => server.close());

function client(): OSS {
  return new OSS({ endpoint: server.endpoint, sldEnable: true, accessKeyId: 'test', accessKeySecret: 'test', bucket: 'test-bucket' } as OSS.Options);
}

describe('ensureTempLifecycle', () => {
  it('keeps existing rules and replaces only its own', async () => {
    await client().putBucketLifecycle('test-bucket', [
      { id: 'logs-expire', prefix: 'logs/', status: 'Enabled', expiration: { days: 30 } },
      { id: TEMP_RULE_ID, prefix: 'temp-compressed/', status: 'Enabled', expiration: { days: 9 } },
    ] as never);
    await ensureTempLifecycle(client(), 'test-bucket', 2);
    await ensureTempLifecycle(client(), 'test-bucket', 3); // idempotent: still one temp rule
    const { rules } = await client().getBucketLifecycle('test-bucket');
    expect(rules).toHaveLength(2);
    expect(rules).toContainEqual(expect.objectContaining({ id: 'logs-expire', prefix: 'logs/', expiration: { days: '30' } }));
    expect(rules).toContainEqual(
      expect.objectContaining({ id: TEMP_RULE_ID, prefix: 'temp-compressed/', expiration: { days: '3' }, abortMultipartUpload: { days: '1' } }),
    );

    // And the rule does its job: after three days only the temp object is gone.
    server.putObject('test-bucket', 'temp-compressed/b/compressed_0.mp4', 'x');
    server.putObject('test-bucket', 'processed/b/final.mp4', 'x');
    server.advanceTime(3 * 86_400 + 1);
    expect(server.runLifecycle()).toEqual(['test-bucket/temp-compressed/b/compressed_0.mp4']);
    expect(server.objects.has('test-bucket/processed/b/final.mp4')).toBe(true);
    server.advanceTime(-(3 * 86_400 + 1));
  });

  it('starts from nothing on a bucket without lifecycle', async () => {
    const rules = await ensureTempLifecycle(client(), 'fresh', 2);
    expect(rules.map((r) => r.id)).toEqual([TEMP_RULE_ID]);
    expect(server.lifecycles.get('fresh')).toContain('<Prefix>temp-compressed/</Prefix>');
  });

  it('never writes after a failed read (that would wipe the rules)', async () => {
    let put = false;
    const failing: LifecycleClient = {
      getBucketLifecycle: async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedError', code: 'AccessDenied' });
      },
      putBucketLifecycle: async () => {
        put = true;
      },
    };
    await expect(ensureTempLifecycle(failing, 'x', 2)).rejects.toThrow('denied');
    expect(put).toBe(false);
  });
});

describe('scripts/oss-lifecycle.ts', () => {
  it('reads the config from the environment and installs the rule', async () => {
    const lines: string[] = [];
    const env = {
      STORAGE_DRIVER: 'oss',
      OSS_REGION: 'cn-hangzhou',
      OSS_BUCKET: 'script',
      OSS_ENDPOINT: server.endpoint,
      OSS_ACCESS_KEY_ID: 'app-key',
      OSS_ACCESS_KEY_SECRET: 'app-secret',
      OSS_ADMIN_ACCESS_KEY_ID: 'test',
      OSS_ADMIN_ACCESS_KEY_SECRET: 'test',
      OSS_SIGNATURE_V4: 'true',
      OSS_PATH_STYLE: 'true',
    };
    expect(await main(['--days', '4'], env, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['bucket script: 1 lifecycle rule(s); temp-compressed/ expires after 4 day(s)']);
    expect(server.lifecycles.get('script')).toContain('<Days>4</Days>');
    expect(await main(['--show'], env, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toContain(TEMP_RULE_ID);
    expect(await main([], { ...env, STORAGE_DRIVER: 'local' }, (l) => lines.push(l))).toBe(1);
  });
});
