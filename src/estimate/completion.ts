/**
 * When a batch should finish (pure): the work it has left, priced at the rates
 * this process has measured (throughput.ts). Per-video chains run side by side,
 * bounded by the worker threads and the model concurrency; then the plan, the
 * render and the final upload. A batch that waits for approval is assumed to be
 * approved the moment its plan is ready; while it waits, nobody can say.
 */
import type { BatchStatus, CompressionProfile, VideoStatus } from '../domain/statuses.js';
import { resolveProfile } from '../media/profiles.js';
import { planTarget } from '../plan/target.js';
import type { Rates } from './throughput.js';

/** A video as the estimate needs it. */
export interface CompletionVideo {
  status: VideoStatus;
  /** URL or OSS: it is downloaded first. */
  remote: boolean;
  /** Probed (or estimated at creation) length; null when nothing is known yet. */
  durationSeconds: number | null;
  sizeBytes: number | null;
  profile: CompressionProfile;
}

/** A batch as the estimate needs it. */
export interface CompletionInput {
  status: BatchStatus;
  videos: CompletionVideo[];
  /** The current plan's length once there is one. */
  planSeconds: number | null;
  targetDurationSeconds: number | null;
  workerThreads: number;
  analysisConcurrency: number;
}

/** Length assumed for a video nothing is known about yet (a remote source before its download). */
export const UNKNOWN_VIDEO_SECONDS = 120;
/** Bytes per second of video assumed where only one of size and length is known (8 Mbit/s, a typical 1080p file). */
export const ASSUMED_BYTES_PER_VIDEO_SECOND = 1_000_000;

/** What each batch status still has ahead of it. */
const AHEAD: Partial<Record<BatchStatus, 'videos' | 'plan' | 'render' | 'finish'>> = {
  QUEUED: 'videos',
  PREPARING: 'videos',
  DOWNLOADING: 'videos',
  COMPRESSING: 'videos',
  UPLOADING_TEMP: 'videos',
  VL_ANALYZING: 'videos',
  GENERATING_PLAN: 'plan',
  CLIPPING: 'render',
  MERGING: 'render',
  UPLOADING_FINAL: 'finish',
  CLEANUP: 'finish',
};

/** The per-video stages still ahead of a video in this status, the current one included. */
function stagesLeft(status: VideoStatus): number {
  switch (status) {
    case 'PENDING':
    case 'PREPARING':
      return 4;
    case 'COMPRESSING':
      return 3;
    case 'UPLOADING':
      return 2;
    case 'ANALYZING':
      return 1;
    default:
      return 0;
  }
}

/** Seconds the per-video chains still need: the longest chain, or the pool's or the model's share of the work when that is longer. */
function videoPhaseSeconds(input: CompletionInput, rates: Rates): number {
  let longest = 0;
  let compressWork = 0;
  let analysisWork = 0;
  for (const v of input.videos) {
    const left = stagesLeft(v.status);
    if (left === 0) continue;
    const duration = v.durationSeconds ?? UNKNOWN_VIDEO_SECONDS;
    const prepare = v.remote ? (v.sizeBytes ?? duration * ASSUMED_BYTES_PER_VIDEO_SECOND) / rates.downloadBytesPerSecond : rates.localPrepareSeconds;
    const compress = duration / rates.compressionSpeed[resolveProfile(v.profile, duration)];
    const parts = [prepare, compress, rates.tempUploadSeconds, rates.analysisSeconds].slice(4 - left);
    longest = Math.max(longest, parts.reduce((a, b) => a + b, 0));
    if (left >= 3) compressWork += compress;
    analysisWork += rates.analysisSeconds;
  }
  return Math.max(longest, compressWork / Math.max(1, input.workerThreads), analysisWork / Math.max(1, input.analysisConcurrency));
}

/** The plan's length: the current plan's, else the target the planner will aim for. */
function renderedSeconds(input: CompletionInput): number {
  if (input.planSeconds !== null) return input.planSeconds;
  const videos = input.videos
    .filter((v) => v.status !== 'FAILED')
    .map((v) => ({ durationSeconds: v.durationSeconds ?? UNKNOWN_VIDEO_SECONDS, ready: true }));
  return planTarget(videos, input.targetDurationSeconds).seconds;
}

/** True when a batch in `status` still has pipeline work ahead of it (else there is nothing to estimate). */
export function hasWorkLeft(status: BatchStatus): boolean {
  return AHEAD[status] !== undefined;
}

/** Seconds of work left, or null when the batch rests (awaiting approval) or has ended. */
export function remainingSeconds(input: CompletionInput, rates: Rates): number | null {
  const ahead = AHEAD[input.status];
  if (!ahead) return null;
  const order = ['videos', 'plan', 'render', 'finish'] as const;
  const from = order.indexOf(ahead);
  const parts = {
    videos: () => videoPhaseSeconds(input, rates),
    plan: () => rates.planSeconds,
    render: () => renderedSeconds(input) / rates.renderSpeed,
    finish: () => rates.finishSeconds,
  };
  return order.slice(from).reduce((sum, part) => sum + parts[part](), 0);
}

/** `now` plus the work left, to the second; null when the batch rests or has ended. */
export function completionAt(input: CompletionInput, rates: Rates, now: Date): Date | null {
  const seconds = remainingSeconds(input, rates);
  if (seconds === null || !Number.isFinite(seconds)) return null;
  return new Date(now.getTime() + Math.ceil(seconds) * 1000);
}
