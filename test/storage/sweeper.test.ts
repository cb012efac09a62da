/** The sweeper: expired temp objects and finished batches' work dirs go, everything else stays. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/storage/local-storage.js';
import { createOssStorage } from '../../src/storage/oss-storage.js';
import { createSweeper } from '../../src/storage/sweeper.js';
import { startOssServer, type OssServer } from '../support/oss-server.js';

const silent = { info: () => {}, warn: () => {} };
let tmp: string;
let file: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sweeper-'));
  file = path.join(tmp, 'f.mp4');
  await fs.writeFile(file, 'x');
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('sweeper on local storage', () => {
  it('removes expired temp objects and finished work dirs, keeps the rest', async () => {
    const dataDir = path.join(tmp, 'data');
    const storage = createLocalStorage({ root: path.join(dataDir, 'storage'), secret: 's', publicBaseUrl: 'http://127.0.0.1:1' });
    await storage.putFile('temp-compressed/old/compressed_0_20260101.mp4', file);
    await storage.putFile('temp-compressed/new/compressed_0_20260102.mp4', file);
    await storage.putFile('processed/old/final_20260101000000.mp4', file);
    const old = new Date(Date.now() - 2 * 86_400_000);
    await fs.utimes(path.join(dataDir, 'storage/temp-compressed/old/compressed_0_20260101.mp4'), old, old);
    await fs.utimes(path.join(dataDir, 'storage/processed/old/final_20260101000000.mp4'), old, old);
    await fs.mkdir(path.join(dataDir, 'work', 'done-batch'), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'work', 'done-batch', 'clip.mp4'), 'x');
    await fs.mkdir(path.join(dataDir, 'work', 'running-batch'), { recursive: true });

    const sweeper = createSweeper({
      storage,
      dataDir,
      isBatchFinished: async (id) => id === 'done-batch',
      log: silent,
      now: () => new Date(),
    });
    const result = await sweeper.sweepOnce();
    expect(result.objects).toEqual(['temp-compressed/old/compressed_0_20260101.mp4']);
    expect(result.workDirs).toEqual([path.join(dataDir, 'work', 'done-batch')]);
    expect((await storage.list('')).map((o) => o.key)).toEqual([
      'processed/old/final_20260101000000.mp4',
      'temp-compressed/new/compressed_0_20260102.mp4',
    ]);
    expect(await fs.readdir(path.join(dataDir, 'work'))).toEqual(['running-batch']);
  });

  it('starts, sweeps at once, and stops idempotently', async () => {
    const dataDir = path.join(tmp, 'data2');
    const storage = createLocalStorage({ root: path.join(dataDir, 'storage'), secret: 's', publicBaseUrl: 'http://127.0.0.1:1' });
    let swept!: () => void;
    const asked = new Promise<void>((resolve) => (swept = resolve));
    await fs.mkdir(path.join(dataDir, 'work', 'b'), { recursive: true });
    const sweeper = createSweeper({
      storage,
      dataDir,
      isBatchFinished: async () => {
        swept();
        return true;
      },
      log: silent,
      now: () => new Date(),
    });
    sweeper.start(3600);
    await asked;
    await sweeper.stop();
    await sweeper.stop();
    expect(await fs.readdir(path.join(dataDir, 'work'))).toEqual([]);
  });
});

describe('sweeper on OSS', () => {
  let server: OssServer;
  beforeAll(async () => {
    server = await startOssServer();
  });
  afterAll(async () => server.close());

  it('uses the objects\' OSS timestamps and the given max age', async () => {
    const storage = createOssStorage({
      region: 'cn-hangzhou',
      bucket: 'test-bucket',
      endpoint: server.endpoint,
      accessKeyId: 'test',
      accessKeySecret: 'test',
      authorizationV4: false,
      pathStyle: true,
    });
    await storage.putFile('temp-compressed/a/compressed_0_20260101.mp4', file);
    server.advanceTime(3600);
    await storage.putFile('temp-compressed/b/compressed_0_20260101.mp4', file);
    const sweeper = createSweeper({
      storage,
      dataDir: path.join(tmp, 'no-data'),
      tempMaxAgeSeconds: 1800,
      isBatchFinished: async () => true,
      log: silent,
      now: () => server.now(),
    });
    expect((await sweeper.sweepOnce()).objects).toEqual(['temp-compressed/a/compressed_0_20260101.mp4']);
    expect((await storage.list('temp-compressed/')).map((o) => o.key)).toEqual(['temp-compressed/b/compressed_0_20260101.mp4']);
  });
});
