/** The storage stages (temp upload, final upload, cleanup) against local storage and the local OSS server. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import { cleanupBatch } from '../../src/pipeline/stages/cleanup.js';
import { finalKey, uploadFinal, utcStamp } from '../../src/pipeline/stages/final-upload.js';
import { FINAL_URL_EXPIRY_SECONDS } from '../../src/storage/final-url.js';
import { tempKey, uploadTemp, utcDay } from '../../src/pipeline/stages/temp-upload.js';
import type { BatchSettings, ProbeInfo, StageControl, VideoWork } from '../../src/domain/types.js';
import { createFileHandler } from '../../src/storage/file-handler.js';
import { createLocalStorage } from '../../src/storage/local-storage.js';
import { createOssStorage } from '../../src/storage/oss-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { startOssServer } from '../support/oss-server.js';
import { serveFetchHandler } from './serve-fetch-handler.js';

const NOW = new Date('2026-03-05T23:59:59Z');
const BATCH_ID = 'b-7f3a';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'storage-stages-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function batch(): BatchSettings {
  return {
    id: BATCH_ID,
    compressionProfile: 'BALANCED',
    tempUrlExpirySeconds: 600,
    output: { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k' },
    enableVlAnalysis: true,
    enableAsr: false,
    customPrompt: null,
    autoApprove: false,
    webhookUrl: null,
    createdAt: NOW,
  };
}

function control(): StageControl & { progress: number[] } {
  const progress: number[] = [];
  return { signal: new AbortController().signal, onProgress: (f) => progress.push(f), progress };
}

function deps(storage: Storage): StageDeps {
  return { storage, now: () => NOW, log: pino({ level: 'silent' }) } as unknown as StageDeps;
}

function video(partial: Partial<VideoWork> & { index: number; workDir: string }): VideoWork {
  return {
    id: `v${partial.index}`,
    batchId: BATCH_ID,
    sourceType: 'URL',
    sourcePath: null,
    sourceUrl: null,
    compressionProfile: 'BALANCED',
    localPath: null,
    downloaded: false,
    probe: null,
    compressed: null,
    temp: null,
    analysis: null,
    transcript: null,
    ...partial,
  };
}

function compressed(file: string) {
  return { path: file, profile: 'BALANCED' as const, sizeBytes: 0, width: 0, height: 0, fps: 15, durationSeconds: 1, hasAudio: false };
}

async function write(file: string, content: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return file;
}

it('formats keys in UTC', () => {
  expect(utcDay(NOW)).toBe('20260305');
  expect(utcStamp(NOW)).toBe('20260305235959');
  expect(tempKey('b1', 3, NOW)).toBe('temp-compressed/b1/compressed_3_20260305.mp4');
  expect(finalKey('b1', NOW)).toBe('processed/b1/final_20260305235959.mp4');
  // 01:00 in UTC+8 is still the previous day in UTC.
  expect(utcDay(new Date('2026-03-06T01:00:00+08:00'))).toBe('20260305');
});

describe.each([
  {
    name: 'local',
    make: async () => {
      const root = await fs.mkdtemp(path.join(tmp, 'root-'));
      const served = await serveFetchHandler(createFileHandler({ root, secret: 'k', now: () => NOW }));
      return { storage: createLocalStorage({ root, secret: 'k', publicBaseUrl: served.baseUrl, now: () => NOW }), close: served.close };
    },
  },
  {
    name: 'oss',
    make: async () => {
      const server = await startOssServer();
      const storage = createOssStorage({
        region: 'cn-hangzhou',
        bucket: 'test-bucket',
        endpoint: server.endpoint,
        accessKeyId: 'test',
        accessKeySecret: 'test',
        authorizationV4: true,
        pathStyle: true,
      });
      return { storage, close: server.close };
    },
  },
])('stages on $name storage', ({ make }) => {
  let storage: Storage;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, close } = await make());
  });
  afterAll(async () => close());

  it('uploads temp copies and the final video, then cleans up everything but the final object and the user file', async () => {
    const dataDir = await fs.mkdtemp(path.join(tmp, 'data-'));
    const workDir = path.join(dataDir, 'work', BATCH_ID);
    const userFile = await write(path.join(tmp, 'media', `user-${path.basename(dataDir)}.mp4`), 'the user original');
    const downloaded = await write(path.join(workDir, 'source_1.mp4'), 'downloaded original');
    const videos = [
      video({
        index: 0,
        workDir,
        sourceType: 'LOCAL',
        sourcePath: userFile,
        localPath: userFile,
        compressed: compressed(await write(path.join(workDir, 'compressed_0.mp4'), 'c0')),
      }),
      video({
        index: 1,
        workDir,
        sourceType: 'URL',
        sourceUrl: 'https://example.com/v.mp4',
        localPath: downloaded,
        downloaded: true,
        compressed: compressed(await write(path.join(workDir, 'compressed_1.mp4'), 'c1')),
      }),
    ];
    await write(path.join(workDir, 'clips', 'render-1', 'clip_0.mp4'), 'clip');

    const ctl = control();
    const temps = [];
    for (const v of videos) temps.push(await uploadTemp(v, batch(), deps(storage), ctl));
    expect(temps.map((t) => t.key)).toEqual([
      `temp-compressed/${BATCH_ID}/compressed_0_20260305.mp4`,
      `temp-compressed/${BATCH_ID}/compressed_1_20260305.mp4`,
    ]);
    expect(temps[0]!.expiresAt.toISOString()).toBe(new Date(NOW.getTime() + 600_000).toISOString());
    expect(await (await fetch(temps[1]!.url)).text()).toBe('c1');
    expect(ctl.progress.at(-1)).toBe(1);

    const finalPath = await write(path.join(workDir, 'render-1', 'final.mp4'), 'final video!');
    const final = await uploadFinal({ batch: batch(), renderId: 'r1', path: finalPath, probe: {} as ProbeInfo }, deps(storage), control());
    expect(final).toMatchObject({ key: `processed/${BATCH_ID}/final_20260305235959.mp4`, sizeBytes: 12 });
    expect(final.expiresAt?.getTime()).toBe(NOW.getTime() + FINAL_URL_EXPIRY_SECONDS * 1000);
    expect(await (await fetch(final.url)).text()).toBe('final video!');

    const { removed } = await cleanupBatch({ batch: batch(), videos, workDir }, deps(storage), control());
    expect(removed).toEqual(expect.arrayContaining([downloaded, videos[0]!.compressed!.path, ...temps.map((t) => t.key)]));
    expect(removed).not.toContain(userFile);
    expect(await fs.readFile(userFile, 'utf8')).toBe('the user original');
    await expect(fs.stat(workDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await storage.list('')).map((o) => o.key)).toEqual([final.key]);

    // Running it again (a retried cleanup) finds nothing left and does not fail.
    expect((await cleanupBatch({ batch: batch(), videos, workDir }, deps(storage), control())).removed).toEqual([]);
  });
});

describe('cleanup guards', () => {
  it('spares a LOCAL file that sits inside the work dir and refuses to empty a dir not named after the batch', async () => {
    const storage = createLocalStorage({ root: path.join(tmp, 'guard-root'), secret: 'k', publicBaseUrl: 'http://127.0.0.1:1' });
    const workDir = path.join(tmp, 'guard', 'work', BATCH_ID);
    const inside = await write(path.join(workDir, 'nested', 'user.mp4'), 'user');
    const scratch = await write(path.join(workDir, 'scratch.tmp'), 'x');
    const videos = [video({ index: 0, workDir, sourceType: 'LOCAL', sourcePath: inside, localPath: inside })];
    const { removed } = await cleanupBatch({ batch: batch(), videos, workDir }, deps(storage), control());
    expect(removed).toEqual([scratch]);
    expect(await fs.readFile(inside, 'utf8')).toBe('user');

    const otherDir = path.join(tmp, 'guard', 'not-the-batch');
    const stray = await write(path.join(otherDir, 'stray.txt'), 'x');
    await cleanupBatch({ batch: batch(), videos: [], workDir: otherDir }, deps(storage), control());
    expect(await fs.readFile(stray, 'utf8')).toBe('x');
  });

  it('refuses to upload a video that has no compressed copy', async () => {
    const storage = createLocalStorage({ root: path.join(tmp, 'guard-root'), secret: 'k', publicBaseUrl: 'http://127.0.0.1:1' });
    await expect(uploadTemp(video({ index: 0, workDir: tmp }), batch(), deps(storage), control())).rejects.toMatchObject({
      name: 'UnrecoverableError',
    });
  });
});
