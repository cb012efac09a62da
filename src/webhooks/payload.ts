/** The webhook body documented in the README ("Webhooks"), and nothing else. */
import type { BatchStatus, WebhookEvent } from '../domain/statuses.js';

/** The JSON a webhook receiver gets. */
export interface WebhookPayload {
  event: WebhookEvent;
  batchId: string;
  status: BatchStatus;
  finalVideoUrl: string | null;
  /** RFC 3339 (ISO 8601, UTC) or null. */
  completedAt: string | null;
  error: string | null;
}

/** Builds the payload with exactly the spec's keys, in the spec's order; dates become ISO strings. */
export function buildWebhookPayload(input: {
  event: WebhookEvent;
  batchId: string;
  status: BatchStatus;
  finalVideoUrl?: string | null;
  completedAt?: Date | string | null;
  error?: string | null;
}): WebhookPayload {
  const at = input.completedAt;
  return {
    event: input.event,
    batchId: input.batchId,
    status: input.status,
    finalVideoUrl: input.finalVideoUrl ?? null,
    completedAt: at == null ? null : at instanceof Date ? at.toISOString() : new Date(at).toISOString(),
    error: input.error ?? null,
  };
}
