/**
 * Render benchmark: one plan (6 clips from 3 generated 1080p30 sources) rendered
 * (a) by autoclip: clips in parallel through the media pool (2 threads), then a
 *     concat-demuxer join that copies the video (the baseline of the ratios);
 * (b) MoviePy-style: one ffmpeg, trim/atrim + concat filter, one re-encode;
 * (c) stream copy: `-ss` + `-c copy` per clip + concat demuxer (fast, starts on keyframes).
 * Measures wall time and peak memory of the ffmpeg children (VmRSS summed over
 * those running at once, sampled from /proc), plus the output's duration.
 * Run alone: `npx tsx bench/render.ts` (BENCH_SECONDS sets the source length).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { renderPlan } from '../src/pipeline/stages/render.js';
import type { StageDeps } from '../src/pipeline/stage-deps.js';
import type { BatchSettings, PlanClip, VideoWork } from '../src/domain/types.js';
import { concatListContent } from '../src/render/concat-args.js';
import { chooseOutputShape } from '../src/render/output-shape.js';
import { probeMedia } from '../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import { runFfmpeg } from '../src/workers/ffmpeg/run.js';
import { createMediaPool } from '../src/workers/pool.js';

const exec = promisify(execFile);

/** One measured way of rendering the plan. */
export interface Row {
  mode: string;
  wallSeconds: number;
  /** Peak of the ffmpeg children's RSS summed over those running at once, MB. */
  peakFfmpegRssMb: number;
  /** Largest single ffmpeg high-water mark (VmHWM), MB. */
  maxProcessHwmMb: number;
  maxConcurrentFfmpeg: number;
  outputSeconds: number;
  plannedSeconds: number;
  /** |video − audio| stream duration of the output, ms. */
  avDriftMs: number;
  wallVsA: number;
  memVsA: number;
}

async function statusOf(pid: number): Promise<{ rss: number; hwm: number; ppid: number; comm: string } | null> {
  try {
    const s = await readFile(`/proc/${pid}/status`, 'utf8');
    const num = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
    return { rss: num('VmRSS'), hwm: num('VmHWM'), ppid: num('PPid'), comm: /Name:\s+(\S+)/.exec(s)?.[1] ?? '' };
  } catch {
    return null;
  }
}

/** Polls /proc for ffmpeg processes whose parent is this process until stopped. */
function sampleFfmpeg(everyMs = 50): { stop(): Promise<{ peakRssMb: number; maxHwmMb: number; maxConcurrent: number }> } {
  let peak = 0;
  let hwm = 0;
  let concurrent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      let sum = 0;
      let n = 0;
      for (const entry of await readdir('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const st = await statusOf(Number(entry));
        // Worker threads share this pid, so pooled ffmpeg runs are direct children too.
        if (!st || st.ppid !== process.pid || !st.comm.startsWith('ffmpeg')) continue;
        sum += st.rss;
        hwm = Math.max(hwm, st.hwm);
        n++;
      }
      peak = Math.max(peak, sum);
      concurrent = Math.max(concurrent, n);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peakRssMb: peak / 1024, maxHwmMb: hwm / 1024, maxConcurrent: concurrent };
    },
  };
}

type Measured = Omit<Row, 'wallVsA' | 'memVsA'>;

async function measure(mode: string, ffprobePath: string, plannedSeconds: number, work: () => Promise<string>): Promise<Measured> {
  const sampler = sampleFfmpeg();
  const t0 = performance.now();
  const output = await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  const mem = await sampler.stop();
  const { stdout } = await exec(ffprobePath, ['-v', 'error', '-show_entries', 'stream=codec_type,duration:format=duration', '-of', 'json', output]);
  const info = JSON.parse(stdout) as { streams: Array<{ codec_type: string; duration: string }>; format: { duration: string } };
  const dur = (t: string) => Number(info.streams.find((s) => s.codec_type === t)?.duration ?? 0);
  return {
    mode,
    wallSeconds,
    peakFfmpegRssMb: mem.peakRssMb,
    maxProcessHwmMb: mem.maxHwmMb,
    maxConcurrentFfmpeg: mem.maxConcurrent,
    outputSeconds: Number(info.format.duration),
    plannedSeconds,
    avDriftMs: Math.abs(dur('video') - dur('audio')) * 1000,
  };
}

/** Generates the sources, renders the plan three ways and returns one row per way (ratios to (a)). */
export async function benchRender(options: { seconds?: number } = {}): Promise<Row[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 20);
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-render-'));
  try {
    const sources: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(dir, `src${i}.mp4`);
      await exec(tools.ffmpegPath, [
        '-hide_banner', '-nostdin', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=${300 + 110 * i}:sample_rate=48000:duration=${seconds}`,
        '-vf', `hue=h=${i * 60}`,
        // Keyframes 2 s apart, like a camera: what makes stream-copy cuts inexact.
        '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-g', '60', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-b:a', '128k', file,
      ]);
      sources.push(file);
    }
    const videos: VideoWork[] = await Promise.all(
      sources.map(async (file, index) => ({
        id: `v${index}`, batchId: 'bench', index, sourceType: 'LOCAL' as const, sourcePath: file, sourceUrl: null,
        compressionProfile: 'BALANCED' as const, workDir: dir, localPath: file, downloaded: false,
        probe: await probeMedia(tools.ffprobePath, file), compressed: null, temp: null, analysis: null, transcript: null,
      })),
    );
    // Six 3-second clips at non-keyframe times, in story order across the sources.
    const at = (f: number) => Math.round(f * seconds * 10) / 10 + 0.37;
    const clips: PlanClip[] = [
      { videoIndex: 0, start: at(0.1), end: at(0.1) + 3, reason: '' },
      { videoIndex: 1, start: at(0.2), end: at(0.2) + 3, reason: '' },
      { videoIndex: 2, start: at(0.3), end: at(0.3) + 3, reason: '' },
      { videoIndex: 0, start: at(0.5), end: at(0.5) + 3, reason: '' },
      { videoIndex: 1, start: at(0.6), end: at(0.6) + 3, reason: '' },
      { videoIndex: 2, start: at(0.7), end: at(0.7) + 3, reason: '' },
    ];
    const planned = clips.reduce((s, c) => s + c.end - c.start, 0);
    const output = { mode: 'ORIGINAL_QUALITY' as const, resolution: '1080p', fps: 30, bitrate: '5000k' };
    const shape = chooseOutputShape({ clips, videos: videos.map((v) => ({ index: v.index, probe: v.probe! })), output });
    const batch: BatchSettings = {
      id: 'bench', compressionProfile: 'BALANCED', tempUrlExpirySeconds: 3600, output, enableVlAnalysis: false,
      enableAsr: false, customPrompt: null, autoApprove: true, webhookUrl: null, createdAt: new Date(),
    };

    const a = await measure('(a) autoclip: parallel clips (pool 2) + concat copy', tools.ffprobePath, planned, async () => {
      const pool = createMediaPool({ size: 2, ffmpegPath: tools.ffmpegPath });
      try {
        const deps = { pool, tools, log: pino({ level: 'silent' }), now: () => new Date() } as unknown as StageDeps;
        const control = { signal: new AbortController().signal, onProgress: () => {}, onMerging: () => {} };
        return (await renderPlan({ batch, plan: { theme: 'bench', clips }, videos, renderId: 'a', workDir: dir }, deps, control)).path;
      } finally {
        await pool.close();
      }
    });

    const b = await measure('(b) one pass: trim/atrim + concat filter', tools.ffprobePath, planned, async () => {
      const out = path.join(dir, 'b.mp4');
      const { width: w, height: h } = shape;
      const parts = clips.map(
        (c, i) =>
          `[${i}:v]trim=start=${c.start}:end=${c.end},setpts=PTS-STARTPTS,scale=${w}:${h}:force_original_aspect_ratio=decrease,` +
          `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${shape.fps}[v${i}];` +
          `[${i}:a]atrim=start=${c.start}:end=${c.end},asetpts=PTS-STARTPTS,aresample=48000[a${i}];`,
      );
      const inputs = clips.flatMap((c) => ['-i', sources[c.videoIndex]!]);
      const graph = parts.join('') + clips.map((_, i) => `[v${i}][a${i}]`).join('') + `concat=n=${clips.length}:v=1:a=1[v][a]`;
      await runFfmpeg(tools.ffmpegPath, {
        args: [...inputs, '-filter_complex', graph, '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', shape.preset,
          '-crf', String(shape.crf), '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', shape.audioBitrate, '-ar', '48000', '-ac', '2',
          '-movflags', '+faststart', out],
      });
      return out;
    });

    const c = await measure('(c) stream copy: -ss + -c copy + concat', tools.ffprobePath, planned, async () => {
      const cdir = path.join(dir, 'c');
      await mkdir(cdir, { recursive: true });
      const parts = clips.map((_, i) => path.join(cdir, `part_${i}.mp4`));
      for (const [i, clip] of clips.entries()) {
        await runFfmpeg(tools.ffmpegPath, {
          args: ['-ss', String(clip.start), '-i', sources[clip.videoIndex]!, '-t', String(clip.end - clip.start), '-map', '0',
            '-c', 'copy', '-avoid_negative_ts', 'make_zero', parts[i]!],
        });
      }
      const list = path.join(cdir, 'list.txt');
      await writeFile(list, concatListContent(parts));
      const out = path.join(dir, 'c.mp4');
      await runFfmpeg(tools.ffmpegPath, { args: ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', out] });
      return out;
    });

    return [a, b, c].map((r) => ({ ...r, wallVsA: r.wallSeconds / a.wallSeconds, memVsA: r.peakFfmpegRssMb / a.peakFfmpegRssMb }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Formats the rows as a fixed-width table. */
export function formatRows(rows: Row[]): string {
  const head = ['mode', 'wall s', 'x (a)', 'peak ffmpeg RSS MB', 'x (a)', 'max HWM MB', 'ffmpeg at once', 'out s / plan s', 'A/V ms'];
  const body = rows.map((r) => [
    r.mode,
    r.wallSeconds.toFixed(1),
    r.wallVsA.toFixed(2),
    r.peakFfmpegRssMb.toFixed(0),
    r.memVsA.toFixed(2),
    r.maxProcessHwmMb.toFixed(0),
    String(r.maxConcurrentFfmpeg),
    `${r.outputSeconds.toFixed(3)} / ${r.plannedSeconds.toFixed(3)}`,
    r.avDriftMs.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchRender();
  console.log(`render bench: ${os.cpus().length} cores, 6 × 3 s clips from 3 × 1080p30 sources, ORIGINAL_QUALITY (CRF 18, preset fast)`);
  console.log(formatRows(rows));
}
