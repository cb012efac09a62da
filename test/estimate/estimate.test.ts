/** The cost estimate: ¥ against a hand computation, and estimateBatch / Batch.estimate on a real server with 10 local sources. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { remoteSize, REMOTE_SIZE_TIMEOUT_MS } from '../../src/estimate/remote-size.js';
import { startOssServer } from '../support/oss-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COSTS } from '../../src/estimate/cost-config.js';
import { estimateBatch } from '../../src/estimate/estimate-batch.js';
import { makeSource } from '../render/helpers.js';
import { gql, startTestApp, type TestApp } from '../support/test-app.js';

const PRICES = { 'qwen-vl-plus': { input: 0.0008, output: 0.002 }, 'qwen-plus': { input: 0.0008, output: 0.002 } };

describe('estimateBatch (pure)', () => {
  it('one 60 s 1280×720 source, BALANCED, ASR, OSS: matches the hand computation', () => {
    const e = estimateBatch(
      { sources: [{ index: 0, profile: 'BALANCED', width: 1280, height: 720, durationSeconds: 60, fps: 30, hasAudio: true, sizeBytes: 50_000_000 }], enableVlAnalysis: true, enableAsr: true, tempUrlExpirySeconds: 3600 },
      { modelCalls: true, vlModel: 'qwen-vl-plus', textModel: 'qwen-plus', prices: PRICES, costs: DEFAULT_COSTS, storageDriver: 'oss' },
    );
    // VL request: 0.5 fps → 30 frames of 616×336 (22×12 patches) → 15 × 264 + 2 = 3962 video tokens, + 500 text.
    const vl = e.calls.find((c) => c.stage === 'VL_ANALYSIS')!;
    expect(vl.promptTokens).toBe(15 * 264 + 2 + 500);
    expect(vl.cost).toBeCloseTo((4462 / 1000) * 0.0008 + (800 / 1000) * 0.002, 6); // ¥0.0051696
    // The original as it is: 2 fps → 120 frames of 1008×560 (36×20) → 60 × 720 + 2, + 500.
    expect(vl.promptTokensUncompressed).toBe(60 * 720 + 2 + 500);
    expect(vl.costUncompressed).toBeCloseTo((43702 / 1000) * 0.0008 + 0.8 * 0.002, 6); // ¥0.0365616
    // ASR: 60 s at ¥0.288/hour; plan: 600 + 700 tokens in, 800 out.
    expect(e.calls.find((c) => c.stage === 'ASR')!.cost).toBeCloseTo(0.0048, 6);
    expect(e.calls.find((c) => c.stage === 'PLAN_GENERATION')!.cost).toBeCloseTo(1.3 * 0.0008 + 0.8 * 0.002, 6);
    expect(e.modelCost).toBeCloseTo(0.0051696 + 0.0048 + 0.00264, 6);
    // Storage: (1500k + 128k bit/s) × 60 s = 12.21 MB for one hour of a 30-day month at ¥0.12/GB.
    expect(e.storageBytes).toBe(12_210_000);
    expect(e.storageCost).toBeCloseTo(0.01221 * (3600 / 2_592_000) * 0.12, 6);
    expect(e.totalCost).toBeCloseTo(e.modelCost + e.storageCost, 9);
    expect(e.videos[0]).toMatchObject({ index: 0, profile: 'BALANCED', cost: 0.0099696 });
    expect(e.totalCostUncompressed).toBeGreaterThan(e.totalCost);
    expect(e.pricesAsOf).toBe(DEFAULT_COSTS.pricesAsOf);
  });

  it('offline: no model cost, and says so', () => {
    const e = estimateBatch(
      { sources: [{ index: 0, unknown: 'URL sources are measured only once downloaded' }], enableVlAnalysis: true, enableAsr: false, tempUrlExpirySeconds: 3600 },
      { modelCalls: false, vlModel: 'qwen-vl-plus', textModel: 'qwen-plus', prices: PRICES, costs: DEFAULT_COSTS, storageDriver: 'local' },
    );
    expect(e.totalCost).toBe(0);
    expect(e.notes.join(' ')).toMatch(/video 0 is not counted[\s\S]*offline/);
  });
});

describe('estimateBatch on the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AI_API_KEY: 'sk-estimate', AI_BASE_URL: 'http://127.0.0.1:9/v1', ALLOW_PRIVATE_URLS: 'true' } });
    makeSource(path.join(t.mediaRoot, 's.mp4'), { w: 320, h: 180, fps: 10, seconds: 2, audio: true });
  });
  afterAll(async () => t?.stop());

  const ESTIMATE = `query ($input: CreateBatchInput!) { estimateBatch(input: $input) { __typename
    ... on BatchEstimate { totalCost totalCostUncompressed promptTokens promptTokensUncompressed videos { index cost } calls { stage videoIndex cost } notes }
    ... on ValidationError { field sourceIndex message } } }`;

  it('10 local sources: per call, per video and total, nothing stored; bad input is a ValidationError', async () => {
    const input = { sources: Array.from({ length: 10 }, () => ({ type: 'LOCAL', path: 's.mp4' })), autoApprove: false };
    const { data } = await gql(t.url, ESTIMATE, { input });
    const e = data.estimateBatch;
    expect(e.__typename).toBe('BatchEstimate');
    expect(e.videos).toHaveLength(10);
    expect(e.calls.filter((c: any) => c.stage === 'VL_ANALYSIS')).toHaveLength(10);
    expect(e.totalCost).toBeCloseTo(e.calls.reduce((s: number, c: any) => s + c.cost, 0), 5);
    expect(e.promptTokensUncompressed).toBeGreaterThanOrEqual(e.promptTokens);
    expect((await gql(t.url, `{ batches { totalCount } }`)).data.batches.totalCount).toBe(0);
    const bad = await gql(t.url, ESTIMATE, { input: { sources: [{ type: 'LOCAL', path: 'missing.mp4' }] } });
    expect(bad.data.estimateBatch).toMatchObject({ __typename: 'ValidationError', sourceIndex: 0 });
  });

  it('URL sources: estimated from their size (said in a note), or not counted when the size does not come in time', async () => {
    const held: import('node:http').ServerResponse[] = [];
    const server: Server = createServer((req, res) => {
      if (req.url === '/slow.mp4') return void held.push(res); // never answers
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '16000000' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const input = { sources: [{ type: 'URL', url: `${base}/clip.mp4` }, { type: 'URL', url: `${base}/slow.mp4` }, { type: 'LOCAL', path: 's.mp4' }] };
      const { data } = await gql(t.url, ESTIMATE, { input });
      const e = data.estimateBatch;
      expect(e.videos.map((v: any) => v.index)).toEqual([0, 2]);
      expect(e.calls.filter((c: any) => c.stage === 'VL_ANALYSIS').map((c: any) => c.videoIndex)).toEqual([0, 2]);
      expect(e.notes).toEqual(
        expect.arrayContaining([
          'video 0 is estimated from its size (16.0 MB at an assumed 8 Mbit/s, 16 s of 1080p30): it is measured once downloaded',
          `video 1 is not counted: its size was not known within ${REMOTE_SIZE_TIMEOUT_MS / 1000} s`,
        ]),
      );
    } finally {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('OSS sources: the object size from an OSS HEAD with the configured credentials', async () => {
    const oss = await startOssServer({ accessKeyId: 'ak', accessKeySecret: 'sk', buckets: ['test-bucket'] });
    try {
      oss.putObject('test-bucket', 'videos/a.mp4', Buffer.alloc(4_000_000), 'video/mp4');
      const config = loadConfig({ STORAGE_DRIVER: 'oss', OSS_REGION: 'cn-hangzhou', OSS_BUCKET: 'test-bucket', OSS_ENDPOINT: oss.endpoint, OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: 'sk', OSS_PATH_STYLE: 'true' });
      expect(await remoteSize('OSS', 'oss://test-bucket/videos/a.mp4', config)).toBe(4_000_000);
      expect(await remoteSize('OSS', 'oss://test-bucket/videos/missing.mp4', config)).toMatchObject({ unknown: expect.stringMatching(/could not be read/) });
    } finally {
      await oss.close();
    }
  });

  it('a created batch carries its estimate beside the actual cost', async () => {
    const created = await gql(t.url, `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { ... on CreateBatchPayload { batch { id estimate { totalCost videos { index } } cost { estimatedModelCost actualModelCost actualPromptTokens } } } } }`, {
      input: { sources: [{ type: 'LOCAL', path: 's.mp4' }], enableVlAnalysis: false },
    });
    const b = created.data.createBatch.batch;
    expect(b.estimate.videos).toEqual([{ index: 0 }]);
    expect(b.cost).toMatchObject({ estimatedModelCost: 0, actualModelCost: 0, actualPromptTokens: 0 });
    await gql(t.url, `mutation ($id: ID!) { cancelBatch(id: $id) { __typename } }`, { id: b.id });
  });
});

describe('estimateNewBatch with QUEUE_DRIVER=bullmq (no ffprobe on the server)', () => {
  it('sizes a LOCAL source from its file, says so in the notes, and probes nothing', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const { estimateNewBatch } = await import('../../src/estimate/estimate-new-batch.js');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'estimate-bullmq-'));
    fs.writeFileSync(path.join(root, 'big.mp4'), Buffer.alloc(4_000_000));
    const config = loadConfig({ MEDIA_ROOTS: root, DATA_DIR: path.join(root, 'data') });
    const e = await estimateNewBatch(
      { sources: [{ type: 'LOCAL', path: 'big.mp4', url: null, compressionProfile: null }], compressionProfile: 'BALANCED', enableVlAnalysis: true, enableAsr: false, tempUrlExpirySeconds: 3600 } as never,
      { config, ffprobePath: null },
    );
    // 4 MB at the assumed 8 Mbit/s is 4 s of video.
    expect(e.videos).toHaveLength(1);
    expect(e.notes.join('\n')).toMatch(/video 0 is estimated from its size \(4\.0 MB.*4 s of 1080p30\): it is measured once a worker probed it/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
