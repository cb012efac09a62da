/**
 * The one place that spawns ffmpeg: adds the progress flags, follows progress,
 * keeps the end of stderr for errors, and stops the process on abort without
 * leaving it orphaned or its partial output behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { AbortError, FfmpegError } from '../../domain/errors.js';
import type { FfmpegProgress, FfmpegRequest, FfmpegResult } from '../media-pool.js';
import { confirmLocalInput } from './confirm-input.js';
import { ProgressParser } from './progress.js';

/** How much of stderr an error message keeps. */
export const STDERR_TAIL_BYTES = 4096;
/** Upper bound on a captured stderr, so a chatty filter cannot exhaust memory. */
const STDERR_CAPTURE_MAX = 64 * 1024 * 1024;
/** How long ffmpeg gets to exit after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 3000;

/** Options that go before everything else: quiet banner, no stdin, machine-readable progress on stdout. */
export const RUNNER_GLOBAL_ARGS = ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats'] as const;

/** How a caller follows and stops one run. */
export interface FfmpegControl {
  signal?: AbortSignal;
  onProgress?(progress: FfmpegProgress): void;
  /** Called with the child's pid once it started (lets a supervisor kill it as a last resort). */
  onSpawn?(pid: number): void;
  /** Kill ffmpeg when it writes nothing (no progress, no log) for this long (FFMPEG_STALL_SECONDS). */
  stallMs?: number;
}

/** Room an encode needs beyond its expected output, so a nearly full disk fails before it starts. */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;

/** Wall-clock ceiling of one run: 5 minutes plus 30 s per second of input; none when the input's length is unknown. */
export function ceilingMs(inputDurationSeconds: number | undefined): number | null {
  return inputDurationSeconds && inputDurationSeconds > 0 ? 300_000 + inputDurationSeconds * 30_000 : null;
}

/** The output file of an argv (its last argument), or null for pipes and null outputs. */
function outputOf(args: readonly string[]): string | null {
  const last = args.at(-1);
  if (!last || last.startsWith('-') || /^[a-z]+:/i.test(last) || args.at(-2) === '-f') return null;
  return last;
}

/**
 * Fails before spawning when an output's file system lacks the room the encode needs.
 * The outputs are the declared ones (files.outputs, files.outputDirs) and the argv's
 * last argument, so an encode with side outputs (a signal log) is checked too.
 */
async function checkFreeSpace(request: FfmpegRequest): Promise<void> {
  const outs = [...(request.files?.outputs ?? []), ...(request.files?.outputDirs ?? []).map((d) => path.join(d, 'any')), outputOf(request.args)];
  const dirs = [...new Set(outs.filter((o): o is string => !!o).map((o) => path.dirname(path.resolve(o))))];
  for (const dir of dirs) await checkDirFree(dir, request.expectedOutputBytes ?? 0);
}

async function checkDirFree(dir: string, expectedBytes: number): Promise<void> {
  const fsInfo = await statfs(dir).catch(() => null);
  if (!fsInfo) return;
  const free = fsInfo.bavail * fsInfo.bsize;
  const need = expectedBytes + MIN_FREE_BYTES;
  if (free < need) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new FfmpegError(`no space left on device: ${mb(free)} free in ${dir}, the encode needs about ${mb(need)}`, null, '');
  }
}

// Children of this process, so a closing worker can still kill what it started.
const live = new Set<ChildProcess>();

/** Sends SIGKILL to every ffmpeg this process started that still runs (last resort when a queue worker closes). */
export function killAllFfmpeg(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** The full argv the runner passes to ffmpeg for a request (exported for tests). */
export function runnerArgs(request: FfmpegRequest): string[] {
  return [...RUNNER_GLOBAL_ARGS, ...request.args];
}

/**
 * Runs ffmpeg to completion; rejects with FfmpegError (exit code, stderr tail) or AbortError.
 * Long because spawn, progress, the watchdogs and cancellation share the child process and must settle once.
 */
export async function runFfmpeg(
  ffmpegPath: string,
  request: FfmpegRequest,
  control: FfmpegControl = {},
): Promise<FfmpegResult> {
  const { signal, onProgress } = control;
  if (signal?.aborted) {
    await removeAll(request.cleanupPaths);
    throw new AbortError();
  }
  await checkFreeSpace(request);
  for (const input of request.localInputs ?? []) await confirmLocalInput(input);

  const child = spawn(ffmpegPath, runnerArgs(request), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (child.pid !== undefined) control.onSpawn?.(child.pid);

  const parser = new ProgressParser(request.inputDurationSeconds);
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    for (const block of parser.push(chunk)) {
      try {
        onProgress?.(block.progress);
      } catch {
        // A faulty listener must not break the encode.
      }
    }
  });

  const capture = request.captureStderr === true;
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
    const max = capture ? STDERR_CAPTURE_MAX : STDERR_TAIL_BYTES * 2;
    if (stderr.length > max) stderr = stderr.slice(stderr.length - (capture ? STDERR_CAPTURE_MAX : STDERR_TAIL_BYTES));
  });

  // Any output (progress on stdout, log on stderr) counts as life; silence for stallMs, or a run
  // past its wall-clock ceiling, kills it (a FIFO input, a hung network mount, a runaway filter).
  let stopped: string | null = null;
  const kill = (why: string) => {
    if (stopped) return;
    stopped = why;
    child.kill('SIGKILL');
  };
  let stallTimer: NodeJS.Timeout | undefined;
  const alive = () => {
    if (!control.stallMs) return;
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => kill(`ffmpeg made no progress for ${control.stallMs! / 1000} s (FFMPEG_STALL_SECONDS) and was stopped`), control.stallMs);
  };
  alive();
  child.stdout!.on('data', alive);
  child.stderr!.on('data', alive);
  const ceiling = ceilingMs(request.inputDurationSeconds);
  const ceilingTimer = ceiling ? setTimeout(() => kill(`ffmpeg ran longer than ${Math.round(ceiling / 1000)} s for ${request.inputDurationSeconds} s of input and was stopped`), ceiling) : undefined;

  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    aborted = true;
    child.kill('SIGTERM');
    // ffmpeg normally finishes within a moment of SIGTERM; a stuck input (network, pipe) may not.
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    killTimer.unref();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  // 'close' fires after the process exited (Node reaped it) and its pipes drained.
  const outcome = await new Promise<{ code: number | null; sig: NodeJS.Signals | null; error?: Error }>((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
      // A failed spawn never emits 'close' on some Node versions when no process was created.
      if (child.pid === undefined) resolve({ code: null, sig: null, error: err });
    });
    child.once('close', (code, sig) => resolve({ code, sig, error: spawnError }));
  });
  signal?.removeEventListener('abort', onAbort);
  if (killTimer) clearTimeout(killTimer);
  clearTimeout(stallTimer);
  clearTimeout(ceilingTimer);

  const tail = stderr.slice(-STDERR_TAIL_BYTES);
  if (aborted) {
    await removeAll(request.cleanupPaths);
    throw new AbortError();
  }
  if (stopped || outcome.error || outcome.code !== 0) {
    await removeAll(request.cleanupPaths);
    const why = stopped
      ? stopped
      : outcome.error
        ? `could not start ${ffmpegPath}: ${outcome.error.message}`
        : /no space left on device/i.test(tail)
          ? `no space left on device: ffmpeg could not write its output (${lastLine(tail.replace(/^.*Conversion failed!.*$/gim, ''))})`
          : `ffmpeg exited with ${outcome.sig ? `signal ${outcome.sig}` : `code ${outcome.code}`}: ${lastLine(tail)}`;
    throw new FfmpegError(why, outcome.code, tail);
  }
  return capture ? { stderrTail: tail, stderr } : { stderrTail: tail };
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? '(no output)';
}

async function removeAll(paths: string[] | undefined): Promise<void> {
  await Promise.all((paths ?? []).map((p) => rm(p, { force: true, recursive: true }).catch(() => undefined)));
}
