/** The one retry loop: attempts, delays, non-retryable errors, exhaustion, cancellation. */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/domain/errors.js';
import { retry, type RetryPolicy } from '../../src/domain/retry.js';

const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy & { waits: number[] } => {
  const waits: number[] = [];
  return { retries: 2, retryable: () => true, delayMs: (n) => 10 * 2 ** (n - 1), sleep: async (ms) => void waits.push(ms), waits, ...over };
};

describe('retry', () => {
  it('tries again with the given delays until it succeeds', async () => {
    const p = policy();
    const seen: number[] = [];
    const out = await retry(async (n) => {
      seen.push(n);
      if (n < 3) throw new Error(`fail ${n}`);
      return 'ok';
    }, p);
    expect(out).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(p.waits).toEqual([10, 20]);
  });

  it('N retries are N + 1 attempts; 0 retries, one', async () => {
    for (const retries of [0, 1, 4]) {
      let calls = 0;
      await expect(retry(async () => { calls++; throw new Error('down'); }, policy({ retries }))).rejects.toThrow('down');
      expect(calls).toBe(retries + 1);
    }
  });

  it('stops at once on an error that is not retryable', async () => {
    const p = policy({ retryable: (e) => (e as Error).message !== 'fatal' });
    let calls = 0;
    await expect(retry(async () => { calls++; throw new Error('fatal'); }, p)).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('throws the last error, or what `exhausted` makes of it, after the last attempt', async () => {
    await expect(retry(async (n) => { throw new Error(`fail ${n}`); }, policy())).rejects.toThrow('fail 3');
    const p = policy({ exhausted: (e, n) => new Error(`${(e as Error).message} (gave up after ${n})`) });
    await expect(retry(async (n) => { throw new Error(`fail ${n}`); }, p)).rejects.toThrow('fail 3 (gave up after 3)');
  });

  it('never retries a cancellation, and a fired signal stops the loop', async () => {
    let calls = 0;
    await expect(retry(async () => { calls++; throw new AbortError(); }, policy())).rejects.toThrow(AbortError);
    expect(calls).toBe(1);
    const controller = new AbortController();
    const p = policy({ signal: controller.signal, sleep: async () => controller.abort() });
    await expect(retry(async () => { throw new Error('flaky'); }, p)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
