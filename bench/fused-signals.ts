/**
 * One decode for compression and offline signals: 4 generated camera-like
 * 1080p30 sources with cuts and audio, compressed (BALANCED) and measured
 * (a) in two passes: compression, then the offline analyzer's own decode of
 *     the copy (the baseline);
 * (b) fused: one ffmpeg with two outputs (the copy and the signal log).
 * Both through the media pool (2 threads), all sources at once. Reports wall
 * time and whether the scene cuts (±1 frame) and loudness agree.
 * Run alone: `npx tsx bench/fused-signals.ts` (BENCH_QUICK=1: 2 sources of 4 s).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { extractSignals } from '../src/ai/signals/extract-signals.js';
import { loadFusedSignals } from '../src/ai/signals/fused-signals.js';
import type { MediaSignals } from '../src/ai/signals/signal-types.js';
import type { BatchSettings, VideoWork } from '../src/domain/types.js';
import { compressVideo } from '../src/pipeline/stages/compress.js';
import type { StageDeps } from '../src/pipeline/stage-deps.js';
import { probeMedia } from '../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import { createMediaPool } from '../src/workers/pool.js';
import type { BenchRow } from './support/table.js';

const exec = promisify(execFile);

/** Runs both ways over the same sources; rows in the common bench shape. */
export async function benchFusedSignals(options: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const count = options.quick ? 2 : 4;
  const seconds = options.quick ? 4 : 12;
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-fused-'));
  const third = seconds / 3;
  try {
    const videos: VideoWork[] = [];
    for (let i = 0; i < count; i++) {
      const src = path.join(dir, `src${i}.mp4`);
      // Three shots (two cuts) and a tone that gets louder in the middle.
      await exec(tools.ffmpegPath, ['-hide_banner', '-nostdin', '-y', '-v', 'error',
        '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=30:d=${third}`, '-f', 'lavfi', '-i', `mandelbrot=s=1920x1080:r=30`,
        '-f', 'lavfi', '-i', `smptehdbars=s=1920x1080:r=30:d=${third}`,
        '-f', 'lavfi', '-i', `sine=f=${330 + 50 * i}:r=48000:d=${seconds},volume='if(between(t,${third},${2 * third}),0.8,0.1)':eval=frame`,
        '-filter_complex', `[1:v]trim=duration=${third},setpts=PTS-STARTPTS[m];[0:v][m][2:v]concat=n=3:v=1:a=0,hue=h=${i * 40}[v]`,
        '-map', '[v]', '-map', '3:a', '-c:v', 'libx264', '-preset', 'superfast', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(seconds), src]);
      const probe = await probeMedia(tools.ffprobePath, src);
      videos.push({ index: i, workDir: path.join(dir, `w${i}`), localPath: src, probe, compressionProfile: 'BALANCED' } as VideoWork);
    }
    const pool = createMediaPool({ size: 2, ffmpegPath: tools.ffmpegPath });
    const control = { signal: new AbortController().signal, onProgress: () => {} };
    try {
      const vl = { id: 'bench', enableVlAnalysis: true } as BatchSettings;
      const offline = { id: 'bench', enableVlAnalysis: false } as BatchSettings;
      const twoPassDeps = { pool, tools, analyzer: { kind: 'openai' } } as unknown as StageDeps;
      const fusedDeps = { pool, tools, analyzer: { kind: 'offline' } } as unknown as StageDeps;

      let t0 = performance.now();
      const separate: MediaSignals[] = await Promise.all(videos.map(async (v) => {
        const copy = await compressVideo(v, vl, twoPassDeps, control);
        return extractSignals({ inputPath: copy.path, durationSeconds: v.probe!.durationSeconds, hasAudio: true, workDir: v.workDir, name: 'two-pass' }, pool);
      }));
      const twoPass = (performance.now() - t0) / 1000;

      t0 = performance.now();
      const fused: MediaSignals[] = await Promise.all(videos.map(async (v) => {
        await compressVideo(v, offline, fusedDeps, control);
        return (await loadFusedSignals(v.workDir, v.index, v.probe!.durationSeconds))!;
      }));
      const oneDecode = (performance.now() - t0) / 1000;

      const cuts = (s: MediaSignals) => s.scenes.filter((p) => p.score > 0.3).map((p) => p.time);
      let cutsAgree = true;
      let loudGap = 0;
      separate.forEach((s, i) => {
        const f = fused[i]!;
        const [a, b] = [cuts(s), cuts(f)];
        // ±1 frame of the copy's 15 fps.
        if (a.length !== b.length || a.some((t, k) => Math.abs(t - b[k]!) > 1 / 15 + 1e-6)) cutsAgree = false;
        s.loudness.forEach((p, k) => {
          const q = f.loudness[k];
          if (q && Number.isFinite(p.shortTerm) && Number.isFinite(q.shortTerm)) loudGap = Math.max(loudGap, Math.abs(p.shortTerm - q.shortTerm));
        });
      });
      const cutCount = separate.reduce((n, s) => n + cuts(s).length, 0);
      return [
        { bench: 'compression + signals', variant: `(a) two passes: compress, then analyse the copy (${count} × ${seconds} s 1080p30)`, wallSeconds: twoPass, ratio: 'baseline', note: `${cutCount} scene cuts found` },
        {
          bench: 'compression + signals', variant: '(b) one decode: compression and signal log from one ffmpeg', wallSeconds: oneDecode, ratio: `wall ${(oneDecode / twoPass).toFixed(2)}`,
          note: `scene cuts ${cutsAgree ? 'the same (±1 frame)' : 'DIFFER'}; short-term loudness within ${loudGap.toFixed(2)} LU`,
        },
      ];
    } finally {
      await pool.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { formatTable } = await import('./support/table.js');
  console.log(formatTable(await benchFusedSignals({ quick: process.env.BENCH_QUICK === '1' })));
}
