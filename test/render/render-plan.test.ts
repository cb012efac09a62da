import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlan, type RenderControl } from '../../src/pipeline/stages/render.js';
import type { PlanClip, VideoWork } from '../../src/domain/types.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import { createMediaPool } from '../../src/workers/pool.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import {
  FFMPEG, FFPROBE, ORIGINAL, batchSettings, ffmpeg, frameLumas, makeSource, silences, renderDeps, streams, videoPacketTimes, videoWork,
} from './helpers.js';

let dir: string;
let pool: MediaPool;
const videos: VideoWork[] = [];
const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: 'test' });

function control(events: string[] = []): RenderControl {
  return {
    signal: new AbortController().signal,
    onProgress: (f, m) => events.push(`${f.toFixed(3)} ${m ?? ''}`),
    onMerging: () => events.push('merging'),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'render-plan-'));
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  const src = (name: string) => path.join(dir, name);
  makeSource(src('a.mp4'), { w: 1920, h: 1080, fps: 30, seconds: 6, audio: true });
  makeSource(src('b.mp4'), { w: 1280, h: 720, fps: 25, seconds: 6, audio: true });
  makeSource(src('c.mp4'), { w: 720, h: 1280, fps: 24, seconds: 6, audio: false });
  // Frame k has luma 2k: the first output frame tells which source frame it came from.
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=320x240:r=30:d=4,geq=lum=N*2:cb=128:cr=128', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-g', '60', '-pix_fmt', 'yuv420p', src('f.mp4')]);
  // Upright picture: white top half, black bottom half, stored turned a quarter clockwise (640×360)
  // with a display matrix saying "turn it back" (270° clockwise), as a phone held upright writes it.
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=white:s=360x640:r=24:d=2,drawbox=x=0:y=320:w=360:h=320:color=black:t=fill,transpose=clock',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', src('r-stored.mp4')]);
  ffmpeg(['-i', src('r-stored.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', src('r.mp4')]);
  for (const [index, name] of ['a.mp4', 'b.mp4', 'c.mp4', 'f.mp4', 'r.mp4'].entries()) {
    videos.push(videoWork(index, src(name), await probeMedia(FFPROBE, src(name)), dir));
  }
});

afterAll(async () => {
  await pool?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('renderPlan with real ffmpeg', () => {
  it('joins 1080p30, 720p25 and audio-less portrait 24 fps clips into one 1080p30 file in sync', async () => {
    const events: string[] = [];
    const plan = { theme: 't', clips: [clip(0, 0.5, 2.5), clip(1, 1.2, 2.2), clip(2, 2.05, 2.85), clip(0, 4, 5)] };
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: 'mixed', workDir: dir }, renderDeps(pool), control(events));

    expect(out.path).toBe(path.join(dir, 'render_mixed', 'final.mp4'));
    // Only the result is left: clip intermediates and the list are gone.
    expect(readdirSync(path.join(dir, 'render_mixed'))).toEqual(['final.mp4']);
    expect(out.probe).toMatchObject({ width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true, rotation: 0 });
    const total = 2 + 1 + 0.8 + 1;
    expect(Math.abs(out.probe.durationSeconds - total)).toBeLessThanOrEqual(4 / 30);

    const [v, a] = [streams(out.path).find((s) => s.codec_type === 'video')!, streams(out.path).find((s) => s.codec_type === 'audio')!];
    expect(v.r_frame_rate).toBe('30/1');
    const [num, den] = v.avg_frame_rate!.split('/').map(Number);
    expect(num! / den!).toBeCloseTo(30, 2);
    expect([a.sample_rate, a.channels]).toEqual(['48000', 2]);
    expect(Math.abs(Number(v.duration) - Number(a.duration))).toBeLessThan(0.05);
    // Constant frame rate across the joins: every step is one frame, no gaps, no repeats.
    const times = videoPacketTimes(out.path);
    expect(times).toHaveLength(Math.round(total * 30));
    const steps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThan(0.002);

    // The silent portrait clip sits exactly where its picture does: 3.0–3.8 s, between two tones.
    const quiet = silences(out.path);
    expect(quiet).toHaveLength(1);
    expect(Math.abs(quiet[0]!.start - 3.0)).toBeLessThan(0.025);
    expect(Math.abs(quiet[0]!.end - 3.8)).toBeLessThan(0.025);

    expect(events[0]).toBe('0.000 clip 0/4');
    expect(events).toContain('merging');
    expect(events.indexOf('merging')).toBeGreaterThan(events.findIndex((e) => e.endsWith('clip 4/4')));
    const fractions = events.filter((e) => e !== 'merging').map((e) => Number(e.split(' ')[0]));
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
  });

  it('starts on the frame at `start`, not on the keyframe before it', async () => {
    // Keyframes at frames 0 and 60; frame 47 is in the middle of a GOP.
    const plan = { theme: 't', clips: [clip(3, 47 / 30, 2.5)] };
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: 'exact', workDir: dir }, renderDeps(pool), control());
    const lumas = frameLumas(out.path, 3);
    // Source frame k has luma 2k (±1 for the encode); the keyframe before would read 0.
    expect(lumas.map((l) => Math.round(l / 2))).toEqual([47, 48, 49]);
    expect(out.probe).toMatchObject({ width: 320, height: 240 });
  });

  it('shows a rotated phone video upright and portrait', async () => {
    expect(videos[4]!.probe).toMatchObject({ width: 360, height: 640, rotation: 270 });
    const plan = { theme: 't', clips: [clip(4, 0.5, 1.5)] };
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: 'rot', workDir: dir }, renderDeps(pool), control());
    expect(out.probe).toMatchObject({ width: 360, height: 640, rotation: 0 });
    const v = streams(out.path).find((s) => s.codec_type === 'video')!;
    expect([v.width, v.height]).toEqual([360, 640]);
    expect(frameLumas(out.path, 1, 'top')[0]).toBeGreaterThan(200);
    expect(frameLumas(out.path, 1, 'bottom')[0]).toBeLessThan(40);
    expect(existsSync(path.join(dir, 'render_rot', 'clip_001.mov'))).toBe(false);
  });
});
