/**
 * What the end-to-end files share: temp dirs and server processes that are
 * always cleaned up, clips made with ffmpeg, probes, the GraphQL documents a
 * client would write, and a look at /proc for ffmpeg left behind.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from 'graphql-ws';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { BATCH_STATUSES, STAGES as ALL_STAGES } from '../../src/domain/statuses.js';

const run = promisify(execFile);
/** ffmpeg and ffprobe as the tests run them. */
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

/** Settings every e2e server gets: offline analyzer, two ffmpeg threads, quick retries. */
export const E2E_ENV: Record<string, string> = {
  ANALYZER: 'offline',
  WORKER_THREADS: '2',
  RETRY_BASE_DELAY_MS: '50',
  LOG_LEVEL: 'info',
};

/** Temp dirs and servers of one test file, all removed by cleanup(). */
export interface Harness {
  /** A fresh dir with `media/` (the media root) and `data/` (DATA_DIR) inside. */
  workspace(prefix: string): { root: string; media: string; data: string };
  /** Starts a server on that workspace; extra env on top of E2E_ENV. */
  start(ws: { media: string; data: string }, env?: Record<string, string>): Promise<ServerProcess>;
  /** Stops every server, kills ffmpeg still working in the workspaces, removes the dirs. */
  cleanup(): Promise<void>;
  /** The last lines of every server started so far, for a failed test's report. */
  logs(): string;
}

/** Creates a harness; call cleanup() in afterAll. */
export function createHarness(): Harness {
  const servers: ServerProcess[] = [];
  const roots: string[] = [];
  return {
    workspace(prefix) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `autoclip-e2e-${prefix}-`));
      roots.push(root);
      const media = path.join(root, 'media');
      const data = path.join(root, 'data');
      fs.mkdirSync(media, { recursive: true });
      return { root, media, data };
    },
    async start(ws, env = {}) {
      const server = await startServer({ dataDir: ws.data, env: { ...E2E_ENV, MEDIA_ROOTS: ws.media, ...env } });
      servers.push(server);
      return server;
    },
    logs() {
      return servers.map((s, i) => `--- server ${i} (pid ${s.pid}) ---\n${s.output()}`).join('\n');
    },
    async cleanup() {
      await Promise.allSettled(servers.map((s) => s.stop()));
      for (const root of roots) {
        for (const p of ffmpegProcessesUsing(root)) {
          try {
            process.kill(p.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Makes a test clip: testsrc2 (+ a sine tone unless audio is false), H.264 ultrafast. */
export async function makeClip(
  file: string,
  opts: { width: number; height: number; seconds: number; audio?: boolean; rate?: number },
): Promise<string> {
  const rate = opts.rate ?? 30;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=${rate}`];
  if (opts.audio !== false) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(opts.seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (opts.audio !== false) args.push('-c:a', 'aac', '-b:a', '64k');
  args.push(file);
  await run(FFMPEG, args);
  return file;
}

/** Makes a tiny but long video (16×16 at 1 fps): over the 600 s limit at a few kB. */
export async function makeLongTinyClip(file: string, seconds: number): Promise<string> {
  await run(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=size=16x16:rate=1', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
  return file;
}

/** What ffprobe says about a file. */
export interface Probe {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

/** Probes a file with ffprobe. */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  const info = JSON.parse(stdout) as {
    format: { duration: string };
    streams: { codec_type: string; codec_name: string; width?: number; height?: number; sample_rate?: string; channels?: number }[];
  };
  const v = info.streams.find((s) => s.codec_type === 'video');
  const a = info.streams.find((s) => s.codec_type === 'audio');
  return {
    durationSeconds: Number(info.format.duration),
    width: v?.width ?? 0,
    height: v?.height ?? 0,
    videoCodec: v?.codec_name ?? '',
    audio: a ? { codec: a.codec_name, sampleRate: Number(a.sample_rate), channels: a.channels ?? 0 } : null,
  };
}

/** Downloads a URL to a file (no extra headers: signed links must work on their own). */
export async function download(url: string, file: string): Promise<{ status: number; bytes: number }> {
  const res = await fetch(url);
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.ok) fs.writeFileSync(file, buf);
  return { status: res.status, bytes: buf.length };
}

/** ffmpeg processes whose command line mentions `dir` (read from /proc, so zombies and others' processes don't count). */
export function ffmpegProcessesUsing(dir: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (argv.length === 0 || !path.basename(argv[0]!).includes('ffmpeg')) continue;
    const cmdline = argv.join(' ');
    if (cmdline.includes(dir)) out.push({ pid: Number(name), cmdline });
  }
  return out;
}

/**
 * Polls `check` until it returns a truthy value: for state only visible by
 * asking (webhook attempts recorded in the database). Fails with the last value.
 */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await check();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Follows a subscription until `until` says stop; unlike collect(), errors
 * after that point (a killed server closing the socket) are ignored.
 */
export function follow<T = any>(client: Client, query: string, variables: Record<string, unknown>, until: (v: T, all: T[]) => boolean | Promise<boolean>): Promise<T[]> {
  const values: T[] = [];
  let done = false;
  return new Promise((resolve, reject) => {
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          if (done) return;
          if (v.errors) {
            done = true;
            return reject(new Error(JSON.stringify(v.errors)));
          }
          values.push(v.data as T);
          void Promise.resolve(until(v.data as T, values)).then(
            (stop) => {
              if (!stop || done) return;
              done = true;
              dispose();
              resolve(values);
            },
            (err) => {
              done = true;
              reject(err);
            },
          );
        },
        error: (err) => {
          if (done) return;
          done = true;
          reject(err instanceof Error ? err : new Error(`subscription error: ${JSON.stringify(err)}`));
        },
        complete: () => {
          if (done) return;
          done = true;
          resolve(values);
        },
      },
    );
  });
}

/** Rejects with a message naming `what` when the promise has not settled within `ms` (a deadline, not a sleep). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** createBatch, returning the union with the members a client acts on. */
export const CREATE = /* GraphQL */ `
  mutation ($input: CreateBatchInput!) {
    createBatch(input: $input) {
      __typename
      ... on CreateBatchPayload { batch { id status } }
      ... on ValidationError { message field sourceIndex }
    }
  }
`;

/** batchProgress with every field. */
export const PROGRESS = /* GraphQL */ `
  subscription ($id: ID!) {
    batchProgress(batchId: $id) { batchId status stage progress videoIndex itemsDone itemsTotal message at }
  }
`;

/** The batch as a client would show it after a run. */
export const BATCH = /* GraphQL */ `
  query ($id: ID!) {
    batch(id: $id) {
      id status progress currentStage error completedAt
      stages { stage status itemsDone itemsTotal message }
      videos {
        index sourceType status error durationSeconds width height fps sizeBytes hasAudio
        compression { profile width height sizeBytes ratio }
      }
      clipPlan { version status origin theme totalDurationSeconds clips { videoIndex start end reason } }
      clipPlanVersions { version status origin }
      renders { planVersion status url durationSeconds }
      finalVideo { url durationSeconds sizeBytes width height planVersion }
      compressionSummary { originalBytes compressedBytes averageRatio originalTokens compressedTokens tokenSavingsPercent }
      webhookDeliveries { id event status attemptCount url attempts { statusCode error } }
    }
  }
`;

/** The stages in pipeline order. */
export const STAGES = ALL_STAGES;

/** The batch statuses in the order a batch passes them (the two early ends left out). */
export const STATUS_ORDER = BATCH_STATUSES.filter((s) => s !== 'FAILED' && s !== 'CANCELLED');

/** The raw UUID inside a Relay global ID (base64 of `Batch:<uuid>`). */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}
