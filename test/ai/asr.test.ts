import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioExtractArgs } from '../../src/ai/asr/audio-args.js';
import { createOpenAiTranscriber } from '../../src/ai/asr/openai-transcriber.js';
import { sentencesToSegments } from '../../src/ai/asr/paraformer-client.js';
import { createParaformerTranscriber } from '../../src/ai/asr/paraformer-transcriber.js';
import type { VideoWork } from '../../src/domain/types.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { startFakeDashScopeAsr } from '../support/fake-dashscope-asr.js';
import { startFakeOpenAi } from '../support/fake-openai.js';
import { FFMPEG, TEST_KEY, ffmpegSync, silentLog, startFileServer, testBatch, testConfig, testControl, testStorage, testVideo } from './helpers.js';

let dir: string;
let clip: string;
let pool: MediaPool;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-asr-'));
  clip = path.join(dir, 'talk.mp4');
  ffmpegSync(['-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=5:d=3', '-f', 'lavfi', '-i', 'sine=f=300:d=3:r=44100', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', clip]);
  pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG });
});
afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

const video = (hasAudio = true): VideoWork =>
  testVideo(1, 3, { workDir: dir, compressed: { path: clip, profile: 'BALANCED', sizeBytes: 1, width: 64, height: 48, fps: 5, durationSeconds: 3, hasAudio } });

describe('audio extraction args', () => {
  it('first audio stream to 16 kHz mono AAC', () => {
    expect(audioExtractArgs({ inputPath: '/v.mp4', outputPath: '/a.m4a' })).toEqual([
      '-i', '/v.mp4', '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', '16000', '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart', '/a.m4a',
    ]);
  });
});

describe('paraformer', () => {
  it('sentences in ms become segments in s', () => {
    expect(sentencesToSegments({ transcripts: [{ sentences: [{ begin_time: 1500, end_time: 2750, text: ' hi ' }, { begin_time: 0, end_time: 900, text: 'a' }, { text: 'x' }] }] })).toEqual([
      { start: 0, end: 0.9, text: 'a' },
      { start: 1.5, end: 2.75, text: 'hi' },
    ]);
  });

  it('storage with a reachable link: uploads 16 kHz audio, submits its signed URL async, polls, fetches the result', async () => {
    const asr = await startFakeDashScopeAsr({ sentences: [{ begin_time: 200, end_time: 1800, text: 'hello there' }], pollsBeforeDone: 2, submitErrors: [429] });
    const files: Record<string, string> = {};
    const server = await startFileServer(files);
    try {
      const storage = testStorage({ publicUrls: true, signBase: server.url('').replace(/\/\?sig=test$/, ''), files });
      // A public PUBLIC_BASE_URL: the service can fetch our own signed link.
      const config = testConfig({ ASR_PROVIDER: 'paraformer', ASR_BASE_URL: asr.baseUrl, ASR_POLL_INTERVAL_MS: '10', PUBLIC_BASE_URL: 'https://clips.example.com' });
      const t = createParaformerTranscriber({ config, storage, pool, log: silentLog, retry: { baseDelayMs: 1 } });
      const out = await t.transcribe(video(), testBatch(), testControl());
      expect(out.segments).toEqual([{ start: 0.2, end: 1.8, text: 'hello there' }]);
      expect(storage.puts.map((p) => p.key)).toEqual(['temp-compressed/batch-test/audio_1.m4a']);
      const submit = asr.record.submits.at(-1)!;
      expect(asr.record.submits).toHaveLength(2); // 429 then accepted
      expect(submit.authorization).toBe(`Bearer ${TEST_KEY}`);
      expect(submit.async).toBe('enable');
      expect(submit.body.model).toBe('paraformer-v2');
      expect(submit.fetched!.status).toBe(200);
      expect(submit.fetched!.bytes).toBeGreaterThan(500);
      expect(asr.record.polls).toHaveLength(3);
      expect(asr.record.policies).toEqual([]);
      expect((await readdir(dir)).filter((f) => f.startsWith('audio_'))).toEqual([]);
    } finally {
      await asr.close();
      await server.close();
    }
  });

  it('local storage on a private address: the audio goes through DashScope’s temporary upload as oss://, resolved with the header', async () => {
    const asr = await startFakeDashScopeAsr({ sentences: [{ begin_time: 0, end_time: 1200, text: '你好' }], pollsBeforeDone: 1 });
    try {
      const storage = testStorage({ publicUrls: false });
      const config = testConfig({ ASR_PROVIDER: 'paraformer', ASR_BASE_URL: asr.baseUrl, ASR_POLL_INTERVAL_MS: '10' });
      const t = createParaformerTranscriber({ config, storage, pool, log: silentLog, retry: { baseDelayMs: 1 } });
      const out = await t.transcribe(video(), testBatch(), testControl());
      expect(out.segments).toEqual([{ start: 0, end: 1.2, text: '你好' }]);
      // Nothing went to our storage; the policy was asked for the model that transcribes, with the key.
      expect(storage.puts).toEqual([]);
      expect(asr.record.policies).toEqual([{ model: 'paraformer-v2', authorization: `Bearer ${TEST_KEY}` }]);
      // The form carried every field of the policy, the file last.
      const [upload] = asr.record.uploads;
      expect(upload!.fieldOrder).toEqual(['OSSAccessKeyId', 'Signature', 'policy', 'x-oss-object-acl', 'x-oss-forbid-overwrite', 'key', 'success_action_status', 'file']);
      expect(upload!.key).toMatch(/^dashscope-instant\/fake\/1\/audio_1\.m4a$/);
      expect(upload!.bytes).toBeGreaterThan(500);
      const submit = asr.record.submits.at(-1)!;
      expect(submit.body.input!.file_urls).toEqual([`oss://${upload!.key}`]);
      expect(submit.ossResolve).toBe('enable');
      expect(submit.fetched).toEqual({ status: 200, bytes: upload!.bytes });
      expect((await readdir(dir)).filter((f) => f.startsWith('audio_'))).toEqual([]);
    } finally {
      await asr.close();
    }
  });

  it('a FAILED task fails the transcription without the key in the message', async () => {
    const asr = await startFakeDashScopeAsr({ sentences: [], fail: true, pollsBeforeDone: 0 });
    try {
      const config = testConfig({ ASR_PROVIDER: 'paraformer', ASR_BASE_URL: asr.baseUrl, ASR_POLL_INTERVAL_MS: '10' });
      const t = createParaformerTranscriber({ config, storage: testStorage({ publicUrls: true }), pool, log: silentLog });
      const err = (await t.transcribe(video(), testBatch(), testControl()).catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/FAILED.*scripted failure/);
      expect(err.message).not.toContain(TEST_KEY);
    } finally {
      await asr.close();
    }
  });

  it('skips a video without audio', async () => {
    const t = createParaformerTranscriber({ config: testConfig({ ASR_PROVIDER: 'paraformer' }), storage: testStorage({ publicUrls: true }), pool, log: silentLog });
    expect(await t.transcribe(video(false), testBatch(), testControl())).toEqual({ segments: [], usage: [] });
  });
});

describe('openai transcriptions', () => {
  it('sends the audio as multipart verbose_json and maps segments', async () => {
    const fake = await startFakeOpenAi();
    try {
      fake.enqueue({ kind: 'status', status: 503 }, { kind: 'transcription', segments: [{ start: 0.5, end: 2, text: ' spoken words ' }] });
      const config = testConfig({ AI_BASE_URL: fake.baseUrl, ASR_PROVIDER: 'openai' });
      const t = createOpenAiTranscriber({ config, pool, log: silentLog, retry: { baseDelayMs: 1 } });
      const out = await t.transcribe(video(), testBatch(), testControl());
      expect(out.segments).toEqual([{ start: 0.5, end: 2, text: 'spoken words' }]);
      const req = fake.requests.at(-1)!;
      expect(req.path).toBe('/v1/audio/transcriptions');
      expect(req.body.model).toBe('whisper-1');
      expect(req.body.response_format).toBe('verbose_json');
      expect(req.files.file!.size).toBeGreaterThan(500);
      expect(fake.requests).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });
});
