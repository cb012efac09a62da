/** A counting semaphore: at most N model calls at once (config.ai.concurrency). */
import { AbortError } from '../domain/errors.js';

/** Runs functions with at most `limit` of them in flight. */
export interface Limiter {
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A FIFO limiter; a waiter whose signal fires leaves the queue. */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run(fn, signal) {
      if (active >= limit) {
        await new Promise<void>((resolve, reject) => {
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
      }
      active++;
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
