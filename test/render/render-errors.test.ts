import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlan, type RenderControl } from '../../src/pipeline/stages/render.js';
import type { PlanClip, ProbeInfo, VideoWork } from '../../src/domain/types.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import { createMediaPool } from '../../src/workers/pool.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import {
  FFMPEG, FFPROBE, ORIGINAL, batchSettings, ffmpegProcessesWith, makeSource, renderDeps, streams, videoWork,
} from './helpers.js';

let dir: string;
let pool: MediaPool;
let noisy: VideoWork;
let small: VideoWork;
let big: VideoWork;
const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: 'test' });
const quiet = (signal = new AbortController().signal): RenderControl => ({ signal, onProgress: () => {}, onMerging: () => {} });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'render-errors-'));
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  const n = path.join(dir, 'noisy.mp4');
  // Enough detail (moving pattern + temporal noise) that the encoder needs the whole bitrate.
  makeSource(n, { w: 640, h: 360, fps: 30, seconds: 6, audio: true, video: 'testsrc2=s=640x360:r=30:d=6,noise=alls=30:allf=t+u' });
  noisy = videoWork(0, n, await probeMedia(FFPROBE, n), dir);
  const s = path.join(dir, 'small.mp4');
  makeSource(s, { w: 320, h: 240, fps: 30, seconds: 4, audio: true });
  small = videoWork(0, s, await probeMedia(FFPROBE, s), dir);
  const b = path.join(dir, 'big.mp4');
  makeSource(b, { w: 1920, h: 1080, fps: 30, seconds: 6, audio: true });
  big = videoWork(1, b, await probeMedia(FFPROBE, b), dir);
});

afterAll(async () => {
  await pool?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('RECOMPRESS', () => {
  it('honours resolution, fps and bitrate', async () => {
    const output = { mode: 'RECOMPRESS' as const, resolution: '480p', fps: 15, bitrate: '800k' };
    const plan = { theme: 't', clips: [clip(0, 0, 3), clip(0, 3, 6)] };
    const out = await renderPlan({ batch: batchSettings(output), plan, videos: [noisy], renderId: 'rec', workDir: dir }, renderDeps(pool), quiet());
    expect(out.probe).toMatchObject({ width: 854, height: 480 });
    const v = streams(out.path).find((s) => s.codec_type === 'video')!;
    expect(v.r_frame_rate).toBe('15/1');
    const kbps = Number(v.bit_rate) / 1000;
    expect(kbps).toBeGreaterThan(800 * 0.75);
    expect(kbps).toBeLessThan(800 * 1.25);
  });
});

describe('plan errors name the clip', () => {
  it('a clip of a missing file', async () => {
    const gone = videoWork(1, path.join(dir, 'gone.mp4'), small.probe, dir);
    const plan = { theme: 't', clips: [clip(0, 0, 2), clip(1, 1, 3)] };
    await expect(
      renderPlan({ batch: batchSettings(ORIGINAL), plan, videos: [small, gone], renderId: 'gone', workDir: dir }, renderDeps(pool), quiet()),
    ).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringMatching(/^clip 2 \(video 1, 1\.0–3\.0 s\).*missing/) });
    expect(existsSync(path.join(dir, 'render_gone'))).toBe(false);
  });

  it('a clip shorter than one frame', async () => {
    const long: ProbeInfo = { ...small.probe!, durationSeconds: 20 };
    const videos = [small, videoWork(1, small.localPath!, long, dir)];
    const plan = { theme: 't', clips: [clip(0, 0, 2), clip(1, 12, 12.01)] };
    await expect(
      renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: 'short', workDir: dir }, renderDeps(pool), quiet()),
    ).rejects.toThrow('clip 2 (video 1, 12.0–12.01 s) is shorter than one frame');
  });

  it('a clip past the end of its video is refused, not clamped', async () => {
    const plan = { theme: 't', clips: [clip(0, 7, 9.5)] };
    await expect(
      renderPlan({ batch: batchSettings(ORIGINAL), plan, videos: [small], renderId: 'past', workDir: dir }, renderDeps(pool), quiet()),
    ).rejects.toThrow(/^clip 1 \(video 0, 7\.0–9\.5 s\) ends past the end of video 0/);
  });
});

describe('failures and cancellation', () => {
  it('retries a failed clip once', async () => {
    let failed = 0;
    const flaky: MediaPool = {
      ...pool,
      size: pool.size,
      stats: () => pool.stats(),
      close: () => pool.close(),
      ffmpeg: async (req, ctl) => {
        if (req.args.some((a) => a.endsWith('clip_002.mov')) && failed++ === 0) throw Object.assign(new Error('boom'), { name: 'FfmpegError' });
        return pool.ffmpeg(req, ctl);
      },
    };
    const plan = { theme: 't', clips: [clip(0, 0, 1), clip(0, 2, 3)] };
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos: [small], renderId: 'retry', workDir: dir }, renderDeps(flaky), quiet());
    expect(failed).toBe(2);
    expect(out.probe.durationSeconds).toBeCloseTo(2, 1);
  });

  it('a failed join fails with ffmpeg\'s message and leaves nothing behind', async () => {
    const broken: MediaPool = {
      size: pool.size,
      stats: () => pool.stats(),
      close: () => pool.close(),
      // The join reads its list through the file protocol; point it at a list that does not exist.
      ffmpeg: (req, ctl) => pool.ffmpeg({ ...req, args: req.args.map((a) => (a.endsWith('list.txt') ? `${a}.missing` : a)) }, ctl),
    };
    const plan = { theme: 't', clips: [clip(0, 0, 1)] };
    await expect(
      renderPlan({ batch: batchSettings(ORIGINAL), plan, videos: [small], renderId: 'join', workDir: dir }, renderDeps(broken), quiet()),
    ).rejects.toMatchObject({ name: 'FfmpegError', message: expect.stringMatching(/^joining 1 clips failed: .*No such file or directory/) });
    expect(existsSync(path.join(dir, 'render_join'))).toBe(false);
  });

  it('cancelling mid-render stops every ffmpeg and removes partial clips', async () => {
    const abort = new AbortController();
    let resolveStarted!: () => void;
    const started = new Promise<void>((r) => (resolveStarted = r));
    const control: RenderControl = {
      signal: abort.signal,
      onProgress: (f) => {
        if (f > 0) resolveStarted();
      },
      onMerging: () => {},
    };
    const plan = { theme: 't', clips: [clip(1, 0, 6), clip(1, 0, 6), clip(1, 0, 6), clip(1, 0, 6)] };
    const running = renderPlan({ batch: batchSettings(ORIGINAL), plan, videos: [big], renderId: 'cancel', workDir: dir }, renderDeps(pool), control);
    const outcome = running.then(() => 'finished', (err: Error) => err.name);
    await Promise.race([started, outcome]);
    const renderDir = path.join(dir, 'render_cancel');
    expect(ffmpegProcessesWith(renderDir).length).toBeGreaterThan(0);
    abort.abort();
    expect(await outcome).toBe('AbortError');
    expect(ffmpegProcessesWith(renderDir)).toEqual([]);
    expect(pool.stats()).toEqual({ running: 0, queued: 0 });
    expect(existsSync(renderDir) ? readdirSync(renderDir) : []).toEqual([]);
  });
});
