/** What every resolver receives. Built per request by app.ts from the long-lived services. */
import type { Config } from '../config.js';
import type { BatchStore } from '../db/batch-store.js';
import type { PlanStore } from '../db/plan-store.js';
import type { WebhookStore } from '../db/webhook-store.js';
import type { BatchActions } from '../pipeline/batch-actions.js';
import type { ProgressBus } from '../pipeline/events.js';
import type { HealthReport } from '../health.js';
import type { ThumbnailStrips } from '../media/thumbnail-strips.js';
import type { Storage } from '../storage/storage.js';

/** Resolver context. */
export interface Context {
  config: Config;
  batches: BatchStore;
  plans: PlanStore;
  webhooks: WebhookStore;
  actions: BatchActions;
  bus: ProgressBus;
  health(): Promise<HealthReport>;
  storage: Storage;
  /** Draws and signs clips' thumbnail strips. */
  thumbnails: ThumbnailStrips;
}
