/**
 * Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256>`
 * over `${webhook-id}.${webhook-timestamp}.${body}`.
 *
 * The secret is either `whsec_<base64>` (the Standard Webhooks form: the
 * bytes after the prefix are base64-decoded and used as the key) or any other
 * string, whose UTF-8 bytes are the key. Receivers must use the same rule.
 */
import { Webhook } from 'standardwebhooks';

/** How far a receiver lets `webhook-timestamp` drift from its clock (the standardwebhooks library's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The HMAC key for a secret: base64-decoded after `whsec_`, else the string's UTF-8 bytes. */
export function webhookSecretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The reference implementation, keyed by our rule (the library's own "raw" form would take Latin-1 bytes). */
function webhookFor(secret: string): Webhook {
  return new Webhook(webhookSecretKey(secret), { format: 'raw' });
}

/** The `webhook-signature` value for one message: `v1,<base64>`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return webhookFor(secret).sign(id, new Date(timestampSeconds * 1000), body);
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
 * Checks a received webhook with the standardwebhooks verifier: at least one
 * `v1` signature matching, compared in constant time. The timestamp is checked
 * against the caller's clock (the library would use the process clock), so
 * receivers and tests can pass their own. For receivers and tests.
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
  const hook = webhookFor(secret);
  // The timestamp is already checked against the caller's clock above.
  (hook as unknown as { verifyTimestamp(header: string): Date }).verifyTimestamp = () => new Date(ts * 1000);
  try {
    hook.verify(msg.body, { 'webhook-id': msg.id, 'webhook-timestamp': msg.timestamp, 'webhook-signature': msg.signature }, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}
