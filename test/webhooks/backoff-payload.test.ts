import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, nextAttemptDelay } from '../../src/webhooks/backoff.js';
import { buildWebhookPayload } from '../../src/webhooks/payload.js';
import { parseRetryAfter } from '../../src/webhooks/deliver.js';
import { newWebhookId } from '../../src/webhooks/webhook-id.js';

describe('nextAttemptDelay', () => {
  const mid = () => 0.5;
  it.each([
    [1, 5000, 5000],
    [2, 5000, 10000],
    [3, 5000, 20000],
    [6, 5000, 160000],
  ])('attempt %d with base %d gives %d without jitter', (attempt, base, expected) => {
    expect(nextAttemptDelay(attempt, base, null, mid)).toBe(expected);
  });

  it('jitters within ±25 %', () => {
    expect(nextAttemptDelay(2, 1000, null, () => 0)).toBe(1500);
    expect(nextAttemptDelay(2, 1000, null, () => 0.999999)).toBe(2500);
  });

  it('treats Retry-After as a floor', () => {
    expect(nextAttemptDelay(1, 1000, 120, mid)).toBe(120_000);
    expect(nextAttemptDelay(5, 1000, 1, mid)).toBe(16_000);
  });

  it('caps at a day', () => {
    expect(nextAttemptDelay(60, 5000, null, mid)).toBe(MAX_DELAY_MS);
    expect(nextAttemptDelay(1, 5000, 10 * 86400, mid)).toBe(MAX_DELAY_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it.each([
    ['30', 30],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', null],
    [undefined, null],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('buildWebhookPayload', () => {
  it('has exactly the documented keys, in order', () => {
    const p = buildWebhookPayload({
      event: 'batch.completed',
      batchId: 'b_1',
      status: 'COMPLETED',
      finalVideoUrl: 'https://x/final.mp4',
      completedAt: new Date('2026-01-02T03:04:05.000Z'),
      error: null,
    });
    expect(JSON.stringify(p)).toBe(
      '{"event":"batch.completed","batchId":"b_1","status":"COMPLETED","finalVideoUrl":"https://x/final.mp4","completedAt":"2026-01-02T03:04:05.000Z","error":null}',
    );
  });

  it('fills absent fields with null', () => {
    expect(buildWebhookPayload({ event: 'batch.failed', batchId: 'b', status: 'FAILED', error: 'no video left' })).toEqual({
      event: 'batch.failed', batchId: 'b', status: 'FAILED', finalVideoUrl: null, completedAt: null, error: 'no video left',
    });
  });
});

describe('newWebhookId', () => {
  it('makes distinct msg_ ids', () => {
    const a = newWebhookId();
    expect(a).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    expect(newWebhookId()).not.toBe(a);
  });
});

describe('checkWebhookUrl', () => {
  it('applies the scheme and address policy', async () => {
    const { checkWebhookUrl } = await import('../../src/webhooks/validate-webhook-url.js');
    expect(await checkWebhookUrl('https://8.8.8.8/hook', false)).toBeNull();
    expect(await checkWebhookUrl('http://127.0.0.1:9/hook', true)).toBeNull();
    expect(await checkWebhookUrl('http://127.0.0.1:9/hook', false)).toMatch(/private, loopback or link-local/);
    expect(await checkWebhookUrl('mailto:a@b.c', false)).toMatch(/only http and https/);
  });
});
