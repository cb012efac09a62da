/**
 * Named error classes. Across the worker boundary classes are lost, so code
 * compares `err.name`, never `instanceof`.
 */
import type { ProbeInfo } from './types.js';

/** A failure that no retry can fix (a file that is not a video, a 404). */
export class UnrecoverableError extends Error {
  override name = 'UnrecoverableError';
  constructor(
    message: string,
    /** What the probe found, when the file was refused after probing (too long), so the API can still show it. */
    readonly probe?: ProbeInfo,
  ) {
    super(message);
  }
}

/** ffmpeg exited with an error. */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

/** Work was stopped because the batch was cancelled or the server is stopping. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

/** A source could not be fetched or used; `retryable` says whether to try again. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** True when an error means "stop trying". */
export function isUnrecoverable(err: unknown): boolean {
  const e = err as { name?: string; retryable?: boolean };
  return e?.name === 'UnrecoverableError' || e?.name === 'AbortError' || e?.retryable === false;
}

/** True for cancellation, whatever produced it (our AbortError, fetch's, Piscina's). */
export function isAbort(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
