/**
 * The one retry loop: a first attempt, then up to `retries` more, with a delay
 * before each, abortable. Every retry count in autoclip means this: N retries
 * are N + 1 attempts in all (docs/architecture.md, "Retries").
 * Callers say which errors are worth another try and how long to wait (the
 * stage driver, model calls, downloads); a cancellation always stops at once.
 */
import { delay } from './delay.js';
import { AbortError, isAbort } from './errors.js';

/** How a retry loop behaves. */
export interface RetryPolicy {
  /** Retries after a failed first attempt: the work runs at most `1 + retries` times (0: once). */
  retries: number;
  signal?: AbortSignal;
  /** True when an error is worth another attempt (a cancellation never is). */
  retryable(err: unknown): boolean;
  /** The wait before the next attempt, after `attempt` (from 1) failed with `err`. */
  delayMs(attempt: number, err: unknown): number;
  /** Called before each wait. */
  onRetry?(attempt: number, err: unknown, delayMs: number): void;
  /** The error to throw when the last attempt failed with a retryable error (default: that error); `attempts` counts them all. */
  exhausted?(err: unknown, attempts: number): unknown;
  /** Waits; replaceable so tests can record delays instead of sleeping. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Runs `fn` (given the attempt number, from 1) until it succeeds, fails for good, or has been retried `retries` times. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const attempts = 1 + Math.max(0, Math.floor(policy.retries));
  for (let attempt = 1; ; attempt++) {
    if (policy.signal?.aborted) throw new AbortError();
    try {
      return await fn(attempt);
    } catch (err) {
      if (policy.signal?.aborted) throw new AbortError();
      if (isAbort(err) || !policy.retryable(err)) throw err;
      if (attempt >= attempts) throw policy.exhausted ? policy.exhausted(err, attempts) : err;
      const ms = policy.delayMs(attempt, err);
      policy.onRetry?.(attempt, err, ms);
      await (policy.sleep ?? delay)(ms, policy.signal);
    }
  }
}
