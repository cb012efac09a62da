/** The download retry loop shared by URL and OSS sources (3 retries: at most 4 attempts per download). */
import { AbortError, SourceError, isAbort, messageOf } from '../domain/errors.js';
import { retry } from '../domain/retry.js';
import type { SourceControl } from './source.js';

/** Retries a download gets after its first attempt fails (the design's "download 3"): 4 attempts at most. */
export const DOWNLOAD_RETRIES = 3;

/**
 * Runs `attempt`, then up to `retries` more times with doubling delays. Stops at once on
 * a non-retryable error or a cancel. After the last attempt the error is
 * re-thrown as non-retryable so the runner does not multiply the attempts.
 */
export async function retryFetch<T>(
  attempt: (n: number) => Promise<T>,
  control: SourceControl,
  baseDelayMs: number,
  retries = DOWNLOAD_RETRIES,
): Promise<T> {
  try {
    return await retry(attempt, {
      retries,
      signal: control.signal,
      retryable: (err) => (err as { retryable?: boolean }).retryable !== false && (err as { name?: string }).name !== 'UnrecoverableError',
      // Jitter keeps ten sources failing together from retrying in lockstep.
      delayMs: (n) => baseDelayMs * 2 ** (n - 1) * (0.75 + Math.random() * 0.5),
      onRetry: (n, err) => control.onRetry?.(n + 1, messageOf(err)),
      exhausted: (err, n) => new SourceError(`${messageOf(err)} (gave up after ${n} attempts)`, false),
    });
  } catch (err) {
    throw isAbort(err) || control.signal.aborted ? new AbortError() : err;
  }
}
