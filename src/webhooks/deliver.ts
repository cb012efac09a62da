/**
 * One webhook delivery attempt: a signed POST through the SSRF-filtered
 * client, redirects not followed. The result is plain data the outbox stores
 * as an attempt; this function never throws for a failed delivery.
 */
import { STATUS_CODES } from 'node:http';
import { messageOf } from '../domain/errors.js';
import { safeRequest } from '../net/safe-request.js';
import { signWebhook } from './sign.js';

/** What one attempt needs. */
export interface DeliverOnceInput {
  url: string;
  /** The message id, the same on every retry of one event. */
  id: string;
  /** The JSON payload (an object is serialised; a string is sent as it is). */
  payload: unknown;
  /** Empty: the request goes out unsigned (no webhook-signature header). */
  secret: string;
  timeoutMs: number;
  allowPrivate: boolean;
  signal?: AbortSignal;
  /** Clock for the signed timestamp (tests). */
  now?: () => Date;
}

/** The outcome of one attempt. */
export interface DeliveryAttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** Whether another attempt may succeed: 429, 5xx, network errors and timeouts. */
  retryable: boolean;
  /** The receiver's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds: number | null;
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Whether a response status should be retried (the Standard Webhooks rules, 410 meaning "stop"). */
export function isRetryableWebhookStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** The headers of one signed delivery. */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'autoclip-webhooks/0.1',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
  };
  if (secret) headers['webhook-signature'] = signWebhook(secret, id, timestampSeconds, body);
  return headers;
}

/** Sends one attempt; 2xx is success, 3xx is a failure (never followed), 410 and other 4xx are final. */
export async function deliverOnce(input: DeliverOnceInput): Promise<DeliveryAttemptResult> {
  const now = input.now ?? (() => new Date());
  const body = typeof input.payload === 'string' ? input.payload : JSON.stringify(input.payload);
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const timestamp = Math.floor(now().getTime() / 1000);
  try {
    const res = await safeRequest(input.url, {
      method: 'POST',
      headers: webhookHeaders(input.secret, input.id, timestamp, body),
      body,
      allowPrivate: input.allowPrivate,
      connectTimeoutMs: input.timeoutMs,
      totalTimeoutMs: input.timeoutMs,
      maxRedirects: 0,
      signal: input.signal,
    });
    // The receiver's body is of no use to us; drain it so the socket closes cleanly.
    res.body.resume();
    await new Promise<void>((resolve) => {
      res.body.once('close', resolve);
      res.body.once('error', () => resolve());
    });
    const status = res.status;
    const base = { statusCode: status, durationMs: elapsed(), retryAfterSeconds: parseRetryAfter(res.headers['retry-after'], now()) };
    if (status >= 200 && status < 300) return { ...base, ok: true, error: null, retryable: false, retryAfterSeconds: null };
    const reason = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim();
    if (status >= 300 && status < 400) {
      return { ...base, ok: false, error: `${reason}: redirects are not followed; configure the final URL`, retryable: false };
    }
    if (status === 410) return { ...base, ok: false, error: `${reason}: the receiver asked us to stop`, retryable: false };
    return { ...base, ok: false, error: reason, retryable: isRetryableWebhookStatus(status) };
  } catch (err) {
    const e = err as { name?: string; retryable?: boolean };
    // A blocked address or a bad URL will not change; network trouble and timeouts may.
    const retryable = e.name === 'AbortError' ? true : e.retryable !== false;
    return { ok: false, statusCode: null, error: messageOf(err), durationMs: elapsed(), retryable, retryAfterSeconds: null };
  }
}
