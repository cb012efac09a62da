/**
 * Server memory bench: the real server as a child process (`node --import tsx
 * src/main.ts`, or `node dist/src/main.js` with BENCH_SERVER_DIST=1 after
 * `npm run build`) with its own DATA_DIR and media root, WORKER_THREADS=2 and
 * the offline analyzer. Runs a whole autoApprove batch of one generated 1080p
 * source (the baseline), then, each on a fresh server, batches of two and ten, and samples
 * /proc meanwhile: the server's VmRSS and VmHWM, and the summed RSS of its
 * ffmpeg/ffprobe children. A fresh server per batch makes VmHWM that batch's exact peak.
 * Run alone: `npx tsx bench/server-memory.ts` (BENCH_MEMORY_SOURCES, BENCH_MEMORY_SECONDS override 10, 8).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import { childrenOf, procStatus } from './support/proc.js';
import { formatTable, ratioOf, type BenchRow } from './support/table.js';

const exec = promisify(execFile);
const BENCH = 'server memory';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Sizes of the memory bench. */
export interface MemoryOptions {
  /** Sources in the large batch. Default 10. */
  sources?: number;
  /** Length of each generated 1080p source, s. Default 8. */
  seconds?: number;
  /** Give up on a batch after this long, ms. Default 20 min. */
  timeoutMs?: number;
}

/** What one batch run measured. */
interface Run {
  sources: number;
  wallSeconds: number;
  idleRssMb: number;
  serverHwmMb: number;
  peakServerRssMb: number;
  peakMediaRssMb: number;
  peakTotalMb: number;
  maxFfmpeg: number;
  maxFfprobe: number;
  status: string;
  outputSeconds: number | null;
  stageSeconds: Record<string, number>;
  error: string | null;
}

/** A running server child. */
interface ServerChild {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startServer(dir: string, mediaRoot: string): Promise<ServerChild> {
  const dist = process.env.BENCH_SERVER_DIST === '1';
  const args = dist ? [path.join(ROOT, 'dist/src/main.js')] : ['--import', 'tsx', path.join(ROOT, 'src/main.ts')];
  // A clean environment: no model keys or OSS settings from the caller, so the run is offline and local.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    MEDIA_ROOTS: mediaRoot,
    WORKER_THREADS: '2',
    ANALYZER: 'offline',
    ASR_PROVIDER: 'none',
    LOG_LEVEL: 'warn',
    ...(process.env.FFMPEG_PATH ? { FFMPEG_PATH: process.env.FFMPEG_PATH } : {}),
    ...(process.env.FFPROBE_PATH ? { FFPROBE_PATH: process.env.FFPROBE_PATH } : {}),
  };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
  });
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Samples the server and its media children every `everyMs` until stopped. */
function sampleServer(pid: number, everyMs = 200) {
  const peak = { server: 0, media: 0, total: 0, ffmpeg: 0, ffprobe: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const server = await procStatus(pid);
      if (!server) break;
      const media = (await childrenOf(pid)).filter((c) => c.name.startsWith('ffmpeg') || c.name.startsWith('ffprobe'));
      const mediaKb = media.reduce((s, c) => s + c.rssKb, 0);
      peak.server = Math.max(peak.server, server.rssKb);
      peak.media = Math.max(peak.media, mediaKb);
      peak.total = Math.max(peak.total, server.rssKb + mediaKb);
      peak.ffmpeg = Math.max(peak.ffmpeg, media.filter((c) => c.name.startsWith('ffmpeg')).length);
      peak.ffprobe = Math.max(peak.ffprobe, media.filter((c) => c.name.startsWith('ffprobe')).length);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** Runs one batch of `count` sources on a fresh server and measures it. */
async function runBatch(dir: string, mediaRoot: string, count: number, timeoutMs: number): Promise<Run> {
  const server = await startServer(path.join(dir, `server-${count}`), mediaRoot);
  try {
    const pid = server.child.pid!;
    await post(server.url, '{ health { __typename } }');
    const idle = (await procStatus(pid))!;
    const sampler = sampleServer(pid);
    const t0 = performance.now();
    const created = await post(
      server.url,
      `mutation ($input: CreateBatchInput!) { createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on Error { message } } }`,
      { input: { sources: Array.from({ length: count }, (_, i) => ({ type: 'LOCAL', path: `src${i}.mp4` })), autoApprove: true } },
    );
    const id: string | undefined = created.createBatch.batch?.id;
    if (!id) throw new Error(`createBatch failed: ${JSON.stringify(created.createBatch)}`);
    let batch: any;
    for (;;) {
      batch = (await post(server.url, `query ($id: ID!) { batch(id: $id) { status error finalVideo { durationSeconds } stages { stage durationSeconds } } }`, { id })).batch;
      if (TERMINAL.has(batch.status)) break;
      if (performance.now() - t0 > timeoutMs) {
        await post(server.url, 'mutation ($id: ID!) { cancelBatch(id: $id) { __typename } }', { id });
        throw new Error(`batch of ${count} still ${batch.status} after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const peak = await sampler.stop();
    const final = (await procStatus(pid))!;
    const stageSeconds: Record<string, number> = {};
    for (const s of batch.stages as Array<{ stage: string; durationSeconds: number | null }>) {
      if (s.durationSeconds) stageSeconds[s.stage] = s.durationSeconds;
    }
    const mb = (kb: number) => kb / 1024;
    return {
      sources: count,
      wallSeconds,
      idleRssMb: mb(idle.rssKb),
      serverHwmMb: mb(final.hwmKb),
      peakServerRssMb: mb(peak.server),
      peakMediaRssMb: mb(peak.media),
      // The sampled total can miss a server peak between samples; the server's own high-water mark cannot.
      peakTotalMb: mb(Math.max(peak.total, final.hwmKb)),
      maxFfmpeg: peak.ffmpeg,
      maxFfprobe: peak.ffprobe,
      status: batch.status,
      outputSeconds: batch.finalVideo?.durationSeconds ?? null,
      stageSeconds,
      error: batch.error ?? null,
    };
  } finally {
    await server.stop();
  }
}

/** Generates the sources, runs batches of 1, 2 and `sources` videos, returns a row each (ratios to the batch of one). */
export async function benchServerMemory(options: MemoryOptions = {}): Promise<BenchRow[]> {
  const count = options.sources ?? Number(process.env.BENCH_MEMORY_SOURCES ?? 10);
  const seconds = options.seconds ?? Number(process.env.BENCH_MEMORY_SECONDS ?? 8);
  const timeoutMs = options.timeoutMs ?? 20 * 60_000;
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-memory-'));
  try {
    const mediaRoot = path.join(dir, 'media');
    await mkdir(mediaRoot, { recursive: true });
    const first = path.join(mediaRoot, 'src0.mp4');
    await exec(tools.ffmpegPath, [
      '-hide_banner', '-nostdin', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-g', '60', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k', first,
    ]);
    // Copies, not new encodes: the server does the same work per file either way, and generating ten takes long.
    for (let i = 1; i < count; i++) await copyFile(first, path.join(mediaRoot, `src${i}.mp4`));

    // 1 is the baseline; 2 already fills a pool of two; `count` shows what more sources add beyond that.
    const counts = [...new Set([1, 2, count])].filter((n) => n <= count);
    const runs: Run[] = [];
    for (const n of counts) runs.push(await runBatch(dir, mediaRoot, n, timeoutMs));

    const stages = (r: Run) =>
      ['COMPRESSION', 'VL_ANALYSIS', 'RENDERING']
        .filter((s) => r.stageSeconds[s] !== undefined)
        .map((s) => `${s.toLowerCase()} ${r.stageSeconds[s]!.toFixed(0)} s`)
        .join(', ');
    const note = (r: Run) =>
      `${r.status}${r.error ? ` (${r.error.slice(0, 80)})` : ''}; server+ffmpeg peak ${r.peakTotalMb.toFixed(0)} MB, ` +
      `ffmpeg+ffprobe peak ${r.peakMediaRssMb.toFixed(0)} MB (<= ${r.maxFfmpeg} ffmpeg, <= ${r.maxFfprobe} ffprobe at once); idle server ${r.idleRssMb.toFixed(0)} MB; ` +
      `output ${r.outputSeconds?.toFixed(1) ?? '-'} s; ${stages(r)}`;
    const label = (n: number) => `${n} x 1080p30 ${seconds} s source${n === 1 ? '' : 's'}, autoApprove, to COMPLETED`;
    const base = runs[0]!;
    return runs.map((r, i) => ({
      bench: BENCH,
      variant: `(${String.fromCharCode(97 + i)}) ${label(r.sources)}`,
      wallSeconds: r.wallSeconds,
      peakMb: r.serverHwmMb,
      ratio:
        i === 0
          ? 'baseline'
          : `server ${ratioOf(r.serverHwmMb, base.serverHwmMb)}, total ${ratioOf(r.peakTotalMb, base.peakTotalMb)}, wall ${ratioOf(r.wallSeconds, base.wallSeconds)}`,
      note: note(r),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`server memory bench: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, WORKER_THREADS=2, offline analyzer`);
  console.log(formatTable(await benchServerMemory()));
}
