/** Retry with exponential backoff, abortable; unrecoverable errors stop at once. */
import { delay } from '../domain/delay.js';
import { AbortError, isAbort, isUnrecoverable } from '../domain/errors.js';

/** Runs `fn` up to `attempts` times, waiting baseDelayMs·2^(n-1) between tries. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: { attempts: number; baseDelayMs: number; signal?: AbortSignal; onRetry?(attempt: number, err: unknown): void },
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (options.signal?.aborted) throw new AbortError();
    try {
      return await fn(attempt);
    } catch (err) {
      lastError = err;
      if (isAbort(err) || options.signal?.aborted) throw options.signal?.aborted ? new AbortError() : err;
      if (isUnrecoverable(err) || attempt === options.attempts) throw err;
      options.onRetry?.(attempt, err);
      await delay(options.baseDelayMs * 2 ** (attempt - 1), options.signal);
    }
  }
  throw lastError;
}
