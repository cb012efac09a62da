/** The rule for the final video's signed URL, shared by the upload stage, the API and the webhooks. */
import { liveUrl } from './live-url.js';
import type { Storage } from './storage.js';

/**
 * Default and longest lifetime of the final video's signed URL: 7 days, the
 * longest an OSS V4 signed URL may live (FINAL_URL_EXPIRY_SECONDS sets a
 * shorter one). After that a client asks the API again for a fresh one.
 */
export const FINAL_URL_EXPIRY_SECONDS = 7 * 86_400;

/** Signs a freshly stored final video's URL for the configured lifetime (FINAL_URL_EXPIRY_SECONDS). */
export async function signFinalUrl(
  storage: Storage,
  key: string,
  now: Date,
  lifetimeSeconds: number = FINAL_URL_EXPIRY_SECONDS,
): Promise<{ url: string; expiresAt: Date }> {
  const url = await storage.signedUrl(key, lifetimeSeconds);
  return { url, expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000) };
}

/** The final video's URL signed at read time (see live-url.ts), renewed for the full lifetime when less than an hour is left. */
export async function liveFinalUrl(
  storage: Storage,
  key: string,
  expiresAt: Date,
  lifetimeSeconds: number = FINAL_URL_EXPIRY_SECONDS,
  now?: Date,
): Promise<{ url: string; expiresAt: Date }> {
  return (await liveUrl(storage, key, expiresAt, lifetimeSeconds, now))!;
}
