/** The durable webhook outbox: deliveries to make and every attempt made. */
import { and, asc, eq, lte } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from './client.js';
import { webhookAttempts, webhookDeliveries } from './schema.js';
import type { WebhookEvent } from '../domain/statuses.js';

/** A delivery row. */
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
/** An attempt row. */
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Data access for the outbox. */
export class WebhookStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Queues one delivery; its id is the `webhook-id` every retry repeats. */
  enqueue(batchId: string, event: WebhookEvent, url: string, payload: string): DeliveryRow {
    const row = {
      id: `msg_${randomUUID().replace(/-/g, '')}`,
      batchId,
      event,
      url,
      payload,
      status: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: this.now(),
      createdAt: this.now(),
    };
    this.db.insert(webhookDeliveries).values(row).run();
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row.id)).get()!;
  }

  /** Pending deliveries whose next attempt is due. */
  due(limit = 20): DeliveryRow[] {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'PENDING'), lte(webhookDeliveries.nextAttemptAt, this.now())))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit)
      .all();
  }

  /** The earliest next attempt among pending deliveries. */
  nextDueAt(): Date | null {
    const row = this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, 'PENDING'))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(1)
      .get();
    return row?.nextAttemptAt ?? null;
  }

  /** Records one attempt and the delivery's new state, in one transaction. */
  recordAttempt(
    deliveryId: string,
    attempt: { attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number },
    next: { status: 'PENDING' | 'DELIVERED' | 'FAILED'; nextAttemptAt?: Date },
  ): void {
    this.db.transaction((tx) => {
      tx.insert(webhookAttempts).values({ deliveryId, ...attempt }).run();
      const current = tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).get();
      tx.update(webhookDeliveries)
        .set({
          status: next.status,
          attempts: (current?.attempts ?? 0) + 1,
          lastError: attempt.error,
          ...(next.nextAttemptAt ? { nextAttemptAt: next.nextAttemptAt } : {}),
          ...(next.status === 'DELIVERED' ? { deliveredAt: attempt.attemptedAt } : {}),
        })
        .where(eq(webhookDeliveries.id, deliveryId))
        .run();
    });
  }

  /** A batch's deliveries, oldest first. */
  forBatch(batchId: string): DeliveryRow[] {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.batchId, batchId)).orderBy(asc(webhookDeliveries.createdAt)).all();
  }

  /** A delivery's attempts, oldest first. */
  attempts(deliveryId: string): AttemptRow[] {
    return this.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.id)).all();
  }
}
