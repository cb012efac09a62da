/** Reads and writes clip-plan versions, their clips and renders. */
import { and, asc, count, desc, eq, gt, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from './client.js';
import { clipPlans, clips, renders } from './schema.js';
import type { PlanOrigin, PlanStatus } from '../domain/statuses.js';
import type { PlanDraft } from '../domain/types.js';

/** A plan version row. */
export type PlanRow = typeof clipPlans.$inferSelect;
/** A clip row. */
export type ClipRow = typeof clips.$inferSelect;
/** A render row. */
export type RenderRow = typeof renders.$inferSelect;

/** Sum of clip lengths in seconds. */
export function planDuration(plan: PlanDraft): number {
  return plan.clips.reduce((sum, c) => sum + (c.end - c.start), 0);
}

/** Data access for plans and renders. */
export class PlanStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
    /** Versions kept per batch: adding one beyond it prunes the oldest drafts (approved versions stay). */
    private readonly versionsKept = 50,
  ) {}

  /** The newest version of a batch's plan. */
  current(batchId: string): PlanRow | undefined {
    return this.db.select().from(clipPlans).where(eq(clipPlans.batchId, batchId)).orderBy(desc(clipPlans.version)).limit(1).get();
  }

  /** Versions oldest first: all of them, or `limit` after version `afterVersion`. */
  versions(batchId: string, page: { afterVersion?: number; limit?: number } = {}): PlanRow[] {
    const where = page.afterVersion === undefined ? eq(clipPlans.batchId, batchId) : and(eq(clipPlans.batchId, batchId), gt(clipPlans.version, page.afterVersion));
    const q = this.db.select().from(clipPlans).where(where).orderBy(asc(clipPlans.version));
    return page.limit === undefined ? q.all() : q.limit(page.limit).all();
  }

  /** How many versions a batch keeps. */
  versionCount(batchId: string): number {
    return this.db.select({ n: count() }).from(clipPlans).where(eq(clipPlans.batchId, batchId)).get()?.n ?? 0;
  }

  /** One version by id. */
  byId(id: string): PlanRow | undefined {
    return this.db.select().from(clipPlans).where(eq(clipPlans.id, id)).get();
  }

  /** One version by number. */
  version(batchId: string, version: number): PlanRow | undefined {
    return this.db
      .select()
      .from(clipPlans)
      .where(and(eq(clipPlans.batchId, batchId), eq(clipPlans.version, version)))
      .get();
  }

  /** A plan's clips in order. */
  clips(planId: string): ClipRow[] {
    return this.db.select().from(clips).where(eq(clips.planId, planId)).orderBy(asc(clips.position)).all();
  }

  /** Clips of several plans at once (for list queries). */
  clipsOf(planIds: string[]): ClipRow[] {
    if (!planIds.length) return [];
    return this.db.select().from(clips).where(inArray(clips.planId, planIds)).orderBy(asc(clips.position)).all();
  }

  /** One clip by id. */
  clip(id: string): ClipRow | undefined {
    return this.db.select().from(clips).where(eq(clips.id, id)).get();
  }

  /** A stored plan as plain data. */
  draftOf(plan: PlanRow): PlanDraft {
    return {
      theme: plan.theme,
      clips: this.clips(plan.id).map((c) => ({ videoIndex: c.videoIndex, start: c.start, end: c.end, reason: c.reason })),
    };
  }

  /**
   * Adds the next version. Runs inside the caller's transaction when given one,
   * so the version check and the insert cannot interleave with another writer.
   */
  addVersion(
    batchId: string,
    draft: PlanDraft,
    meta: { origin: PlanOrigin; status: PlanStatus; customPrompt: string | null; note?: string | null },
    db: Pick<Db, 'insert' | 'select' | 'delete'> = this.db,
  ): PlanRow {
    const last = db.select().from(clipPlans).where(eq(clipPlans.batchId, batchId)).orderBy(desc(clipPlans.version)).limit(1).get();
    const now = this.now();
    const row: PlanRow = {
      id: randomUUID(),
      batchId,
      version: (last?.version ?? 0) + 1,
      status: meta.status,
      origin: meta.origin,
      theme: draft.theme,
      totalDurationSeconds: Math.round(planDuration(draft) * 1000) / 1000,
      customPrompt: meta.customPrompt,
      note: meta.note ?? null,
      createdAt: now,
      approvedAt: meta.status === 'APPROVED' ? now : null,
    };
    db.insert(clipPlans).values(row).run();
    draft.clips.forEach((c, position) => {
      db.insert(clips)
        .values({ id: randomUUID(), planId: row.id, position, videoIndex: c.videoIndex, start: c.start, end: c.end, reason: c.reason })
        .run();
    });
    this.prune(batchId, db);
    return row;
  }

  /** Deletes the oldest drafts beyond versionsKept; approved versions and the newest are never pruned. */
  private prune(batchId: string, db: Pick<Db, 'select' | 'delete'>): void {
    const all = db.select({ id: clipPlans.id, status: clipPlans.status }).from(clipPlans).where(eq(clipPlans.batchId, batchId)).orderBy(asc(clipPlans.version)).all();
    let excess = all.length - this.versionsKept;
    for (const v of all.slice(0, -1)) {
      if (excess <= 0) break;
      if (v.status !== 'DRAFT') continue;
      db.delete(clips).where(eq(clips.planId, v.id)).run();
      db.delete(clipPlans).where(eq(clipPlans.id, v.id)).run();
      excess--;
    }
  }

  /** Marks a version approved. */
  approve(planId: string, db: Pick<Db, 'update'> = this.db): void {
    db.update(clipPlans).set({ status: 'APPROVED', approvedAt: this.now() }).where(eq(clipPlans.id, planId)).run();
  }

  /** A batch's renders, oldest first. */
  renders(batchId: string): RenderRow[] {
    return this.db.select().from(renders).where(eq(renders.batchId, batchId)).orderBy(asc(renders.createdAt)).all();
  }

  /** One render by id. */
  render(id: string): RenderRow | undefined {
    return this.db.select().from(renders).where(eq(renders.id, id)).get();
  }

  /** The newest render of a batch. */
  latestRender(batchId: string): RenderRow | undefined {
    return this.db.select().from(renders).where(eq(renders.batchId, batchId)).orderBy(desc(renders.createdAt)).limit(1).get();
  }

  /** The newest completed render of a batch: its current final video. */
  latestCompletedRender(batchId: string): RenderRow | undefined {
    return this.db
      .select()
      .from(renders)
      .where(and(eq(renders.batchId, batchId), eq(renders.status, 'COMPLETED')))
      .orderBy(desc(renders.createdAt))
      .limit(1)
      .get();
  }

  /** Creates a pending render of a plan version. */
  addRender(batchId: string, planVersion: number, db: Pick<Db, 'insert'> = this.db): RenderRow {
    const row = {
      id: randomUUID(),
      batchId,
      planVersion,
      status: 'PENDING' as const,
      createdAt: this.now(),
    };
    db.insert(renders).values(row).run();
    return this.render(row.id) ?? ({ ...row } as RenderRow);
  }

  /** Updates a render. */
  updateRender(id: string, patch: Partial<Omit<RenderRow, 'id' | 'batchId' | 'createdAt'>>): void {
    this.db.update(renders).set(patch).where(eq(renders.id, id)).run();
  }
}
