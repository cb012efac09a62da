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

// Upload links are signed with a key derived for that purpose only, so no GET link can ever pass as one.
function uploadMac(secret: string, key: string, expiresAtUnix: number, maxBytes: number): string {
  const uploadKey = crypto.createHmac('sha256', secret).update('autoclip upload links v1').digest();
  return crypto.createHmac('sha256', uploadKey).update(`${key}\n${expiresAtUnix}\n${maxBytes}`).digest('base64url');
}

/** Signs a PUT of at most `maxBytes` to exactly `key`, until `expiresAtUnix`. */
export function signUploadLink(secret: string, key: string, expiresAtUnix: number, maxBytes: number): SignedLink {
  if (!secret) throw new Error('signUploadLink needs a non-empty secret');
  if (!Number.isSafeInteger(expiresAtUnix)) throw new Error(`expiresAtUnix must be an integer, got ${expiresAtUnix}`);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new Error(`maxBytes must be a whole number ≥ 0, got ${maxBytes}`);
  const query = new URLSearchParams({
    upload: '1',
    expires: String(expiresAtUnix),
    max: String(maxBytes),
    signature: uploadMac(secret, key, expiresAtUnix, maxBytes),
  });
  return { path: `${FILES_PATH_PREFIX}${encodeKeyPath(key)}`, query: query.toString() };
}

/** Checks an upload link's parameters for `key`; on success also returns its size cap. */
export function verifyUploadLink(
  secret: string,
  key: string,
  params: URLSearchParams,
  nowUnix: number,
): { check: 'ok'; maxBytes: number } | { check: 'expired' | 'invalid' } {
  const expires = params.get('expires');
  const max = params.get('max');
  const signature = params.get('signature');
  if (!secret || params.get('upload') !== '1' || !expires || !max || !signature) return { check: 'invalid' };
  if (!/^\d{1,15}$/.test(expires) || !/^\d{1,15}$/.test(max)) return { check: 'invalid' };
  const expected = Buffer.from(uploadMac(secret, key, Number(expires), Number(max)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { check: 'invalid' };
  if (Number(expires) < nowUnix) return { check: 'expired' };
  return { check: 'ok', maxBytes: Number(max) };
}
