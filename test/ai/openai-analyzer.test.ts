import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiAnalyzer } from '../../src/ai/openai-analyzer.js';
import type { VideoWork } from '../../src/domain/types.js';
import { createMediaPool } from '../../src/workers/pool.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';
import { FFMPEG, TEST_KEY, ffmpegSync, silentLog, startFileServer, testBatch, testConfig, testControl, testStorage, testVideo, tools } from './helpers.js';

const ANSWER = {
  description: 'A test pattern.',
  highlights: [{ start: 0.5, end: 2.5, label: 'pattern', score: 0.8 }],
  tags: ['test'],
  scenes: [{ start: 0, end: 3, description: 'colour bars' }],
};

let dir: string;
let clip: string;
let fake: FakeOpenAi;
let pool: MediaPool;
let files: Awaited<ReturnType<typeof startFileServer>>;
const delays: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-vl-'));
  clip = path.join(dir, 'compressed.mp4');
  ffmpegSync(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=3', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', clip]);
  fake = await startFakeOpenAi({ fetchVideoUrls: true });
  pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG });
  files = await startFileServer({ 'compressed.mp4': clip });
});

afterAll(async () => {
  await fake?.close();
  await pool?.close();
  await files?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
  delays.length = 0;
});

function video(overrides: Partial<VideoWork> = {}): VideoWork {
  return testVideo(0, 3, {
    workDir: dir,
    compressed: { path: clip, profile: 'BALANCED', sizeBytes: 1, width: 160, height: 120, fps: 10, durationSeconds: 3, hasAudio: false },
    temp: { key: 'temp-compressed/b/compressed_0.mp4', url: files.url('compressed.mp4'), expiresAt: new Date(Date.now() + 3600_000) },
    ...overrides,
  });
}

function analyzer(publicUrls: boolean) {
  return createOpenAiAnalyzer({
    config: testConfig({ AI_BASE_URL: fake.baseUrl }),
    storage: testStorage({ publicUrls }),
    pool,
    tools,
    log: silentLog,
    retry: { retries: 3, baseDelayMs: 5, sleep: async (ms) => void delays.push(ms) },
  });
}

describe('openai analyzer', () => {
  it('sends the video by URL to the VL model with JSON instructions, and the model can fetch it', async () => {
    fake.enqueue({ kind: 'json', body: ANSWER, usage: { prompt_tokens: 2000, completion_tokens: 300 } });
    const out = await analyzer(true).analyze(video(), testBatch(), testControl());
    expect(out.analysis).toEqual(ANSWER);
    const req = fake.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.model).toBe('qwen-vl-plus');
    expect(req.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(req.body.response_format).toBeUndefined();
    expect(req.messages[0]!.role).toBe('system');
    expect(String(req.messages[0]!.content)).toMatch(/JSON/);
    const videoPart = req.parts.find((p) => p.type === 'video_url');
    expect(videoPart?.video_url?.url).toBe(files.url('compressed.mp4'));
    // BALANCED asks the model for half a frame a second at 640×360-class frames.
    expect(videoPart).toMatchObject({ fps: 0.5, max_pixels: 230_400 });
    expect(req.videoFetches).toEqual([expect.objectContaining({ status: 200 })]);
    expect(req.videoFetches[0]!.bytes).toBeGreaterThan(1000);
    expect(req.parts.find((p) => p.type === 'text')?.text).toMatch(/lasts 3\.0 seconds/);
    expect(out.usage).toEqual([
      { stage: 'VL_ANALYSIS', model: 'qwen-vl-plus', promptTokens: 2000, completionTokens: 300, cost: 2 * 0.0008 + 0.3 * 0.002, videoIndex: 0, estimatedVideoTokens: expect.any(Number), originalVideoTokens: expect.any(Number) },
    ]);
    // 3 s at 160×120: 6 frames, each padded up to the 128·28² pixel minimum.
    expect(out.usage[0]!.estimatedVideoTokens).toBeGreaterThan(0);
  });

  it('sends frames at the profile rate (4 at least) with fps when storage has no public URLs', async () => {
    fake.enqueue({ kind: 'text', content: '```json\n' + JSON.stringify(ANSWER) + '\n```' });
    const out = await analyzer(false).analyze(video(), testBatch(), testControl());
    expect(out.analysis.highlights).toHaveLength(1);
    const part = fake.requests[0]!.parts.find((p) => p.type === 'video')!;
    // BALANCED wants 0.5 fps; a 3 s video still needs the model's 4 frames.
    expect(part.fps).toBe(1.334);
    expect(part.max_pixels).toBe(230_400);
    expect(part.video!.length).toBe(4);
    for (const f of part.video!) expect(f).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(fake.requests[0]!.parts.find((p) => p.type === 'text')?.text).toMatch(/4 frames sampled at 1.334 per second/);
  });

  it('puts the transcript into the prompt', async () => {
    fake.enqueue({ kind: 'json', body: ANSWER });
    await analyzer(true).analyze(video({ transcript: [{ start: 1, end: 2.5, text: 'what a goal' }] }), testBatch(), testControl());
    expect(fake.requests[0]!.parts.find((p) => p.type === 'text')?.text).toContain('[1.0–2.5] what a goal');
  });

  it('prose, then prose after the repair request → fails with the answer in the error', async () => {
    fake.enqueue({ kind: 'text', content: 'I am sorry, I cannot watch videos.' }, { kind: 'text', content: 'Still no JSON, sorry.' });
    const err = await analyzer(true).analyze(video(), testBatch(), testControl()).catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'ModelAnswerError' });
    expect((err as Error).message).toContain('Still no JSON, sorry.');
    expect(fake.requests).toHaveLength(2);
    const repair = fake.requests[1]!.messages;
    expect(repair.at(-2)).toEqual({ role: 'assistant', content: 'I am sorry, I cannot watch videos.' });
    expect(String(repair.at(-1)!.content)).toMatch(/could not be used[\s\S]*no JSON object/);
  });

  it('bad JSON, then good → success with the usage of both calls', async () => {
    fake.enqueue({ kind: 'text', content: '{"description": "x", "highlights": [' }, { kind: 'json', body: ANSWER });
    const out = await analyzer(true).analyze(video(), testBatch(), testControl());
    expect(out.analysis).toEqual(ANSWER);
    expect(out.usage).toHaveLength(2);
    expect(String(fake.requests[1]!.messages.at(-1)!.content)).toMatch(/not closed/);
  });

  it('a highlight past the end → repair request naming it', async () => {
    fake.enqueue({ kind: 'json', body: { ...ANSWER, highlights: [{ start: 1, end: 30, label: 'late', score: 1 }] } }, { kind: 'json', body: ANSWER });
    const out = await analyzer(true).analyze(video(), testBatch(), testControl());
    expect(out.analysis.highlights[0]!.end).toBe(2.5);
    expect(String(fake.requests[1]!.messages.at(-1)!.content)).toContain('highlights[0]: end 30 is past the end of the video (3.0 s)');
  });

  it('429 with Retry-After, then success: waits what the server asked', async () => {
    fake.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '2' } }, { kind: 'json', body: ANSWER });
    await analyzer(true).analyze(video(), testBatch(), testControl());
    expect(fake.requests).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it('500 twice, then success', async () => {
    fake.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'json', body: ANSWER });
    const out = await analyzer(true).analyze(video(), testBatch(), testControl());
    expect(out.analysis).toEqual(ANSWER);
    expect(fake.requests).toHaveLength(3);
    expect(delays).toEqual([5, 10]);
  });

  it('401 is not retried and the key never appears in the error', async () => {
    fake.enqueue({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${TEST_KEY}`, code: 'invalid_api_key' } } });
    const err = (await analyzer(true).analyze(video(), testBatch(), testControl()).catch((e: Error) => e)) as Error & { status?: number };
    expect(err.name).toBe('ModelApiError');
    expect(err.status).toBe(401);
    expect(fake.requests).toHaveLength(1);
    expect(err.message).not.toContain(TEST_KEY);
    expect(JSON.stringify(err)).not.toContain(TEST_KEY);
    expect(String(err.stack)).not.toContain(TEST_KEY);
  });

  it('cancelling mid-request rejects with AbortError at once', async () => {
    fake.enqueue({ kind: 'hang' });
    const ac = new AbortController();
    const p = analyzer(true).analyze(video(), testBatch(), testControl(ac.signal));
    await fake.waitForRequests(1);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(1);
  });
});
