/**
 * Compression benchmark: the same BALANCED encodes of generated 1080p sources
 * (a) through the media pool (2 threads), (b) directly one after another
 * (the baseline), (c) directly all at once. Measures wall time and the peak
 * resident memory of this process plus its ffmpeg children, sampled from /proc.
 * Run alone: `npx tsx bench/compression.ts` (BENCH_SOURCES, BENCH_SECONDS, BENCH_REPEAT override the defaults 4, 10, 1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PROFILES } from '../src/media/profiles.js';
import { buildCompressArgs } from '../src/workers/ffmpeg/compress-args.js';
import { probeMedia } from '../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import { runFfmpeg } from '../src/workers/ffmpeg/run.js';
import type { FfmpegRequest } from '../src/workers/media-pool.js';
import { createMediaPool } from '../src/workers/pool.js';

const exec = promisify(execFile);

/** One measured way of running the encodes. */
export interface Row {
  mode: string;
  wallSeconds: number;
  /** Peak of (this process + all descendants) RSS, MB. */
  peakTreeRssMb: number;
  /** Peak of the ffmpeg children's summed RSS, MB. */
  peakFfmpegRssMb: number;
  /** Most ffmpeg processes seen at once. */
  maxConcurrentFfmpeg: number;
  wallVsBaseline: number;
  rssVsBaseline: number;
}

/** RSS in kB of a pid, from /proc/<pid>/status; 0 when it is gone. */
async function rssKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Descendant pids of `root` with their command names. */
async function descendants(root: number): Promise<Array<{ pid: number; comm: string }>> {
  const parent = new Map<number, { ppid: number; comm: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      parent.set(Number(entry), { ppid, comm });
    } catch {
      // Gone while we looked.
    }
  }
  const out: Array<{ pid: number; comm: string }> = [];
  for (const [pid, info] of parent) {
    for (let p = info.ppid, hops = 0; p > 1 && hops < 16; p = parent.get(p)?.ppid ?? 0, hops++) {
      if (p === root) {
        out.push({ pid, comm: info.comm });
        break;
      }
    }
  }
  return out;
}

/** Samples the process tree's memory every `everyMs` until stopped. */
function sampleMemory(everyMs = 100): { stop(): Promise<{ tree: number; ffmpeg: number; maxFfmpeg: number }> } {
  let tree = 0;
  let ffmpeg = 0;
  let maxFfmpeg = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const kids = await descendants(process.pid);
      const ff = kids.filter((k) => k.comm.startsWith('ffmpeg'));
      const ffKb = (await Promise.all(ff.map((k) => rssKb(k.pid)))).reduce((a, b) => a + b, 0);
      const otherKb = (await Promise.all(kids.filter((k) => !ff.includes(k)).map((k) => rssKb(k.pid)))).reduce((a, b) => a + b, 0);
      const selfKb = await rssKb(process.pid);
      tree = Math.max(tree, selfKb + ffKb + otherKb);
      ffmpeg = Math.max(ffmpeg, ffKb);
      maxFfmpeg = Math.max(maxFfmpeg, ff.length);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { tree: tree / 1024, ffmpeg: ffmpeg / 1024, maxFfmpeg };
    },
  };
}

async function measure(mode: string, work: () => Promise<unknown>): Promise<Omit<Row, 'wallVsBaseline' | 'rssVsBaseline'>> {
  const sampler = sampleMemory();
  const t0 = performance.now();
  await work();
  const wallSeconds = (performance.now() - t0) / 1000;
  const mem = await sampler.stop();
  return { mode, wallSeconds, peakTreeRssMb: mem.tree, peakFfmpegRssMb: mem.ffmpeg, maxConcurrentFfmpeg: mem.maxFfmpeg };
}

/** Generates the sources, runs the three modes and returns one row per mode (baseline: sequential). */
export async function benchCompression(options: { sources?: number; seconds?: number; repeat?: number } = {}): Promise<Row[]> {
  const count = options.sources ?? Number(process.env.BENCH_SOURCES ?? 4);
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const repeat = Math.max(1, options.repeat ?? Number(process.env.BENCH_REPEAT ?? 1));
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-compression-'));
  try {
    const sources: string[] = [];
    for (let i = 0; i < count; i++) {
      const file = path.join(dir, `src${i}.mp4`);
      // Different test patterns per source so no encode is a copy of another.
      await exec(tools.ffmpegPath, [
        '-hide_banner', '-nostdin', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=${300 + 110 * i}:sample_rate=48000:duration=${seconds}`,
        '-vf', `hue=h=${i * 40}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-b:a', '128k', file,
      ]);
      sources.push(file);
    }
    const probes = await Promise.all(sources.map((s) => probeMedia(tools.ffprobePath, s)));
    const requests = (tag: string): FfmpegRequest[] =>
      sources.map((input, i) => ({
        args: buildCompressArgs({ input, output: path.join(dir, `${tag}_${i}.mp4`), profile: PROFILES.BALANCED, probe: probes[i]! }),
        inputDurationSeconds: probes[i]!.durationSeconds,
        group: `batch-${i % 2}`,
      }));

    const modes: Array<[string, (round: number) => Promise<unknown>]> = [
      ['(a) media pool, 2 threads', async (round) => {
        // Pool start-up and shutdown are part of the cost.
        const pool = createMediaPool({ size: 2, ffmpegPath: tools.ffmpegPath });
        try {
          await Promise.all(requests(`pool${round}`).map((r) => pool.ffmpeg(r)));
        } finally {
          await pool.close();
        }
      }],
      ['(b) direct, one after another', async (round) => {
        for (const r of requests(`seq${round}`)) await runFfmpeg(tools.ffmpegPath, r);
      }],
      [`(c) direct, all ${count} at once`, async (round) => {
        await Promise.all(requests(`par${round}`).map((r) => runFfmpeg(tools.ffmpegPath, r)));
      }],
    ];
    // The machine is shared: rotate the order each round and keep the median wall time and the highest memory peak.
    const samples = modes.map(() => [] as Array<Awaited<ReturnType<typeof measure>>>);
    for (let round = 0; round < repeat; round++) {
      for (let k = 0; k < modes.length; k++) {
        const m = (k + round) % modes.length;
        const [name, work] = modes[m]!;
        samples[m]!.push(await measure(name, () => work(round)));
      }
    }
    const merged = samples.map((runs) => ({
      mode: runs[0]!.mode,
      wallSeconds: median(runs.map((r) => r.wallSeconds)),
      peakTreeRssMb: Math.max(...runs.map((r) => r.peakTreeRssMb)),
      peakFfmpegRssMb: Math.max(...runs.map((r) => r.peakFfmpegRssMb)),
      maxConcurrentFfmpeg: Math.max(...runs.map((r) => r.maxConcurrentFfmpeg)),
    }));
    const base = merged[1]!;
    return merged.map((r) => ({
      ...r,
      wallVsBaseline: r.wallSeconds / base.wallSeconds,
      rssVsBaseline: r.peakTreeRssMb / base.peakTreeRssMb,
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Formats the rows as a fixed-width table. */
export function formatRows(rows: Row[]): string {
  const head = ['mode', 'wall s', 'x base', 'peak tree RSS MB', 'x base', 'peak ffmpeg RSS MB', 'max ffmpeg'];
  const body = rows.map((r) => [
    r.mode,
    r.wallSeconds.toFixed(1),
    r.wallVsBaseline.toFixed(2),
    r.peakTreeRssMb.toFixed(0),
    r.rssVsBaseline.toFixed(2),
    r.peakFfmpegRssMb.toFixed(0),
    String(r.maxConcurrentFfmpeg),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchCompression();
  console.log(`compression bench: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, BALANCED profile, 1080p30 sources with audio`);
  console.log(formatRows(rows));
}
