/**
 * The one place that spawns ffmpeg: adds the progress flags, follows progress,
 * keeps the end of stderr for errors, and stops the process on abort without
 * leaving it orphaned or its partial output behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { AbortError, FfmpegError } from '../../domain/errors.js';
import type { FfmpegProgress, FfmpegRequest, FfmpegResult } from '../media-pool.js';
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
}

// Children of this thread, so an exiting process can still kill what it started.
const live = new Set<ChildProcess>();

/** Sends SIGKILL to every ffmpeg this thread started and that still runs (last resort at exit). */
export function killAllFfmpeg(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** The full argv the runner passes to ffmpeg for a request (exported for tests). */
export function runnerArgs(request: FfmpegRequest): string[] {
  return [...RUNNER_GLOBAL_ARGS, ...request.args];
}

/** Runs ffmpeg to completion; rejects with FfmpegError (exit code, stderr tail) or AbortError. */
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

  const child = spawn(ffmpegPath, runnerArgs(request), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  live.add(child);
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
  live.delete(child);

  const tail = stderr.slice(-STDERR_TAIL_BYTES);
  if (aborted) {
    await removeAll(request.cleanupPaths);
    throw new AbortError();
  }
  if (outcome.error || outcome.code !== 0) {
    await removeAll(request.cleanupPaths);
    const why = outcome.error
      ? `could not start ${ffmpegPath}: ${outcome.error.message}`
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
