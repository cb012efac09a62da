/**
 * Signed, expiring links for the local storage backend: an HMAC-SHA256 over
 * `(key, expiresAt)` so the file handler can serve a key without a session.
 */
import crypto from 'node:crypto';

/** The path and query string of a signed link (prefix them with the public base URL). */
export interface SignedLink {
  path: string;
  query: string;
}

/** Result of checking a link. */
export type LinkCheck = 'ok' | 'expired' | 'invalid';

/** The URL path under which local objects are served. */
export const FILES_PATH_PREFIX = '/files/';

/** Encodes a key for a URL path, keeping its `/` separators. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function mac(secret: string, key: string, expiresAtUnix: number): string {
  // The newline cannot occur in an integer, so (key, expires) pairs cannot collide.
  return crypto.createHmac('sha256', secret).update(`${key}\n${expiresAtUnix}`).digest('base64url');
}

/** Signs `key` until `expiresAtUnix` (seconds since the epoch). */
export function signLink(secret: string, key: string, expiresAtUnix: number): SignedLink {
  if (!secret) throw new Error('signLink needs a non-empty secret');
  if (!Number.isSafeInteger(expiresAtUnix)) throw new Error(`expiresAtUnix must be an integer, got ${expiresAtUnix}`);
  const query = new URLSearchParams({ expires: String(expiresAtUnix), signature: mac(secret, key, expiresAtUnix) });
  return { path: `${FILES_PATH_PREFIX}${encodeKeyPath(key)}`, query: query.toString() };
}

/** Checks a link's `expires` and `signature` parameters for `key`; compares in constant time. */
export function verifyLink(
  secret: string,
  key: string,
  expires: string | null,
  signature: string | null,
  nowUnix: number,
): LinkCheck {
  if (!secret || !expires || !signature || !/^\d{1,15}$/.test(expires)) return 'invalid';
  const expected = Buffer.from(mac(secret, key, Number(expires)));
  const given = Buffer.from(signature);
  // Check the signature before the expiry so a forged link never learns anything from the answer.
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'invalid';
  return Number(expires) < nowUnix ? 'expired' : 'ok';
}
