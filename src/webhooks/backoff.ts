/** When to try a failed webhook delivery again. Pure: the dispatcher owns the clock. */

/** No delay grows beyond a day (Standard Webhooks' example schedule ends at 24 h). */
export const MAX_DELAY_MS = 24 * 3600 * 1000;

/**
 * Delay before the next attempt, after `attempt` failed attempts (1 = the
 * first failed): `baseMs · 2^(attempt-1)` with ±25 % jitter, so many
 * webhooks failing together do not retry in lockstep, capped at a day. A
 * receiver's Retry-After (seconds) is a floor: we never come back sooner.
 */
export function nextAttemptDelay(attempt: number, baseMs: number, retryAfterSeconds?: number | null, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const exp = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.min(n - 1, 40));
  const jittered = Math.round(exp * (0.75 + random() * 0.5));
  const floor = retryAfterSeconds != null && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.min(MAX_DELAY_MS, Math.max(jittered, floor));
}
