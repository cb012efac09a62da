/**
 * Piscina task: runs one ffmpeg in a worker thread. Progress goes out over the
 * task's MessagePort; a `cancel` message on the same port stops ffmpeg, waits
 * for it to exit and removes partial output (terminating the thread instead
 * would orphan the child process).
 */
import type { MessagePort } from 'node:worker_threads';
import type { FfmpegProgress, FfmpegRequest, FfmpegResult } from './media-pool.js';
import { runFfmpeg } from './ffmpeg/run.js';
import { forgetPid, recordPid } from './pid-registry.js';

/** What the pool sends to the task (plain data plus the port). */
export interface FfmpegTaskInput {
  ffmpegPath: string;
  request: FfmpegRequest;
  port: MessagePort;
  /** Where running ffmpeg pids are recorded (see pid-registry.ts); none when absent. */
  pidDir?: string;
  /** Kill ffmpeg after this long without output. */
  stallMs?: number;
}

/** Errors cross the thread boundary as plain fields; the pool rebuilds the named class. */
export interface SerializedError {
  name: string;
  message: string;
  exitCode: number | null;
  stderrTail: string;
}

/** The task's answer: never a thrown error, so the error's name and fields survive. */
export type FfmpegTaskOutput = { ok: true; result: FfmpegResult } | { ok: false; error: SerializedError };

/** Messages on the task port. Pool → task: cancel. Task → pool: started (pid), progress. */
export type TaskPortMessage =
  | { type: 'cancel' }
  | { type: 'started'; pid: number }
  | { type: 'progress'; progress: FfmpegProgress };

/** Runs the request's ffmpeg; resolves with the result or the serialized error. */
export default async function ffmpegTask(input: FfmpegTaskInput): Promise<FfmpegTaskOutput> {
  const { port } = input;
  const ac = new AbortController();
  let pid: number | null = null;
  port.on('message', (msg: TaskPortMessage) => {
    if (msg?.type === 'cancel') ac.abort();
  });
  try {
    const result = await runFfmpeg(input.ffmpegPath, input.request, {
      signal: ac.signal,
      stallMs: input.stallMs,
      onSpawn: (spawned) => {
        pid = spawned;
        if (input.pidDir) recordPid(input.pidDir, spawned, input.ffmpegPath);
        port.postMessage({ type: 'started', pid: spawned } satisfies TaskPortMessage);
      },
      onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies TaskPortMessage),
    });
    return { ok: true, result };
  } catch (err) {
    const e = err as Partial<SerializedError> & { name?: string; message?: string };
    return {
      ok: false,
      error: {
        name: e?.name ?? 'Error',
        message: e?.message ?? String(err),
        exitCode: typeof e?.exitCode === 'number' ? e.exitCode : null,
        stderrTail: typeof e?.stderrTail === 'string' ? e.stderrTail : '',
      },
    };
  } finally {
    if (input.pidDir && pid !== null) forgetPid(input.pidDir, pid);
    port.close();
  }
}
