/**
 * One decode for compression and the offline signals: the fused pass leaves
 * the same compressed copy and the same scene cuts (±1 frame) and loudness as
 * a separate signal pass over that copy, and the analyzer uses it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineAnalyzer } from '../../src/ai/offline-analyzer.js';
import { extractSignals } from '../../src/ai/signals/extract-signals.js';
import { loadFusedSignals } from '../../src/ai/signals/fused-signals.js';
import { PROFILES } from '../../src/media/profiles.js';
import { compressVideo } from '../../src/pipeline/stages/compress.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import type { BatchSettings, StageControl, VideoWork } from '../../src/domain/types.js';
import { buildCompressWithSignalsArgs } from '../../src/workers/ffmpeg/fused-compress-args.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../../src/workers/ffmpeg/resolve.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { FFMPEG, FFPROBE, tempDir } from './helpers.js';

const exec = promisify(execFile);
let tmp: Awaited<ReturnType<typeof tempDir>>;
let pool: MediaPool;
let deps: StageDeps;
const control: StageControl = { signal: new AbortController().signal, onProgress: () => {} };
const batch = { id: 'b', enableVlAnalysis: false } as BatchSettings;

beforeAll(async () => {
  tmp = await tempDir();
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  const tools = await resolveMediaTools({ ffmpegPath: FFMPEG, ffprobePath: FFPROBE });
  deps = { pool, tools, analyzer: { kind: 'offline' }, log: pino({ level: 'silent' }) } as unknown as StageDeps;
});
afterAll(async () => {
  await pool.close();
  await tmp.remove();
});

describe('buildCompressWithSignalsArgs', () => {
  const probe = { width: 1920, height: 1080, fps: 30, hasAudio: true };
  const base = { input: '/in/a.mp4', output: '/w/c.part', profile: PROFILES.BALANCED, probe, scenesFile: '/w/s/scenes.txt', loudnessFile: '/w/s/loud.txt' };
  it('splits the compression-filtered frames between the encoder and the detectors', () => {
    const args = buildCompressWithSignalsArgs(base);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toMatch(/^\[0:v\]fps=15,scale=1280:720,split=2\[cv\]\[sv\];\[sv\]scale=160:-2,select='gte\(scene,0\)'/);
    expect(graph).toContain('[0:a]asplit=2[ca][sa];[sa]ebur128=metadata=1');
    // Output 1: the copy; output 2: the null sink behind the detectors.
    expect(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4)).toEqual(['-map', '[cv]', '-map', '[ca]']);
    expect(args.slice(args.indexOf('/w/c.part') - 2, args.indexOf('/w/c.part') + 1)).toEqual(['-f', 'mp4', '/w/c.part']);
    expect(args.slice(-7)).toEqual(['-map', '[vout]', '-map', '[aout]', '-f', 'null', '-']);
  });
  it('has no audio branch for a silent source and refuses relative paths', () => {
    const args = buildCompressWithSignalsArgs({ ...base, probe: { ...probe, hasAudio: false } });
    expect(args.join(' ')).not.toMatch(/asplit|\[aout\]|\[ca\]/);
    expect(() => buildCompressWithSignalsArgs({ ...base, scenesFile: 'rel.txt' })).toThrow(/absolute/);
  });
});

// Real encodes on a shared 2-core machine: generous per-test time (the suite's default is 60 s).
describe('fused compression + signals', { timeout: 240_000 }, () => {
  it('gives the same scene cuts (±1 frame) and loudness as a second pass over the copy, and the analyzer uses them', async () => {
    const src = path.join(tmp.dir, 'cuts.mp4');
    // Three shots (cuts at 2 s and 4 s) and a tone that gets louder at 3 s.
    await exec(FFMPEG, ['-hide_banner', '-nostdin', '-y', '-v', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=30:d=2', '-f', 'lavfi', '-i', 'mandelbrot=s=640x360:r=30', '-f', 'lavfi', '-i', 'smptebars=s=640x360:r=30:d=2',
      '-f', 'lavfi', '-i', "sine=f=440:r=48000:d=6,volume='if(lt(t,3),0.05,0.8)':eval=frame",
      '-filter_complex', '[1:v]trim=duration=2,setpts=PTS-STARTPTS[m];[0:v][m][2:v]concat=n=3:v=1:a=0[v]',
      '-map', '[v]', '-map', '3:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', '6', src]);
    const workDir = path.join(tmp.dir, 'work');
    const video = { index: 0, workDir, localPath: src, probe: await probeMedia(FFPROBE, src), compressionProfile: 'BALANCED' } as VideoWork;

    const copy = await compressVideo(video, batch, deps, control);
    expect(copy).toMatchObject({ width: 640, height: 360, fps: 15, hasAudio: true });
    expect((await readdir(workDir)).sort()).toEqual(['compressed_0.mp4', 'signals_0.json']);
    const fused = (await loadFusedSignals(workDir, 0, video.probe!.durationSeconds))!;
    const separate = await extractSignals({ inputPath: copy.path, durationSeconds: video.probe!.durationSeconds, hasAudio: true, workDir, name: 'x' }, pool);

    const cuts = (s: typeof fused) => s.scenes.filter((p) => p.score > 0.3).map((p) => p.time);
    expect(cuts(separate)).toHaveLength(2);
    expect(cuts(fused)).toHaveLength(2);
    cuts(fused).forEach((t, i) => expect(Math.abs(t - cuts(separate)[i]!)).toBeLessThanOrEqual(1 / 15 + 1e-6));
    expect(fused.loudness.length).toBe(separate.loudness.length);
    const gap = Math.max(...fused.loudness.map((p, i) => Math.abs(p.shortTerm - separate.loudness[i]!.shortTerm)).filter(Number.isFinite));
    expect(gap).toBeLessThan(0.5);
    expect(fused.silences).toHaveLength(separate.silences.length);
    fused.silences.forEach((sp, i) => expect(Math.abs(sp.end - separate.silences[i]!.end) + Math.abs(sp.start - separate.silences[i]!.start)).toBeLessThan(0.05));

    // The analyzer reads the stored signals: no second decode runs.
    let runs = 0;
    const counting = { ...pool, ffmpeg: (...a: Parameters<MediaPool['ffmpeg']>) => (runs++, pool.ffmpeg(...a)) } as MediaPool;
    const analyzer = createOfflineAnalyzer({ pool: counting, log: pino({ level: 'silent' }) });
    const { analysis } = await analyzer.analyze({ ...video, compressed: copy }, batch, control);
    expect(runs).toBe(0);
    expect(analysis.scenes.length).toBeGreaterThanOrEqual(3);
    expect(existsSync(path.join(workDir, 'signals_0_fused'))).toBe(false);
  });
});
