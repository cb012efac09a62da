/**
 * Our own retry for model HTTP calls (the SDK's is switched off so that every
 * attempt is visible and cancellable): exponential backoff on 429, 5xx,
 * timeouts and connection errors; never on other 4xx; Retry-After honoured.
 */
import { isAbort } from '../domain/errors.js';
import { retry } from '../domain/retry.js';
import { delay as abortableSleep } from '../domain/delay.js';

/** How retries behave. */
export interface RetryOptions {
  /** Retries after a failed first call: at most `1 + retries` calls (see domain/retry.ts). */
  retries: number;
  /** Delay before the second attempt; doubles after each. */
  baseDelayMs: number;
  /** No computed delay (nor Retry-After) waits longer than this. */
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log. */
  onRetry?(info: { attempt: number; delayMs: number; reason: string }): void;
  /** Waits; replaceable so tests can record delays instead of sleeping. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Defaults for one model HTTP call: 3 retries (4 calls at most) on 429, 5xx, timeouts and connection errors. */
export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** What a failed attempt means for the next one. */
export interface RetryDecision {
  retry: boolean;
  /** Server-requested delay (Retry-After), when it gave one. */
  retryAfterMs: number | null;
  reason: string;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Error class names of the openai SDK that mean "no answer came" (it does not set err.name). */
const CONNECTION_ERROR_CLASSES = new Set(['APIConnectionError', 'APIConnectionTimeoutError']);

/**
 * Parses a Retry-After value (delta seconds or an HTTP date) into milliseconds
 * from `now`; null when absent or unreadable. Past dates give 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

function headerOf(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const rec = headers as Record<string, string | string[] | undefined>;
  const hit = Object.entries(rec).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(hit) ? (hit[0] ?? null) : (hit ?? null);
}

/** Decides whether an error from one attempt is worth another attempt. */
export function classifyError(err: unknown): RetryDecision {
  const e = err as { status?: unknown; headers?: unknown; code?: unknown; name?: string; cause?: unknown; constructor?: { name?: string } };
  if (isAbort(err) || e?.constructor?.name === 'APIUserAbortError') return { retry: false, retryAfterMs: null, reason: 'aborted' };
  if (typeof e?.status === 'number') {
    const status = e.status;
    if (status === 429) {
      return { retry: true, retryAfterMs: parseRetryAfter(headerOf(e.headers, 'retry-after')), reason: 'HTTP 429 (rate limited)' };
    }
    if (status === 408 || status >= 500) return { retry: true, retryAfterMs: parseRetryAfter(headerOf(e.headers, 'retry-after')), reason: `HTTP ${status}` };
    return { retry: false, retryAfterMs: null, reason: `HTTP ${status}` };
  }
  if (e?.constructor?.name && CONNECTION_ERROR_CLASSES.has(e.constructor.name)) return { retry: true, retryAfterMs: null, reason: 'connection error or timeout' };
  if (e?.name === 'TimeoutError') return { retry: true, retryAfterMs: null, reason: 'timeout' };
  const code = typeof e?.code === 'string' ? e.code : typeof (e?.cause as { code?: unknown })?.code === 'string' ? (e.cause as { code: string }).code : null;
  if (code && RETRYABLE_CODES.has(code)) return { retry: true, retryAfterMs: null, reason: code };
  // fetch() reports network failures as a bare TypeError("fetch failed").
  if (e?.name === 'TypeError' && /fetch failed/i.test(String((err as Error).message))) return { retry: true, retryAfterMs: null, reason: 'fetch failed' };
  return { retry: false, retryAfterMs: null, reason: 'not retryable' };
}

/** Sleeps, rejecting with AbortError as soon as the signal fires (the runner's own abortable delay). */
export { abortableSleep };

/** The delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(attempt: number, decision: RetryDecision, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const computed = options.baseDelayMs * 2 ** (attempt - 1);
  const delay = decision.retryAfterMs ?? computed;
  return Math.min(options.maxDelayMs, Math.max(0, delay));
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or runs out
 * of attempts; the last error is rethrown as is. `fn` receives the attempt
 * number (from 1).
 */
export function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  return retry(fn, {
    retries: options.retries,
    signal: options.signal,
    retryable: (err) => classifyError(err).retry,
    delayMs: (attempt, err) => backoffDelay(attempt, classifyError(err), options),
    onRetry: (attempt, err, delayMs) => options.onRetry?.({ attempt, delayMs, reason: classifyError(err).reason }),
    sleep: options.sleep,
  });
}
