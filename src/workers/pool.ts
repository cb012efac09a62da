/**
 * The one worker pool every ffmpeg run goes through (Piscina 5). At most `size`
 * tasks are inside Piscina at a time; the rest wait in a fair queue that takes
 * turns between groups (batches). Cancellation goes over each task's port so
 * the worker stops ffmpeg itself; the thread is only terminated as a last resort.
 */
import { createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { AbortError, FfmpegError } from '../domain/errors.js';
import type { FfmpegTaskInput, FfmpegTaskOutput, SerializedError, TaskPortMessage } from './ffmpeg.task.js';
import { KILL_GRACE_MS } from './ffmpeg/run.js';
import { FairQueue } from './fair-queue.js';
import type { FfmpegRequest, FfmpegResult, MediaPool, RunControl } from './media-pool.js';

/** How the pool is built. */
export interface MediaPoolOptions {
  /** Worker threads, i.e. ffmpeg processes at once. */
  size: number;
  ffmpegPath: string;
  /** Directory where each running ffmpeg's pid is recorded, so a restarted server can stop orphans. */
  pidDir?: string;
  /** Seconds without ffmpeg output after which it is killed (FFMPEG_STALL_SECONDS); none when absent. */
  stallSeconds?: number;
}

// How long a cancelled task may take beyond ffmpeg's own SIGTERM→SIGKILL grace before we step in.
const CANCEL_FALLBACK_MS = KILL_GRACE_MS + 2000;

interface Job {
  request: FfmpegRequest;
  control: RunControl;
  resolve(result: FfmpegResult): void;
  reject(err: Error): void;
  /** Set once the job is inside Piscina. */
  cancel?: () => void;
  /** Resolves when the job has left Piscina (its ffmpeg is gone). */
  done?: Promise<void>;
  /** Removes the caller's abort listener. */
  detach(): void;
  settled: boolean;
}

/** Where the worker file is: the .ts source under tsx/vitest, the .js file in dist. */
export function taskWorkerSpec(): { filename: string; execArgv: string[] | undefined } {
  const ts = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./ffmpeg.task.${ts ? 'ts' : 'js'}`, import.meta.url));
  if (!ts) return { filename, execArgv: undefined };
  // Under tsx the threads inherit its loader; under vitest they do not and fail on ".ts" unless we add it.
  if (process.execArgv.some((a) => a.includes('tsx'))) return { filename, execArgv: undefined };
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename, execArgv: [...process.execArgv, '--import', tsxLoader] };
}

/**
 * Creates the ffmpeg worker pool; threads start lazily, nothing runs until a task arrives.
 * Long because it is a factory: the task methods share the Piscina pool, the fair queue and the abort wiring.
 */
export function createMediaPool(options: MediaPoolOptions): MediaPool {
  const size = Math.max(1, Math.floor(options.size));
  const spec = taskWorkerSpec();
  const piscina = new Piscina<FfmpegTaskInput, FfmpegTaskOutput>({
    filename: spec.filename,
    ...(spec.execArgv ? { execArgv: spec.execArgv } : {}),
    minThreads: 0,
    maxThreads: size,
    // Keep threads warm between the tasks of a batch; a thread costs one loader start-up.
    idleTimeout: 60_000,
  });
  const queue = new FairQueue<Job>();
  const running = new Set<Job>();
  let closing: Promise<void> | null = null;

  function settle(job: Job, fn: () => void): void {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    fn();
  }

  function pump(): void {
    while (!closing && running.size < size && queue.size > 0) start(queue.shift()!);
  }

  function start(job: Job): void {
    running.add(job);
    const { port1, port2 } = new MessageChannel();
    const terminate = new AbortController();
    let pid: number | null = null;
    let fallback: NodeJS.Timeout | undefined;

    port1.on('message', (msg: TaskPortMessage) => {
      if (msg.type === 'started') pid = msg.pid;
      else if (msg.type === 'progress' && !job.settled) {
        try {
          job.control.onProgress?.(msg.progress);
        } catch {
          // A faulty listener must not break the encode.
        }
      }
    });

    job.cancel = () => {
      if (job.cancel === undefined) return;
      job.cancel = undefined;
      port1.postMessage({ type: 'cancel' } satisfies TaskPortMessage);
      // Last resort if the worker does not answer: kill ffmpeg by pid, then the thread.
      fallback = setTimeout(() => {
        if (pid !== null) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
        terminate.abort();
      }, CANCEL_FALLBACK_MS);
      fallback.unref();
    };

    job.done = piscina
      .run(
        { ffmpegPath: options.ffmpegPath, request: job.request, port: port2, pidDir: options.pidDir, stallMs: options.stallSeconds ? options.stallSeconds * 1000 : undefined },
        { transferList: [port2], signal: terminate.signal },
      )
      .then(
        (out) => settle(job, () => (out.ok ? job.resolve(out.result) : job.reject(rebuildError(out.error)))),
        (err: unknown) => settle(job, () => job.reject(isAbortLike(err) ? new AbortError() : toError(err))),
      )
      .finally(() => {
        if (fallback) clearTimeout(fallback);
        port1.close();
        running.delete(job);
        pump();
      });
  }

  return {
    size,

    ffmpeg(request: FfmpegRequest, control: RunControl = {}): Promise<FfmpegResult> {
      return new Promise<FfmpegResult>((resolve, reject) => {
        if (closing) return reject(new AbortError('media pool is closed'));
        if (control.signal?.aborted) return reject(new AbortError());
        // Queued: leave the queue at once. Running: ask the worker to stop ffmpeg; the job settles when it has.
        const onAbort = () => {
          if (queue.remove(job)) settle(job, () => job.reject(new AbortError()));
          else job.cancel?.();
        };
        const job: Job = {
          request,
          control,
          resolve,
          reject,
          settled: false,
          detach: () => control.signal?.removeEventListener('abort', onAbort),
        };
        control.signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(request.group ?? '', job);
        pump();
      });
    },

    stats() {
      return { running: running.size, queued: queue.size };
    },

    close(): Promise<void> {
      if (closing) return closing;
      closing = (async () => {
        for (const job of queue.drain()) settle(job, () => job.reject(new AbortError('media pool is closed')));
        const jobs = [...running];
        for (const job of jobs) job.cancel?.();
        await Promise.all(jobs.map((job) => job.done));
        await piscina.destroy();
      })();
      return closing;
    },
  };
}

function rebuildError(e: SerializedError): Error {
  if (e.name === 'AbortError') return new AbortError(e.message);
  if (e.name === 'FfmpegError') return new FfmpegError(e.message, e.exitCode, e.stderrTail);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function isAbortLike(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
