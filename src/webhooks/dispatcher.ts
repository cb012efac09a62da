/**
 * Delivers webhooks from the durable outbox: an event is stored first, then
 * sent, retried with backoff and every attempt recorded. Pending deliveries
 * survive a restart and go out after it. A dead endpoint never blocks a batch.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { BatchStore } from '../db/batch-store.js';
import type { PlanStore } from '../db/plan-store.js';
import type { WebhookStore } from '../db/webhook-store.js';
import type { WebhookEvent } from '../domain/statuses.js';
import { liveFinalUrl } from '../storage/final-url.js';
import type { Storage } from '../storage/storage.js';
import { nextAttemptDelay } from './backoff.js';
import { deliverOnce } from './deliver.js';
import { buildWebhookPayload } from './payload.js';

/** The outbox's front (notify) and its delivery loop (start/stop). */
export interface WebhookDispatcher {
  /** Stores the event for the batch's webhook URL (if it has one) and wakes the loop. */
  notify(batchId: string, event: WebhookEvent): void;
  start(): void;
  /** Stops the loop after the attempt in flight. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when nothing is due right now (tests). */
  drain(): Promise<void>;
}

/**
 * Creates the dispatcher.
 * Long because it is a factory: notify, the delivery loop and stop share the timers.
 */
export function createWebhookDispatcher(deps: {
  store: WebhookStore;
  batches: BatchStore;
  plans: PlanStore;
  config: Config;
  storage: Storage;
  log: Logger;
  now: () => Date;
  deliver?: typeof deliverOnce;
}): WebhookDispatcher {
  const { store, config, log, now } = deps;
  const deliver = deps.deliver ?? deliverOnce;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let started = false;
  const controller = new AbortController();

  const schedule = () => {
    if (!started) return;
    if (timer) clearTimeout(timer);
    const next = store.nextDueAt();
    if (!next) return;
    const wait = Math.max(0, next.getTime() - now().getTime());
    timer = setTimeout(() => void tick(), Math.min(wait, 2 ** 31 - 1));
    timer.unref();
  };

  /** The stored body with `finalVideoUrl` signed now: a retry after a restart must not send the old address. */
  const withLiveVideoUrl = async (batchId: string, payload: string): Promise<string> => {
    const body = JSON.parse(payload) as { finalVideoUrl: string | null };
    const render = deps.plans.latestCompletedRender(batchId);
    if (!body.finalVideoUrl || !render?.storageKey || !render.urlExpiresAt) return payload;
    const live = await liveFinalUrl(deps.storage, render.storageKey, render.urlExpiresAt, deps.config.storage.finalUrlExpirySeconds, now());
    return JSON.stringify({ ...body, finalVideoUrl: live.url });
  };

  const tick = (): Promise<void> => {
    running ??= (async () => {
      // Yield first, so `running` is assigned before the finally below clears it.
      await Promise.resolve();
      try {
        for (let due = store.due(); due.length && started; due = store.due()) {
          for (const d of due) {
            if (!started) break;
            const result = await deliver({
              url: d.url,
              id: d.id,
              payload: await withLiveVideoUrl(d.batchId, d.payload),
              secret: config.webhook.secret,
              timeoutMs: config.webhook.timeoutMs,
              allowPrivate: config.allowPrivateUrls,
              signal: controller.signal,
              now,
            });
            const attempt = d.attempts + 1;
            const status = result.ok ? 'DELIVERED' : result.retryable && attempt <= config.webhook.retries ? 'PENDING' : 'FAILED';
            store.recordAttempt(
              d.id,
              { attemptedAt: now(), statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
              {
                status,
                nextAttemptAt:
                  status === 'PENDING'
                    ? new Date(now().getTime() + nextAttemptDelay(attempt, config.webhook.baseDelayMs, result.retryAfterSeconds))
                    : undefined,
              },
            );
            if (status !== 'DELIVERED') log.warn({ delivery: d.id, attempt, status, error: result.error }, 'webhook attempt failed');
          }
        }
      } catch (err) {
        log.error({ err }, 'webhook dispatcher error');
      } finally {
        running = null;
        schedule();
      }
    })();
    return running;
  };

  return {
    notify(batchId, event) {
      const batch = deps.batches.get(batchId);
      if (!batch?.webhookUrl) return;
      const render = deps.plans.latestCompletedRender(batchId);
      const payload = buildWebhookPayload({
        event,
        batchId: encodeGlobalID('Batch', batchId),
        status: batch.status,
        finalVideoUrl: event === 'batch.completed' ? (render?.url ?? null) : null,
        completedAt: batch.completedAt,
        error: batch.error,
      });
      store.enqueue(batchId, event, batch.webhookUrl, JSON.stringify(payload));
      if (started) void tick();
    },
    start() {
      if (started) return;
      started = true;
      void tick();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      controller.abort();
      await running;
    },
    async drain() {
      while (running) await running;
    },
  };
}
