import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineAnalyzer } from '../../src/ai/offline-analyzer.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { FFMPEG, ffmpegSync, silentLog, testBatch, testControl, testVideo } from './helpers.js';

let dir: string;
let withAudio: string;
let silentVideo: string;
let pool: MediaPool;

// Three different sources cut at 4 and 8 s; a 440 Hz tone loud only between 5 and 7 s.
const VIDEO_GRAPH =
  '[1:v]noise=alls=30:allf=t[b];[2:v]trim=duration=4,setpts=PTS-STARTPTS[c];[0:v][b][c]concat=n=3:v=1:a=0,format=yuv420p[v]';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-offline-'));
  withAudio = path.join(dir, 'cuts-loud.mp4');
  silentVideo = path.join(dir, 'no-audio.mp4');
  const sources = ['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=10:d=4', '-f', 'lavfi', '-i', 'smptebars=s=160x120:r=10:d=4', '-f', 'lavfi', '-i', 'mandelbrot=s=160x120:r=10'];
  ffmpegSync([
    ...sources,
    '-f', 'lavfi', '-i', 'sine=f=440:d=12:r=16000',
    '-filter_complex', `${VIDEO_GRAPH};[3:a]volume='if(between(t,5,7),1,0.02)':eval=frame[a]`,
    '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-t', '12', withAudio,
  ]);
  ffmpegSync([...sources, '-filter_complex', VIDEO_GRAPH, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-t', '12', silentVideo]);
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
});

afterAll(async () => {
  await pool?.close();
  await rm(dir, { recursive: true, force: true });
});

const compressed = (file: string, hasAudio: boolean) => ({ path: file, profile: 'BALANCED' as const, sizeBytes: 1, width: 160, height: 120, fps: 10, durationSeconds: 12, hasAudio });

describe('offline analyzer on a generated clip', () => {
  it('finds the cuts within 0.5 s and a highlight over the loud stretch', async () => {
    const analyzer = createOfflineAnalyzer({ pool, log: silentLog });
    const control = testControl();
    const out = await analyzer.analyze(testVideo(0, 12, { workDir: dir, compressed: compressed(withAudio, true) }), testBatch(), control);
    expect(out.usage).toEqual([]);
    const bounds = out.analysis.scenes.slice(1).map((s) => s.start);
    expect(bounds).toHaveLength(2);
    expect(Math.abs(bounds[0]! - 4)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(bounds[1]! - 8)).toBeLessThanOrEqual(0.5);
    const best = out.analysis.highlights[0]!;
    expect(best.start < 7 && best.end > 5).toBe(true);
    expect(best.label).toMatch(/loud/);
    expect(out.analysis.description).toMatch(/loudest around 5–7 s/);
    expect(control.progress.at(-1)).toBe(1);
    // Scratch files are gone.
    expect((await readdir(dir)).filter((f) => f.startsWith('signals_'))).toEqual([]);
  });

  it('works on a video without audio', async () => {
    const analyzer = createOfflineAnalyzer({ pool, log: silentLog });
    const video = testVideo(1, 12, { workDir: dir, compressed: compressed(silentVideo, false) });
    video.probe!.hasAudio = false;
    const out = await analyzer.analyze(video, testBatch(), testControl());
    expect(out.analysis.scenes).toHaveLength(3);
    expect(out.analysis.tags).toContain('no-audio');
    expect(out.analysis.highlights.length).toBeGreaterThan(0);
  });

  it('falls back to the original file when there is no compressed copy', async () => {
    const analyzer = createOfflineAnalyzer({ pool, log: silentLog });
    const out = await analyzer.analyze(testVideo(2, 12, { workDir: dir, localPath: withAudio }), testBatch(), testControl());
    expect(out.analysis.scenes).toHaveLength(3);
  });
});
