/** The one concurrency limiter: at most N tasks at once (model calls, uploads, analyses), FIFO, abortable while waiting. */
import { AbortError } from './errors.js';

/** Runs functions with at most `limit` of them in flight. */
export interface Limiter {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * A FIFO limiter; a waiter whose signal fires leaves the queue. A finishing
 * task hands its slot straight to the next waiter, so a newcomer can never
 * slip in between and push the count over the limit.
 */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        reject(new AbortError());
      };
      waiting.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run(fn, signal) {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
