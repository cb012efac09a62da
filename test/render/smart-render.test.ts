/**
 * Proof of exactness for smart render, on tiny generated x264 sources with
 * B-frames (closed GOP of 30) and an open-GOP one: frame count, bit-exact
 * copied frames (framemd5), edge PSNR, a clean decode, audio/video lengths.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlan, type RenderControl } from '../../src/pipeline/stages/render.js';
import type { PlanClip, VideoWork } from '../../src/domain/types.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { FFMPEG, FFPROBE, ORIGINAL, batchSettings, ffmpeg, renderDeps, streams, videoWork } from './helpers.js';

let dir: string;
let pool: MediaPool;
const videos: VideoWork[] = [];
const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: 'test' });
const control: RenderControl = { signal: new AbortController().signal, onProgress: () => {}, onMerging: () => {} };

/** Decoded-frame checksums of a file's video, in output order. */
function framemd5(file: string): string[] {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
}

/** Per-frame PSNR (dB; Infinity when identical) of out[a, a+n) against src[b, b+n). */
function psnr(out: string, a: number, src: string, b: number, n: number): number[] {
  const graph = `[0:v]trim=start_frame=${a}:end_frame=${a + n},setpts=PTS-STARTPTS[o];[1:v]trim=start_frame=${b}:end_frame=${b + n},setpts=PTS-STARTPTS[s];[o][s]psnr=stats_file=-`;
  const r = spawnSync(FFMPEG, ['-v', 'error', '-i', out, '-i', src, '-filter_complex', graph, '-f', 'null', '-'], { encoding: 'utf8' });
  return [...r.stdout.matchAll(/psnr_avg:(\S+)/g)].map((m) => (m[1] === 'inf' ? Number.POSITIVE_INFINITY : Number(m[1])));
}

/** A logger whose records land in `lines`. */
function capturingDeps(p: MediaPool, lines: Array<Record<string, unknown>>) {
  const deps = renderDeps(p);
  deps.log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return deps;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'smart-render-'));
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  const src = (name: string) => path.join(dir, name);
  const x264 = (extra: string[], out: string) =>
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30:d=6', '-f', 'lavfi', '-i', 'sine=f=440:r=44100:d=6',
      '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', ...extra, '-c:a', 'aac', '-shortest', out]);
  // B-frames (x264's default 3, pyramid), closed GOPs of 30: keyframes every second.
  x264([], src('b.mp4'));
  // Open GOP: keyframes after the first are recovery-point I-frames with leading B-frames.
  x264(['-x264-params', 'open-gop=1'], src('o.mp4'));
  for (const [index, name] of ['b.mp4', 'o.mp4'].entries()) videos.push(videoWork(index, src(name), await probeMedia(FFPROBE, src(name)), dir));
}, 240_000);

afterAll(async () => {
  await pool?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Real encodes on a shared 2-core machine: generous per-test time (the suite's default is 60 s).
describe('smart render', { timeout: 240_000 }, () => {
  it('copies whole GOPs bit-exact, re-encodes edges within 45 dB, falls back for a short clip and an open GOP', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const plan = {
      theme: 't',
      clips: [
        clip(0, 1 + 1 / 30, 3.5), // starts one frame after a keyframe: head 31–59, copy 60–89, tail 90–104
        clip(0, 0.5, 3 - 1 / 30), // ends one frame before a keyframe: head 15–29, copy 30–59, tail 60–88
        clip(0, 4.2, 4.8), // shorter than a GOP
        clip(1, 1.5, 4.5), // open GOP
        clip(0, 0.5, 4.9), // three whole GOPs: head 15–29, copy 30–119, tail 120–146 (the decode check reads only the joins)
      ],
    };
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: 'smart', workDir: dir }, capturingDeps(pool, lines), control);
    expect(readdirSync(path.join(dir, 'render_smart'))).toEqual(['final.mp4']);

    expect(lines.find((l) => l.msg === 'smart render')).toMatchObject({ smartClips: 3, copiedFrames: 150, edgeFrames: 130, fallbacks: 2 });
    const reasons = lines.filter((l) => l.msg?.toString().startsWith('clip re-encoded whole')).map((l) => [l.clip, l.reason]).sort();
    expect(reasons).toEqual([
      [3, 'no whole GOP starting at an IDR lies inside the clip'],
      [4, 'no whole GOP starting at an IDR lies inside the clip'],
    ]);

    // Frame count = plan: 74 + 74 + 18 + 90 + 132.
    const outMd5 = framemd5(out.path);
    expect(outMd5).toHaveLength(388);
    // Copied frames decode to the source's exact pictures.
    const srcMd5 = framemd5(videos[0]!.localPath!);
    expect(outMd5.slice(29, 59)).toEqual(srcMd5.slice(60, 90));
    expect(outMd5.slice(74 + 15, 74 + 45)).toEqual(srcMd5.slice(30, 60));
    expect(outMd5.slice(256 + 15, 256 + 105)).toEqual(srcMd5.slice(30, 120));
    // Every frame of both smart clips (edges and copies) is the source's frame at that time.
    const clip1 = psnr(out.path, 0, videos[0]!.localPath!, 31, 74);
    const clip2 = psnr(out.path, 74, videos[0]!.localPath!, 15, 74);
    const clip5 = psnr(out.path, 256, videos[0]!.localPath!, 15, 132);
    expect([clip1.length, clip2.length, clip5.length]).toEqual([74, 74, 132]);
    expect(Math.min(...clip1, ...clip2, ...clip5)).toBeGreaterThanOrEqual(45);
    expect(clip5.filter((x) => x === Number.POSITIVE_INFINITY)).toHaveLength(90);
    expect(clip1.filter((x) => x === Number.POSITIVE_INFINITY)).toHaveLength(30);

    // Decodes with zero errors, and audio lasts as long as video within one AAC frame.
    const check = spawnSync(FFMPEG, ['-v', 'error', '-i', out.path, '-f', 'null', '-'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    const [v, a] = [streams(out.path).find((s) => s.codec_type === 'video')!, streams(out.path).find((s) => s.codec_type === 'audio')!];
    expect(Math.abs(Number(v.duration) - Number(a.duration))).toBeLessThanOrEqual(1024 / 48000);
    // Container durations are stored in milliseconds.
    expect(Math.abs(Number(v.duration) - 388 / 30)).toBeLessThan(0.0015);
  });

  // A pool that runs the copy through a bitstream filter: the copy is no longer the source's bytes or parameter sets.
  it.each([
    ['an access unit delimiter added to every packet', 'h264_metadata=aud=insert', 'copied packet 0 differs from the source packet'],
    ['an SPS rewritten (full range)', 'h264_metadata=video_full_range_flag=1', 'copied packet 0 carries parameter sets that are not its own'],
  ])('a clip whose copy cannot be proven exact is re-encoded instead: %s', async (name, bsf, reason) => {
    const tampering: MediaPool = {
      ...pool,
      size: pool.size,
      stats: () => pool.stats(),
      close: () => pool.close(),
      ffmpeg: (request, c) => {
        const isCopy = request.args.includes('copy') && request.args.includes('-frames:v');
        const args = isCopy ? [...request.args.slice(0, -3), '-bsf:v', bsf, ...request.args.slice(-3)] : request.args;
        return pool.ffmpeg({ ...request, args }, c);
      },
    };
    const lines: Array<Record<string, unknown>> = [];
    const plan = { theme: 't', clips: [clip(0, 1 + 1 / 30, 3.5)] };
    const id = `unproven-${bsf.length}`;
    const out = await renderPlan({ batch: batchSettings(ORIGINAL), plan, videos, renderId: id, workDir: dir }, capturingDeps(tampering, lines), control);
    expect(lines.find((l) => l.msg?.toString().startsWith('clip re-encoded whole'))).toMatchObject({ clip: 1, reason });
    expect(lines.find((l) => l.msg === 'smart render')).toMatchObject({ smartClips: 0, fallbacks: 1 });
    expect(framemd5(out.path)).toHaveLength(74);
    expect(Math.min(...psnr(out.path, 0, videos[0]!.localPath!, 31, 74))).toBeGreaterThan(35);
    expect(readdirSync(path.join(dir, `render_${id}`))).toEqual(['final.mp4']);
  });
});
