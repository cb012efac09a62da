/**
 * Smart render bench: camera-like sources (H.264 High, B-frames, a keyframe
 * every second, AAC stereo) at 1080p30 and 2160p30, one plan of 8 clips of
 * 4–15 s (4 s at 2160p) starting and ending between keyframes, rendered
 * (a) full re-encode: renderPlan with smart render off (the baseline);
 * (b) smart render: renderPlan as shipped;
 * (c) stream copy: `-ss` + `-c copy` per clip + concat (fast but not frame-accurate);
 * and an all-re-encode plan (the same sources remuxed to Matroska, which never
 * qualifies) with smart render off and on (each twice, off-on-on-off, means
 * reported), to show the check costs nothing.
 * Run alone: `npx tsx bench/smart-render.ts` (BENCH_QUICK=1: one small 640×360 set;
 * BENCH_SMART_SETS=1080p30: one set; BENCH_SMART_VARIANTS=a,b: only those rows).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { renderPlan } from '../src/pipeline/stages/render.js';
import type { StageDeps } from '../src/pipeline/stage-deps.js';
import type { BatchSettings, PlanClip, VideoWork } from '../src/domain/types.js';
import { concatListContent } from '../src/render/concat-args.js';
import { probeMedia } from '../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import type { MediaTools as ResolvedTools } from '../src/workers/ffmpeg/resolve.js';
import { runFfmpeg } from '../src/workers/ffmpeg/run.js';
import { createMediaPool } from '../src/workers/pool.js';
import type { BenchRow } from './support/table.js';

const exec = promisify(execFile);

/** One source set: frame size, how many sources, their length, and the clip lengths of the plan. */
interface SourceSet {
  label: string;
  size: string;
  sources: number;
  seconds: number;
  clipSeconds: number[];
  preset: string;
}

async function makeSources(tools: ResolvedTools, dir: string, set: SourceSet): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < set.sources; i++) {
    const file = path.join(dir, `${set.label}-${i}.mp4`);
    await exec(tools.ffmpegPath, [
      '-hide_banner', '-nostdin', '-y', '-v', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=${set.size}:rate=30:duration=${set.seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=${300 + 110 * i}:sample_rate=48000:duration=${set.seconds}`,
      '-vf', `hue=h=${i * 60}`,
      // A camera's shape: High profile with B-frames, a closed GOP of one second.
      '-c:v', 'libx264', '-preset', set.preset, '-profile:v', 'high', '-crf', '18', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
      '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', file,
    ]);
    files.push(file);
  }
  return files;
}

/** Eight clips spread over the sources, each starting 0.37 s and ending 0.53 s past a keyframe. */
function planFor(set: SourceSet): PlanClip[] {
  return set.clipSeconds.map((len, i) => {
    const videoIndex = i % set.sources;
    const room = set.seconds - len - 1;
    const start = Math.floor(((i * 0.37 + 0.1) % 1) * room) + 0.37;
    return { videoIndex, start, end: start + len + 0.16, reason: '' };
  });
}

async function videosOf(tools: ResolvedTools, files: string[], dir: string): Promise<VideoWork[]> {
  return Promise.all(
    files.map(async (file, index) => ({
      id: `v${index}`, batchId: 'bench', index, sourceType: 'LOCAL' as const, sourcePath: file, sourceUrl: null,
      compressionProfile: 'BALANCED' as const, workDir: dir, localPath: file, downloaded: false,
      probe: await probeMedia(tools.ffprobePath, file), compressed: null, temp: null, analysis: null, transcript: null,
    })),
  );
}

async function outputSeconds(tools: ResolvedTools, file: string): Promise<number> {
  const { stdout } = await exec(tools.ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

/** Times one renderPlan run (pool of 2, as the server runs it). */
async function timeRender(tools: ResolvedTools, dir: string, id: string, clips: PlanClip[], videos: VideoWork[], smart: boolean): Promise<{ wall: number; out: number; log: string }> {
  const pool = createMediaPool({ size: 2, ffmpegPath: tools.ffmpegPath });
  const records: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void records.push(s) });
  const output = { mode: 'ORIGINAL_QUALITY' as const, resolution: '1080p', fps: 30, bitrate: '5000k' };
  const batch: BatchSettings = {
    id: 'bench', compressionProfile: 'BALANCED', tempUrlExpirySeconds: 3600, output, enableVlAnalysis: false,
    enableAsr: false, customPrompt: null, autoApprove: true, webhookUrl: null, createdAt: new Date(),
  };
  try {
    const deps = { pool, tools, log, now: () => new Date() } as unknown as StageDeps;
    const control = { signal: new AbortController().signal, onProgress: () => {}, onMerging: () => {} };
    const t0 = performance.now();
    const result = await renderPlan({ batch, plan: { theme: 'bench', clips }, videos, renderId: id, workDir: dir, smart }, deps, control);
    const wall = (performance.now() - t0) / 1000;
    const stats = records.map((r) => JSON.parse(r) as Record<string, unknown>).find((r) => r.msg === 'smart render');
    const note = stats ? `${stats.smartClips} smart clips, ${stats.copiedFrames} frames copied, ${stats.edgeFrames} re-encoded, ${stats.fallbacks} re-encoded whole` : '';
    const out = await outputSeconds(tools, result.path);
    await rm(result.path, { force: true });
    return { wall, out, log: note };
  } finally {
    await pool.close();
  }
}

async function timeStreamCopy(tools: ResolvedTools, dir: string, clips: PlanClip[], files: string[]): Promise<{ wall: number; out: number }> {
  const cdir = path.join(dir, 'copy');
  await mkdir(cdir, { recursive: true });
  const t0 = performance.now();
  const parts = clips.map((_, i) => path.join(cdir, `part_${i}.mp4`));
  for (const [i, c] of clips.entries()) {
    await runFfmpeg(tools.ffmpegPath, {
      args: ['-ss', String(c.start), '-i', files[c.videoIndex]!, '-t', String(c.end - c.start), '-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero', parts[i]!],
    });
  }
  const list = path.join(cdir, 'list.txt');
  await writeFile(list, concatListContent(parts));
  const out = path.join(dir, 'copy.mp4');
  await runFfmpeg(tools.ffmpegPath, { args: ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', out] });
  const wall = (performance.now() - t0) / 1000;
  const seconds = await outputSeconds(tools, out);
  await rm(cdir, { recursive: true, force: true });
  return { wall, out: seconds };
}

const SETS: SourceSet[] = [
  { label: '1080p30', size: '1920x1080', sources: 2, seconds: 24, clipSeconds: [4, 5, 4, 6, 4, 5, 4, 15], preset: 'veryfast' },
  // 2160p: the shortest clips the plan allows, so the full re-encode stays within minutes on 2 cores.
  { label: '2160p30', size: '3840x2160', sources: 2, seconds: 10, clipSeconds: [4, 4, 4, 4, 4, 4, 4, 4], preset: 'superfast' },
];

/** Runs every source set; rows in the common bench shape (baseline: full re-encode of the same set). */
export async function benchSmartRender(options: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  // Quick: the 1080p set's shape at 640×360, for a smoke run (its numbers mean little).
  const only = (process.env.BENCH_SMART_SETS ?? '').split(',').filter(Boolean);
  const sets = options.quick
    ? [{ ...SETS[0]!, label: '360p30 (quick)', size: '640x360', sources: 2, seconds: 20, clipSeconds: [4, 5, 6, 4, 5, 6, 4, 5] }]
    : SETS.filter((s) => only.length === 0 || only.includes(s.label));
  // BENCH_SMART_VARIANTS=b (or "a,b"): only those variants, for profiling one of them; all by default.
  const variants = (process.env.BENCH_SMART_VARIANTS ?? '').split(',').filter(Boolean);
  const wants = (v: string) => variants.length === 0 || variants.includes(v);
  const rows: BenchRow[] = [];
  for (const set of sets) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-smart-'));
    try {
      const files = await makeSources(tools, dir, set);
      const videos = await videosOf(tools, files, dir);
      const clips = planFor(set);
      const planned = clips.reduce((s, c) => s + c.end - c.start, 0);
      const row = (variant: string, r: { wall: number; out: number; log?: string }, base: number | null): BenchRow => ({
        bench: `smart render ${set.label}`,
        variant,
        wallSeconds: r.wall,
        ratio: base === null ? 'baseline' : `wall ${(r.wall / base).toFixed(2)}`,
        note: `output ${r.out.toFixed(3)} s for ${planned.toFixed(3)} s planned${r.log ? `; ${r.log}` : ''}`,
      });
      const full = wants('a') ? await timeRender(tools, dir, 'full', clips, videos, false) : null;
      if (full) rows.push(row('(a) full re-encode (smart off)', full, null));
      if (wants('b')) rows.push(row('(b) smart render', await timeRender(tools, dir, 'smart', clips, videos, true), full?.wall ?? null));
      if (wants('c')) rows.push(row('(c) stream copy, keyframe-aligned (inexact)', await timeStreamCopy(tools, dir, clips, files), full?.wall ?? null));

      // The first three clips from Matroska copies: no clip qualifies, so both runs re-encode everything
      // (three, not eight: this only shows that the smart check costs nothing, and the machine is shared).
      if (set.label.startsWith('2160p') || !(wants('d') || wants('e'))) continue;
      const mkv = await Promise.all(files.map(async (f) => {
        const out = f.replace(/\.mp4$/, '.mkv');
        await exec(tools.ffmpegPath, ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-i', f, '-c', 'copy', out]);
        return out;
      }));
      const mkvVideos = await videosOf(tools, mkv, dir);
      const few = clips.slice(0, 3);
      const fewRow = (variant: string, r: { wall: number; out: number; log?: string }, base: number | null) =>
        ({ ...row(variant, r, base), note: `output ${r.out.toFixed(3)} s${r.log ? `; ${r.log}` : ''}` });
      // Off, on, on, off (ABBA): a load that drifts during the four runs weighs on both sides alike.
      const order = [false, true, true, false].filter((on) => wants(on ? 'e' : 'd'));
      const runs: Array<{ on: boolean; wall: number; out: number; log: string }> = [];
      for (const [i, on] of order.entries()) runs.push({ on, ...(await timeRender(tools, dir, `mkv-${i}`, few, mkvVideos, on)) });
      const mean = (on: boolean) => {
        const mine = runs.filter((r) => r.on === on);
        if (mine.length === 0) return null;
        const walls = mine.map((r) => r.wall.toFixed(1)).join(' + ');
        return { ...mine[0]!, wall: mine.reduce((s, r) => s + r.wall, 0) / mine.length, log: `mean of ${walls} s${mine[0]!.log ? `; ${mine[0]!.log}` : ''}` };
      };
      const off = mean(false);
      const on = mean(true);
      if (off) rows.push(fewRow('(d) all-re-encode plan (3 clips, MKV sources), smart off', off, null));
      if (on) rows.push(fewRow('(e) same plan, smart on', on, off?.wall ?? null));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { formatTable } = await import('./support/table.js');
  console.log(formatTable(await benchSmartRender({ quick: process.env.BENCH_QUICK === '1' })));
}
