/**
 * The driver's one way of running a stage's work: the first attempt and the stage's retries with
 * exponential backoff, each retry announced, cancellation honoured. Both the
 * per-video chains and the batch steps call it.
 */
import { isUnrecoverable, messageOf } from '../domain/errors.js';
import { retry } from '../domain/retry.js';
import type { StageDefinition } from './define-stage.js';

/** How an attempt is run and announced. */
export interface AttemptOptions {
  signal: AbortSignal;
  /** Delay before the second attempt; doubles after each. */
  baseDelayMs: number;
  /** Who the work is for in messages ("video 2"); batch stages leave it out. */
  subject?: string;
  /** Publishes a retry message. */
  announce(message: string): void;
}

/** Runs `fn` once plus up to the stage's retries; an unrecoverable error or a cancellation stops at once. */
export function runAttempts<T>(stage: Pick<StageDefinition, 'name' | 'retries' | 'labels'>, fn: () => Promise<T>, options: AttemptOptions): Promise<T> {
  return retry(fn, {
    retries: stage.retries,
    signal: options.signal,
    retryable: (err) => !isUnrecoverable(err),
    delayMs: (n) => options.baseDelayMs * 2 ** (n - 1),
    onRetry: (n, err) =>
      options.announce(
        options.subject
          ? `${options.subject}: ${stage.labels.action} attempt ${n} failed (${messageOf(err)}), retrying`
          : `${stage.name} attempt ${n} failed (${messageOf(err)}), retrying`,
      ),
  });
}
