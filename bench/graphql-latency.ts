/**
 * GraphQL latency bench: the real server (real config, services, schema,
 * runner, SQLite, graphql-ws) in this process, with stand-in stages whose
 * compression publishes a progress event every `everyMs`. Measures sequential
 * `batch(id)` queries over HTTP (a) with no subscriptions (the baseline),
 * (b) with N graphql-ws subscriptions to that batch's progress, opened by a
 * child process, in alternating rounds (a, b, a, b, …) pooled per phase, so
 * that drift and one-off pauses weigh on both sides alike; then (c) once more
 * after the last subscriptions closed. All traffic is to 127.0.0.1.
 * Run alone: `npx tsx bench/graphql-latency.ts` (BENCH_SUBSCRIPTIONS,
 * BENCH_QUERIES, BENCH_ROUNDS override 200, 500, 6).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { profile } from './support/cpu-profile.js';
import { progressStages } from './support/progress-stages.js';
import type { SwarmReport } from './support/subscriber-swarm.js';
import { formatTable, quantile, ratioOf, type BenchRow } from './support/table.js';

/** Sizes of the latency bench. */
export interface LatencyOptions {
  /** Open subscriptions in phase (b). Default 200. */
  subscriptions?: number;
  /** Sequential queries per phase and round. Default 500. */
  queries?: number;
  /** Rounds of (a) then (b), pooled. Default 6. */
  rounds?: number;
  /** Interval between progress events of each compressing video, ms. Default 50. */
  everyMs?: number;
}

const BENCH = 'graphql latency';

const CREATE = `mutation ($input: CreateBatchInput!) {
  createBatch(input: $input) { __typename ... on CreateBatchPayload { batch { id } } ... on Error { message } }
}`;

// What a dashboard polls: the batch with its stages and videos.
const BATCH = `query ($id: ID!) {
  batch(id: $id) {
    id status progress currentStage error estimatedCompletionAt updatedAt
    stages { stage status startedAt finishedAt itemsDone itemsTotal message }
    videos { index status durationSeconds width height sizeBytes error compression { profile sizeBytes ratio } }
    clipPlan { version status clips { videoIndex start end } }
    compressionSummary { originalBytes compressedBytes averageRatio tokenSavingsPercent }
  }
}`;

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface Phase {
  latencies: number[];
  seconds: number;
  peakRssMb: number;
  published: number;
}

/** Runs `n` sequential batch(id) queries, sampling this process's RSS meanwhile. */
async function queryPhase(url: string, id: string, n: number, sent: () => number): Promise<Phase> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const before = sent();
  const latencies: number[] = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const q0 = performance.now();
      const data = await post(url, BATCH, { id });
      latencies.push(performance.now() - q0);
      if (!data.batch) throw new Error('batch(id) returned null');
    }
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { latencies, seconds, peakRssMb: peak / 1024 / 1024, published: (sent() - before) / seconds };
}

/** The subscriber child and a way to talk to it. */
interface Swarm {
  child: ChildProcess;
  request<T>(message: { type: string }, reply: string, timeoutMs?: number): Promise<T>;
  ready: Promise<void>;
  close(): Promise<void>;
}

function startSwarm(url: string, batchId: string, count: number): Swarm {
  const script = fileURLToPath(new URL('./support/subscriber-swarm.ts', import.meta.url));
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SWARM_URL: url, SWARM_BATCH: batchId, SWARM_COUNT: String(count) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors: string[] = [];
  child.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'error' && errors.length < 5) errors.push(m.message ?? '');
  });
  const awaitMessage = <T>(type: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', on);
        reject(new Error(`subscriber swarm: no '${type}' within ${timeoutMs} ms${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`));
      }, timeoutMs);
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`subscriber swarm exited before '${type}'${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`));
      });
    });
  return {
    child,
    ready: awaitMessage<void>('ready', 120_000),
    request<T>(message: { type: string }, reply: string, timeoutMs = 30_000) {
      const answer = awaitMessage<T>(reply, timeoutMs);
      child.send(message);
      return answer;
    },
    async close() {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Pools phases: all latencies, summed seconds, the highest peak, the mean publishing rate. */
function pool(phases: Phase[]): Phase {
  const seconds = phases.reduce((t, p) => t + p.seconds, 0);
  return {
    latencies: phases.flatMap((p) => p.latencies),
    seconds,
    peakRssMb: Math.max(...phases.map((p) => p.peakRssMb)),
    published: phases.reduce((t, p) => t + p.published * p.seconds, 0) / seconds,
  };
}

/** One round with subscribers: open them, measure, take the swarm's report, close them. */
async function subscribedPhase(swarm: Swarm, url: string, id: string, queries: number, sent: () => number, round: number) {
  await swarm.request({ type: 'open' }, 'opened', 120_000);
  await swarm.request({ type: 'mark' }, 'marked');
  const phase = await profile(`graphql-latency-b${round}`, () => queryPhase(url, id, queries, sent));
  const report = await swarm.request<SwarmReport>({ type: 'report' }, 'report');
  await swarm.request({ type: 'drop' }, 'dropped', 60_000);
  return { phase, report };
}

/**
 * Starts the server, measures the phases and returns one row per phase (ratios to phase (a)).
 * Long because setup, the alternating rounds and teardown share the server, the swarm and the batch.
 */
export async function benchGraphqlLatency(options: LatencyOptions = {}): Promise<BenchRow[]> {
  const subscriptions = options.subscriptions ?? Number(process.env.BENCH_SUBSCRIPTIONS ?? 200);
  const queries = options.queries ?? Number(process.env.BENCH_QUERIES ?? 500);
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 6);
  const everyMs = options.everyMs ?? 50;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-graphql-'));
  const mediaRoot = path.join(dir, 'media');
  await mkdir(mediaRoot, { recursive: true });
  await writeFile(path.join(mediaRoot, 'a.mp4'), 'not really a video: the stand-in stages never read it');
  // Only what the bench sets: no keys from the caller's environment, offline analyzer, quiet logs.
  const config = loadConfig({
    HOST: '127.0.0.1', PORT: '0', DATA_DIR: path.join(dir, 'data'), MEDIA_ROOTS: mediaRoot,
    WORKER_THREADS: '1', ANALYZER: 'offline', ASR_PROVIDER: 'none', LOG_LEVEL: 'silent', RETRY_BASE_DELAY_MS: '10',
  });
  const { stages, control } = progressStages({ everyMs });
  const services = { ...(await createServices(config, { log: pino({ level: 'silent' }) })), stages };
  const app = buildApp(services);
  let swarm: Swarm | null = null;
  try {
    const { url } = await app.start();
    const created = await post(url, CREATE, { input: { sources: [{ type: 'LOCAL', path: 'a.mp4' }], autoApprove: true } });
    const id: string | undefined = created.createBatch.batch?.id;
    if (!id) throw new Error(`createBatch failed: ${JSON.stringify(created.createBatch)}`);
    await control.streaming;
    swarm = startSwarm(url, id, subscriptions);
    await swarm.ready;

    // Warm-up: JIT, SQLite page cache, yoga's parse/validate caches (a short one left phase (a) slower than (c)).
    await queryPhase(url, id, Math.min(300, queries), control.sent);
    const as: Phase[] = [];
    const bs: Phase[] = [];
    const reports: SwarmReport[] = [];
    for (let r = 1; r <= rounds; r++) {
      as.push(await profile(`graphql-latency-a${r}`, () => queryPhase(url, id, queries, control.sent)));
      const { phase, report } = await subscribedPhase(swarm, url, id, queries, control.sent, r);
      bs.push(phase);
      reports.push(report);
    }
    await swarm.close();
    swarm = null;
    const c = await queryPhase(url, id, queries, control.sent);

    // Let the batch finish so the server stops cleanly with nothing in flight.
    control.finish();
    const uuid = Buffer.from(id, 'base64').toString('utf8').replace(/^Batch:/, '');
    await app.runner.idle(uuid);
    return latencyRows({ a: pool(as), b: pool(bs), c, perRound: as.map((a, i) => [a, bs[i]!] as const), reports, subscriptions, queries, rounds });
  } finally {
    await swarm?.close();
    control.finish();
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The three rows: pooled (a), pooled (b) with the per-round p99 ratios and what the subscribers saw, and (c). */
function latencyRows(m: {
  a: Phase; b: Phase; c: Phase; perRound: ReadonlyArray<readonly [Phase, Phase]>; reports: SwarmReport[]; subscriptions: number; queries: number; rounds: number;
}): BenchRow[] {
  const { a, b, c } = m;
  const p99 = (p: Phase) => quantile(p.latencies, 0.99);
  const row = (variant: string, p: Phase, ratio: string, note: string): BenchRow => ({
    bench: BENCH,
    variant,
    wallSeconds: p.seconds,
    p50Ms: quantile(p.latencies, 0.5),
    p99Ms: p99(p),
    peakMb: p.peakRssMb,
    ratio,
    note: `max ${Math.max(...p.latencies).toFixed(1)} ms; ${note}`,
  });
  const vs = (p: Phase) => `p50 ${ratioOf(quantile(p.latencies, 0.5), quantile(a.latencies, 0.5))}, p99 ${ratioOf(p99(p), p99(a))}`;
  const events = m.reports.reduce((t, r) => t + r.events, 0);
  const seconds = m.reports.reduce((t, r) => t + r.seconds, 0);
  const lags = m.reports.flatMap((r) => r.lagsMs);
  // The swarm counts errors since it started: the last report holds them all.
  const errors = m.reports.at(-1)?.errors ?? 0;
  const swarmCpu = m.reports.reduce((t, r) => t + r.cpuSeconds, 0) / seconds;
  const rounds = m.rounds > 1 ? ` in ${m.rounds} rounds` : '';
  return [
    row(`(a) ${m.queries} batch queries${rounds}, no subscriptions`, a, 'baseline', `batch publishing ${a.published.toFixed(0)} events/s`),
    row(
      `(b) same, ${m.subscriptions} graphql-ws subscriptions`,
      b,
      vs(b),
      (m.rounds > 1 ? `p99 ratio per round ${m.perRound.map(([ra, rb]) => ratioOf(p99(rb), p99(ra))).join(', ')}; ` : '') +
        `subscribers got ${(events / seconds).toFixed(0)} events/s of ${(m.subscriptions * b.published).toFixed(0)} sent ` +
        `(${m.subscriptions} x ${b.published.toFixed(0)}/s); event lag p50 ${quantile(lags, 0.5).toFixed(0)} ms, p99 ${quantile(lags, 0.99).toFixed(0)} ms; ` +
        `the subscriber process used ${(100 * swarmCpu).toFixed(0)} % of a core` +
        (errors ? `; ${errors} subscription errors` : ''),
    ),
    row(`(c) ${m.queries} batch queries after the subscriptions closed`, c, vs(c), `batch publishing ${c.published.toFixed(0)} events/s`),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`graphql latency bench: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(formatTable(await benchGraphqlLatency()));
}
