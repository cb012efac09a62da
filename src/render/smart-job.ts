/** What a smart-rendered clip is made from, and how its runner reaches ffmpeg. */
import type { ProbeInfo } from '../domain/types.js';
import type { ConfirmedInput } from '../workers/ffmpeg/confirm-input.js';
import type { FfmpegRequest, MediaPool } from '../workers/media-pool.js';

/** One clip to smart-render. */
export interface SmartClipJob {
  source: string;
  probe: ProbeInfo;
  start: number;
  end: number;
  /** The clip file to write (MOV: H.264 + PCM, like the re-encode path's). */
  output: string;
  /** A user's local source, re-confirmed before anything opens it (none for downloaded files). */
  localInputs?: ConfirmedInput[];
  /** The clip's plain re-encode: a remote worker that declines the clip runs it at once, with the source it already has. */
  fallback?: FfmpegRequest;
}

/** How the runner reaches ffmpeg and reports. */
export interface SmartRunDeps {
  pool: MediaPool;
  ffprobePath: string;
  group?: string;
  signal?: AbortSignal;
  /** Fraction of the clip done, 0..1. */
  onProgress?(fraction: number): void;
}

