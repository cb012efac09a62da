/**
 * `npm run bench`: runs the four benches in sequence (compression, render,
 * GraphQL latency, server memory), each against a baseline measured in the
 * same run, prints one table and writes it with the machine's description to
 * bench/out/latest.md.
 * BENCH_QUICK=1 makes every part small (a smoke run of a minute or two; its numbers mean little).
 * BENCH_ONLY=compression,render,smart-render,fused-signals,graphql,memory runs a subset.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveMediaTools } from '../src/workers/ffmpeg/resolve.js';
import { benchCompression } from './compression.js';
import { benchGraphqlLatency } from './graphql-latency.js';
import { benchRender } from './render.js';
import { benchServerMemory } from './server-memory.js';
import { benchSmartRender } from './smart-render.js';
import { benchFusedSignals } from './fused-signals.js';
import { describeMachine } from './support/machine.js';
import { formatTable, markdownTable, type BenchRow } from './support/table.js';

const quick = process.env.BENCH_QUICK === '1';

/** The compression bench's rows in the common shape (baseline: direct, one after another). */
async function compression(): Promise<BenchRow[]> {
  // Three rounds in rotated order by default: the machine is shared and one round is at the mercy of the neighbours.
  const rows = await benchCompression(quick ? { sources: 2, seconds: 3, repeat: 1 } : { repeat: Number(process.env.BENCH_REPEAT ?? 3) });
  return rows.map((r) => ({
    bench: 'compression',
    variant: r.mode,
    wallSeconds: r.wallSeconds,
    peakMb: r.peakTreeRssMb,
    ratio: r.mode.startsWith('(b)') ? 'baseline' : `wall ${r.wallVsBaseline.toFixed(2)}, mem ${r.rssVsBaseline.toFixed(2)}`,
    note: `peak MB = bench process + ffmpeg; ffmpeg alone ${r.peakFfmpegRssMb.toFixed(0)} MB, <= ${r.maxConcurrentFfmpeg} at once`,
  }));
}

/** The render bench's rows in the common shape (baseline: autoclip's own way, row (a)). */
async function render(): Promise<BenchRow[]> {
  const rows = await benchRender(quick ? { seconds: 12 } : {});
  return rows.map((r) => ({
    bench: 'render',
    variant: r.mode,
    wallSeconds: r.wallSeconds,
    peakMb: r.peakFfmpegRssMb,
    ratio: r.mode.startsWith('(a)') ? 'baseline' : `wall ${r.wallVsA.toFixed(2)}, mem ${r.memVsA.toFixed(2)}`,
    note:
      `peak MB = ffmpeg children; output ${r.outputSeconds.toFixed(3)} s for ${r.plannedSeconds.toFixed(3)} s planned, ` +
      `A/V drift ${r.avDriftMs.toFixed(0)} ms, <= ${r.maxConcurrentFfmpeg} ffmpeg at once`,
  }));
}

async function graphql(): Promise<BenchRow[]> {
  return benchGraphqlLatency(quick ? { subscriptions: 20, queries: 50, rounds: 2 } : {});
}

async function memory(): Promise<BenchRow[]> {
  return benchServerMemory(quick ? { sources: 2, seconds: 3 } : {});
}

const PARTS: Array<[string, () => Promise<BenchRow[]>]> = [
  ['compression', compression],
  ['render', render],
  ['smart-render', () => benchSmartRender({ quick })],
  ['fused-signals', () => benchFusedSignals({ quick })],
  ['graphql', graphql],
  ['memory', memory],
];

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const tools = await resolveMediaTools({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: process.env.FFPROBE_PATH ?? null });
  const machine = await describeMachine(tools.ffmpegPath);
  const rows: BenchRow[] = [];
  const log: string[] = [];
  const started = performance.now();
  for (const [name, part] of PARTS) {
    if (only.length && !only.includes(name)) continue;
    const load = os.loadavg()[0]!.toFixed(2);
    // Progress goes to stderr so stdout holds only the table.
    process.stderr.write(`bench: ${name} (load ${load})...\n`);
    const t0 = performance.now();
    try {
      rows.push(...(await part()));
      log.push(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s, load average ${load} at its start`);
    } catch (err) {
      // One broken part should not hide the others' numbers.
      const message = err instanceof Error ? err.message : String(err);
      rows.push({ bench: name, variant: 'FAILED', note: message.slice(0, 200) });
      log.push(`${name}: FAILED after ${((performance.now() - t0) / 1000).toFixed(0)} s: ${message}`);
      process.exitCode = 1;
    }
  }
  log.push(`total ${((performance.now() - started) / 1000).toFixed(0)} s; load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);

  console.log(formatTable(rows));
  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
  await mkdir(outDir, { recursive: true });
  const md = [
    `# autoclip bench run ${new Date().toISOString()}${quick ? ' (BENCH_QUICK=1)' : ''}`,
    '',
    ...machine.map((l) => `- ${l}`),
    ...log.map((l) => `- ${l}`),
    '',
    markdownTable(rows),
    '',
  ].join('\n');
  await writeFile(path.join(outDir, 'latest.md'), md);
  process.stderr.write(`bench: table written to ${path.relative(process.cwd(), path.join(outDir, 'latest.md'))}\n`);
}

await main();
