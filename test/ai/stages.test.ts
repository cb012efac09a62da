import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAi } from '../../src/ai/create-ai.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import { analyzeVideo } from '../../src/pipeline/stages/analyze.js';
import { generatePlan } from '../../src/pipeline/stages/plan.js';
import type { VideoWork } from '../../src/domain/types.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';
import { FFMPEG, ffmpegSync, silentLog, testBatch, testConfig, testControl, testStorage, testVideo, tools } from './helpers.js';

let dir: string;
let clip: string;
let pool: MediaPool;
let fake: FakeOpenAi;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-stages-'));
  clip = path.join(dir, 'v.mp4');
  ffmpegSync(['-f', 'lavfi', '-i', 'testsrc2=s=96x72:r=5:d=4', '-f', 'lavfi', '-i', 'sine=f=500:d=4:r=16000', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', clip]);
  pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG });
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.close();
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => void (fake.requests.length = 0));

function deps(env: Record<string, string> = {}): StageDeps {
  const config = testConfig({ AI_BASE_URL: fake.baseUrl, ...env });
  const storage = testStorage({ publicUrls: false });
  const ai = createAi({ config, storage, pool, tools, log: silentLog });
  return { config, pool, tools, storage, ...ai, log: silentLog, now: () => new Date() };
}

const video = (): VideoWork =>
  testVideo(0, 4, { workDir: dir, compressed: { path: clip, profile: 'BALANCED', sizeBytes: 1, width: 96, height: 72, fps: 5, durationSeconds: 4, hasAudio: true } });

const ANSWER = { description: 'talk', highlights: [{ start: 0.5, end: 3.5, label: 'talk', score: 0.7 }], tags: ['talk'], scenes: [{ start: 0, end: 4, description: 'one shot' }] };

describe('createAi', () => {
  it('chooses by config.ai.analyzer and the ASR provider', () => {
    const offline = createAi({ config: testConfig({ ANALYZER: 'offline' }), storage: testStorage({ publicUrls: false }), pool, tools, log: silentLog });
    expect(offline.analyzer.kind).toBe('offline');
    expect(offline.transcriber).toBeNull();
    const online = deps({ ASR_PROVIDER: 'openai' });
    expect(online.analyzer.kind).toBe('openai');
    expect(online.transcriber).not.toBeNull();
  });
});

describe('analyzeVideo', () => {
  it('ASR first, then the VL analysis with the transcript in the prompt', async () => {
    fake.enqueue({ kind: 'transcription', segments: [{ start: 1, end: 2, text: 'hello world' }] }, { kind: 'json', body: ANSWER });
    const out = await analyzeVideo(video(), testBatch({ enableAsr: true }), deps({ ASR_PROVIDER: 'openai' }), testControl());
    expect(out.transcript).toEqual([{ start: 1, end: 2, text: 'hello world' }]);
    expect(out.analysis).toEqual(ANSWER);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/audio/transcriptions', '/v1/chat/completions']);
    expect(fake.requests[1]!.parts.find((p) => p.type === 'text')?.text).toContain('[1.0–2.0] hello world');
    expect(out.usage).toHaveLength(1);
  });

  it('a failed transcription does not fail the analysis', async () => {
    fake.enqueue({ kind: 'status', status: 400 }, { kind: 'json', body: ANSWER });
    const out = await analyzeVideo(video(), testBatch({ enableAsr: true }), deps({ ASR_PROVIDER: 'openai' }), testControl());
    expect(out.transcript).toBeNull();
    expect(out.analysis).toEqual(ANSWER);
  });

  it('enableVlAnalysis=false: offline, no model call even with a key', async () => {
    const out = await analyzeVideo(video(), testBatch({ enableVlAnalysis: false }), deps(), testControl());
    expect(fake.requests).toHaveLength(0);
    expect(out.analysis.tags).toContain('offline-analysis');
    expect(out.transcript).toBeNull();
    expect(out.usage).toEqual([]);
  });
});

describe('generatePlan', () => {
  const ready = (): VideoWork[] => [testVideo(0, 200, { analysis: ANSWER }), testVideo(1, 100, { analysis: ANSWER })];

  it('AI plan through the text model', async () => {
    const plan = { theme: 'Talks', clips: [{ videoIndex: 0, start: 0, end: 90, reason: 'a' }, { videoIndex: 1, start: 10, end: 50, reason: 'b' }] };
    fake.enqueue({ kind: 'json', body: plan });
    const out = await generatePlan({ batch: testBatch(), videos: ready(), customPrompt: null }, deps(), testControl());
    expect(out).toMatchObject({ origin: 'AI', plan });
  });

  it('enableVlAnalysis=false → offline plan, no model call', async () => {
    const out = await generatePlan({ batch: testBatch({ enableVlAnalysis: false }), videos: ready(), customPrompt: 'anything' }, deps(), testControl());
    expect(out.origin).toBe('OFFLINE');
    expect(out.usage).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    expect(out.plan.clips.length).toBeGreaterThan(0);
  });
});
