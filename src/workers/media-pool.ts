/**
 * The contract of the worker pool that runs ffmpeg; `pool.ts` implements it with
 * Piscina, `src/queue/bullmq-pool.ts` with BullMQ workers on other processes.
 */
import type { ProbeInfo } from '../domain/types.js';
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
  /** What kind of run this is (queue depth is reported per kind). */
  kind?: MediaJobKind;
  /**
   * The files the run reads and writes. A remote worker needs them to fetch
   * inputs and return outputs; every path in `args` must be one of them (or
   * inside an output directory).
   */
  files?: FfmpegFiles;
}

/** Kinds of media runs. */
export type MediaJobKind = 'probe' | 'compress' | 'signals' | 'frames' | 'audio' | 'render' | 'join' | 'ffmpeg';

/** Files of one run, by their local paths as they occur in the argv. */
export interface FfmpegFiles {
  /** Files ffmpeg reads. */
  inputs: string[];
  /** Small text inputs (a concat list) whose content names other inputs; the worker rewrites those paths. */
  lists?: string[];
  /** Files ffmpeg writes; a missing one after success is not an error (optional side outputs). */
  outputs?: string[];
  /** Directories ffmpeg fills (an image sequence): every file written there comes back. */
  outputDirs?: string[];
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
  /** Which driver runs the work: this process's threads, or BullMQ workers. */
  readonly driver: 'local' | 'bullmq';
  /** Runs ffmpeg in a worker; rejects with an FfmpegError or an AbortError. */
  ffmpeg(request: FfmpegRequest, control?: RunControl): Promise<FfmpegResult>;
  /** Probes a local media file (ffprobe); rejects like probeMedia. */
  probe(file: string, control?: { signal?: AbortSignal; group?: string }): Promise<ProbeInfo>;
  /** Tasks queued or running now (for health and tests). */
  stats(): { running: number; queued: number };
  /** Cancels queued work, stops running ffmpeg, waits for the threads to end. Idempotent. */
  close(): Promise<void>;
  /**
   * Stops following work without stopping it, before a shutdown: remote jobs
   * keep running and the next server re-attaches to them. Absent for the local pool.
   */
  detach?(): void;
  /** The driver's own view for health (workers alive, queue depth per kind); absent for the local pool. */
  queueHealth?(): Promise<QueueHealth>;
  /**
   * A whole smart render of one clip, run where the pool's ffmpeg runs (a BullMQ
   * worker indexes its own copy of the source and proves the clip there); absent
   * for the local pool, whose ffmpeg shares the server's files (render/smart-clips.ts).
   */
  smartClip?(request: SmartClipRequest, control?: RunControl): Promise<SmartClipOutcome>;
}

/** One clip to smart-render remotely: the source, the clip file to write, and the render's plain parameters. */
export interface SmartClipRequest {
  source: string;
  output: string;
  start: number;
  end: number;
  probe: ProbeInfo;
  /** The render's output shape (render/output-shape.ts), as plain data. */
  shape: object;
  group?: string;
  /** A user's local source, re-confirmed before it is handed over. */
  localInputs?: ConfirmedInput[];
  /** The clip's plain re-encode (same source and output): run where the source already is when the clip is declined. */
  fallback?: FfmpegRequest;
}

/**
 * The clip was written and proven exact, or why not; `reencoded` when the
 * declined clip was then written by its `fallback` re-encode.
 */
export type SmartClipOutcome = { smart: true; copiedFrames: number; edgeFrames: number } | { smart: false; reason: string; reencoded?: boolean };

/** What health reports about a distributed queue. */
export interface QueueHealth {
  ok: boolean;
  message: string;
  workers: Array<{ name: string; concurrency: number; lastSeen: string; runningJobs: number }>;
  depth: Array<{ kind: string; waiting: number; active: number }>;
}
