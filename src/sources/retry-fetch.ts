/** The download retry loop shared by URL and OSS sources (SPEC: download 3 attempts). */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError, SourceError, isAbort, messageOf } from '../domain/errors.js';
import type { SourceControl } from './source.js';

/** Attempts a download gets, per the spec's retry table. */
export const DOWNLOAD_ATTEMPTS = 3;

/**
 * Runs `attempt` up to `attempts` times with doubling delays. Stops at once on
 * a non-retryable error or a cancel. After the last attempt the error is
 * re-thrown as non-retryable so the runner does not multiply the attempts.
 */
export async function retryFetch<T>(
  attempt: (n: number) => Promise<T>,
  control: SourceControl,
  baseDelayMs: number,
  attempts = DOWNLOAD_ATTEMPTS,
): Promise<T> {
  for (let n = 1; ; n++) {
    if (control.signal.aborted) throw new AbortError();
    try {
      return await attempt(n);
    } catch (err) {
      if (isAbort(err) || control.signal.aborted) throw new AbortError();
      const retryable = (err as { retryable?: boolean }).retryable !== false && (err as { name?: string }).name !== 'UnrecoverableError';
      if (!retryable) throw err;
      if (n >= attempts) throw new SourceError(`${messageOf(err)} (gave up after ${attempts} attempts)`, false);
      control.onRetry?.(n + 1, messageOf(err));
      // Jitter keeps ten sources failing together from retrying in lockstep.
      const delay = baseDelayMs * 2 ** (n - 1) * (0.75 + Math.random() * 0.5);
      try {
        await sleep(delay, undefined, { signal: control.signal });
      } catch {
        throw new AbortError();
      }
    }
  }
}
