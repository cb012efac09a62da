/** Message ids for webhooks: one per event, the same on every retry, so receivers can drop duplicates. */
import crypto from 'node:crypto';

/** A new `msg_…` id (Standard Webhooks style). */
export function newWebhookId(): string {
  return `msg_${crypto.randomBytes(16).toString('base64url')}`;
}
