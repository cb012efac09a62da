/**
 * Signed URLs are made when they are read, not when the object is stored: the
 * server may have moved to another address or port since (a restart on PORT=0,
 * a new PUBLIC_BASE_URL), and a stored link would name the old one.
 */
import type { Storage } from './storage.js';

/** Below this much validity left, a link is renewed for `renewSeconds`. */
const MIN_VALIDITY_MS = 3600_000;

/**
 * A URL for `key` that expires when the stored expiry says, signed now; once
 * less than an hour is left, a fresh one valid `renewSeconds`. Null when the
 * object has no key or has expired and renewing is not wanted (renewSeconds 0).
 */
export async function liveUrl(
  storage: Storage,
  key: string,
  expiresAt: Date,
  renewSeconds: number,
  now: Date = new Date(),
): Promise<{ url: string; expiresAt: Date } | null> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const left = expiresAt.getTime() - now.getTime();
  if (left > MIN_VALIDITY_MS || (renewSeconds <= 0 && left > 0)) {
    // Signed for the same moment as before, so the URL is stable between reads.
    const seconds = Math.floor(expiresAt.getTime() / 1000) - nowSeconds;
    return { url: await storage.signedUrl(key, seconds), expiresAt };
  }
  if (renewSeconds <= 0) return null;
  return { url: await storage.signedUrl(key, renewSeconds), expiresAt: new Date((nowSeconds + renewSeconds) * 1000) };
}
