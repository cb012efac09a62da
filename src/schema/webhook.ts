/** Webhook deliveries and their attempts, readable on the batch. */
import { DeliveryStatusEnum } from './enums.js';
import { WebhookAttemptRef, WebhookDeliveryRef } from './refs.js';

WebhookAttemptRef.implement({
  description: 'One HTTP attempt to deliver a webhook.',
  fields: (t) => ({
    attemptedAt: t.field({ type: 'DateTime', resolve: (a) => a.attemptedAt, description: 'When it was sent.' }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'The HTTP status the endpoint answered; null when there was no answer.' }),
    error: t.exposeString('error', { nullable: true, description: 'What went wrong; null on success.' }),
    durationMs: t.exposeInt('durationMs', { description: 'How long the attempt took.' }),
  }),
});

WebhookDeliveryRef.implement({
  description: 'One webhook event for the batch, with every attempt to deliver it.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The `webhook-id` header; the same on every retry, so receivers can drop duplicates.' }),
    event: t.exposeString('event', { description: 'batch.completed, batch.failed or batch.awaiting_approval.' }),
    url: t.exposeString('url', { description: 'Where it is sent.' }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status, description: 'Its state.' }),
    attemptCount: t.int({ resolve: (d) => d.attempts, description: 'Attempts made so far.' }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null), description: 'When the next attempt is due; null once delivered or given up.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'The last attempt’s error.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt, description: 'When the event happened.' }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt, description: 'When the endpoint accepted it.' }),
    attempts: t.field({ type: [WebhookAttemptRef], resolve: (d, _a, ctx) => ctx.webhooks.attempts(d.id), description: 'Every attempt, oldest first.' }),
  }),
});
