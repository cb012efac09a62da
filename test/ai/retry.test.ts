import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { toModelApiError } from '../../src/ai/model-api-error.js';
import { abortableSleep, classifyError, parseRetryAfter, withRetry } from '../../src/ai/retry.js';
import { scrubSecret } from '../../src/ai/scrub-secret.js';

const apiError = (status: number, headers: Record<string, string> = {}): APIError =>
  APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers));

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    { v: '2', ms: 2000 },
    { v: '0.5', ms: 500 },
    { v: 'Wed, 01 Jan 2025 00:00:03 GMT', ms: 3000 },
    { v: 'Tue, 31 Dec 2024 23:59:00 GMT', ms: 0 },
    { v: 'soon', ms: null },
    { v: '', ms: null },
    { v: null, ms: null },
  ])('$v → $ms', ({ v, ms }) => expect(parseRetryAfter(v, now)).toBe(ms));
});

describe('classifyError', () => {
  it.each([
    { name: '429 with Retry-After', err: apiError(429, { 'retry-after': '3' }), retry: true, after: 3000 },
    { name: '429 without', err: apiError(429), retry: true, after: null },
    { name: '500', err: apiError(500), retry: true, after: null },
    { name: '503', err: apiError(503), retry: true, after: null },
    { name: '400', err: apiError(400), retry: false, after: null },
    { name: '401', err: apiError(401), retry: false, after: null },
    { name: '403', err: apiError(403), retry: false, after: null },
    { name: 'connection', err: new APIConnectionError({ message: 'down' }), retry: true, after: null },
    { name: 'timeout', err: new APIConnectionTimeoutError(), retry: true, after: null },
    { name: 'user abort', err: new APIUserAbortError(), retry: false, after: null },
    { name: 'fetch failed', err: new TypeError('fetch failed'), retry: true, after: null },
    { name: 'ECONNRESET', err: Object.assign(new Error('x'), { code: 'ECONNRESET' }), retry: true, after: null },
    { name: 'plain error', err: new Error('bad json'), retry: false, after: null },
  ])('$name', ({ err, retry, after }) => {
    const d = classifyError(err);
    expect(d.retry).toBe(retry);
    expect(d.retryAfterMs).toBe(after);
  });
});

describe('withRetry', () => {
  const recorder = () => {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => void delays.push(ms) };
  };

  it('backs off exponentially and honours Retry-After', async () => {
    const r = recorder();
    const errors = [apiError(500), apiError(429, { 'retry-after': '7' }), apiError(502)];
    let calls = 0;
    const out = await withRetry(async () => {
      const e = errors[calls++];
      if (e) throw e;
      return 'ok';
    }, { retries: 4, baseDelayMs: 100, maxDelayMs: 60_000, sleep: r.sleep });
    expect(out).toBe('ok');
    expect(r.delays).toEqual([100, 7000, 400]);
  });

  it('stops at once on 400/401/403', async () => {
    for (const status of [400, 401, 403]) {
      let calls = 0;
      await expect(withRetry(async () => { calls++; throw apiError(status); }, { retries: 4, baseDelayMs: 0, maxDelayMs: 0 })).rejects.toMatchObject({ status });
      expect(calls).toBe(1);
    }
  });

  it('gives up after N retries (N + 1 calls) with the last error', async () => {
    const r = recorder();
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(503); }, { retries: 2, baseDelayMs: 10, maxDelayMs: 15, sleep: r.sleep })).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(3);
    expect(r.delays).toEqual([10, 15]);
  });

  it('aborts a wait when the signal fires', async () => {
    const ac = new AbortController();
    const p = withRetry(async () => { throw apiError(500); }, { retries: 4, baseDelayMs: 60_000, maxDelayMs: 60_000, signal: ac.signal, onRetry: () => queueMicrotask(() => ac.abort()) });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('abortableSleep rejects at once on an aborted signal', async () => {
    await expect(abortableSleep(10, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('secrets', () => {
  it('scrubs the key from error messages', () => {
    const key = 'sk-very-secret-123456';
    expect(scrubSecret(`Incorrect API key provided: ${key}. Bearer ${key}`, [key])).toBe('Incorrect API key provided: ***. Bearer ***');
    const err = toModelApiError(apiError(401), 'chat', [key]);
    expect(err.name).toBe('ModelApiError');
    const leaky = toModelApiError(new Error(`bad key ${key}`), 'chat', [key]);
    expect(leaky.message).not.toContain(key);
    expect(leaky.message).toContain('chat failed');
  });
});
