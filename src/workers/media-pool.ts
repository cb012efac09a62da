/** The contract of the worker pool that runs ffmpeg; `pool.ts` implements it with Piscina. */

import type { ConfirmedInput } from './ffmpeg/confirm-input.js';

/** One ffmpeg run, as plain data. */
export interface FfmpegRequest {
  /** Arguments after the binary, without -progress (the runner adds it). */
  args: string[];
  /** Duration of the input that the encode walks through, for percentages. */
  inputDurationSeconds?: number;
  /** Files to delete when the run fails or is cancelled (partial outputs). */
  cleanupPaths?: string[];
  /** Return the whole stderr, not only its tail (for filters that report there). */
  captureStderr?: boolean;
  /** Fairness key: tasks of different groups (batches) take turns for free threads. */
  group?: string;
  /** Bytes the output is expected to take, when known: checked against free space before the run. */
  expectedOutputBytes?: number;
  /** Users' LOCAL files among the inputs, re-confirmed right before the spawn (see sources/confirm-local.ts). */
  localInputs?: ConfirmedInput[];
}

/** What a finished ffmpeg run leaves. */
export interface FfmpegResult {
  stderrTail: string;
  stderr?: string;
}

/** One progress report from a running ffmpeg. */
export interface FfmpegProgress {
  /** 0..1 when the input duration is known, else null. */
  fraction: number | null;
  outTimeSeconds: number;
  speed: number | null;
}

/** How a caller follows and stops a run. */
export interface RunControl {
  signal?: AbortSignal;
  onProgress?(progress: FfmpegProgress): void;
}

/** The one pool every ffmpeg run goes through. */
export interface MediaPool {
  /** Number of worker threads, i.e. ffmpeg processes that may run at once. */
  readonly size: number;
  /** Runs ffmpeg in a worker; rejects with an FfmpegError or an AbortError. */
  ffmpeg(request: FfmpegRequest, control?: RunControl): Promise<FfmpegResult>;
  /** Tasks queued or running now (for health and tests). */
  stats(): { running: number; queued: number };
  /** Cancels queued work, stops running ffmpeg, waits for the threads to end. Idempotent. */
  close(): Promise<void>;
}
