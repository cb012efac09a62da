/**
 * Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256>`
 * over `${webhook-id}.${webhook-timestamp}.${body}`.
 *
 * The secret is either `whsec_<base64>` (the Standard Webhooks form: the
 * bytes after the prefix are base64-decoded and used as the key) or any other
 * string, whose UTF-8 bytes are the key. Receivers must use the same rule.
 */
import crypto from 'node:crypto';

/** How far a receiver lets `webhook-timestamp` drift from its clock (the standardwebhooks library's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The HMAC key for a secret: base64-decoded after `whsec_`, else the string's UTF-8 bytes. */
export function webhookSecretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The `webhook-signature` value for one message: `v1,<base64>`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** What a receiver got. Header names are the Standard Webhooks ones. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  /** The `webhook-signature` header: one or more space-separated `v1,<base64>` entries (several during key rotation). */
  signature: string;
  /** The raw body, exactly as received. */
  body: string;
}

/**
 * Checks a received webhook: the timestamp within the tolerance and at least
 * one `v1` signature matching, compared in constant time. For receivers and tests.
 */
export function verifyWebhook(
  secret: string,
  msg: ReceivedWebhook,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  if (!/^\d+$/.test(msg.timestamp)) return false;
  const ts = Number(msg.timestamp);
  if (Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, msg.id, ts, msg.body).slice(3), 'base64');
  return msg.signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
}
