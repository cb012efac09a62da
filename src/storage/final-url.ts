/** The rule for the final video's URL (signed, or plain with FINAL_URL_MODE=public), shared by the upload stage, the API and the webhooks. */
import { UnrecoverableError } from '../domain/errors.js';
import { retry } from '../domain/retry.js';
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

/** How the final video is linked: a signed, expiring URL (the default), or the plain object URL of a public-read OSS bucket. */
export type FinalUrlMode = 'signed' | 'public';

/** Wait for the check that a public URL really is public. */
const PUBLIC_CHECK_TIMEOUT_MS = 10_000;

/**
 * The stored object's plain URL: the signed URL the backend makes, without its
 * signature (OSS signs with query parameters only, so what is left is the
 * object's address as configured: virtual-host or path style, custom endpoint).
 */
export async function plainObjectUrl(storage: Storage, key: string): Promise<string> {
  if (storage.driver !== 'oss') throw new UnrecoverableError('FINAL_URL_MODE=public needs STORAGE_DRIVER=oss: local storage serves files only through signed links');
  const url = new URL(await storage.signedUrl(key, 60));
  url.search = '';
  return url.toString();
}

/**
 * Checks that anyone can read `url` (an unsigned HEAD). A 403 means the bucket
 * is not public-read, which no retry fixes: the error says what to change.
 */
export async function checkPublicRead(url: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PUBLIC_CHECK_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`could not check the final video's public URL: ${(err as Error).message}`);
  }
  if (res.status === 401 || res.status === 403) {
    throw new UnrecoverableError(
      `the final video's plain URL answered ${res.status}: the bucket is not public-read. Make it public-read (OSS console: bucket ACL), or set FINAL_URL_MODE=signed`,
    );
  }
  if (!res.ok) throw new Error(`the final video's public URL answered ${res.status}`);
}

/** The URL recorded for a freshly stored final video: signed for the configured lifetime, or (public mode) plain, checked, with no expiry. */
export async function finalVideoUrl(
  storage: Storage,
  key: string,
  now: Date,
  options: { mode?: FinalUrlMode; lifetimeSeconds?: number; fetchImpl?: typeof fetch } = {},
): Promise<{ url: string; expiresAt: Date | null }> {
  if (options.mode !== 'public') return signFinalUrl(storage, key, now, options.lifetimeSeconds);
  const url = await plainObjectUrl(storage, key);
  // A timeout or 5xx is tried again here, not by re-uploading the whole video.
  await retry(() => checkPublicRead(url, options.fetchImpl), {
    retries: 2,
    retryable: (err) => (err as Error).name !== 'UnrecoverableError',
    delayMs: (attempt) => 500 * attempt,
  });
  return { url, expiresAt: null };
}
