/** Reads and writes batches, their videos, stage runs and usage. The runner and the API share it. */
import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Db } from './client.js';
import { batches, stageRuns, usageRecords, videos } from './schema.js';
import { STAGES, type BatchStatus, type CompressionProfile, type SourceType, type Stage, type StageStatus } from '../domain/statuses.js';
import type { BatchSettings, OutputSettings, UsageEntry, VideoWork } from '../domain/types.js';
import type { Language } from '../i18n/language.js';
import type { BatchEstimate } from '../estimate/types.js';

/** A batch row as stored. */
export type BatchRow = typeof batches.$inferSelect;
/** A video row as stored. */
export type VideoRow = typeof videos.$inferSelect;
/** A stage-run row as stored. */
export type StageRunRow = typeof stageRuns.$inferSelect;

/** What createBatch stores, already validated. */
export interface NewBatch {
  compressionProfile: CompressionProfile;
  tempUrlExpirySeconds: number;
  output: OutputSettings;
  enableVlAnalysis: boolean;
  enableAsr: boolean;
  webhookUrl: string | null;
  customPrompt: string | null;
  autoApprove: boolean;
  /** The plan length asked for, null for the default. */
  targetDurationSeconds?: number | null;
  language?: Language;
  /** The cost estimate made at creation. */
  estimate?: BatchEstimate | null;
  sources: { type: SourceType; path: string | null; url: string | null; compressionProfile: CompressionProfile | null }[];
}

/** The batch's work directory under DATA_DIR. */
export function workDirOf(dataDir: string, batchId: string): string {
  return path.join(dataDir, 'work', batchId);
}

/** Batch row → the settings stages see. */
export function toSettings(row: BatchRow): BatchSettings {
  return {
    id: row.id,
    compressionProfile: row.compressionProfile,
    tempUrlExpirySeconds: row.tempUrlExpirySeconds,
    output: row.output,
    enableVlAnalysis: row.enableVlAnalysis,
    enableAsr: row.enableAsr,
    customPrompt: row.customPrompt,
    autoApprove: row.autoApprove,
    webhookUrl: row.webhookUrl,
    createdAt: row.createdAt,
    targetDurationSeconds: row.targetDurationSeconds,
    language: row.language,
  };
}

/** Video row → the work item stages see. */
export function toWork(row: VideoRow, batch: BatchRow, dataDir: string): VideoWork {
  return {
    id: row.id,
    batchId: row.batchId,
    index: row.index,
    sourceType: row.sourceType,
    sourcePath: row.sourcePath,
    sourceUrl: row.sourceUrl,
    compressionProfile: row.compressionProfile ?? batch.compressionProfile,
    workDir: workDirOf(dataDir, row.batchId),
    localPath: row.localPath,
    downloaded: row.downloaded,
    probe: row.probe,
    compressed: row.compressed,
    temp:
      row.tempKey && row.tempUrl && row.tempExpiresAt
        ? { key: row.tempKey, url: row.tempUrl, expiresAt: row.tempExpiresAt }
        : null,
    analysis: row.analysis,
    transcript: row.transcript,
  };
}

/** Data access for batches and videos. */
export class BatchStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Inserts a batch with its videos and pending stage runs in one transaction. */
  create(input: NewBatch): BatchRow {
    const id = randomUUID();
    const now = this.now();
    this.db.transaction((tx) => {
      tx.insert(batches)
        .values({
          id,
          status: 'QUEUED',
          compressionProfile: input.compressionProfile,
          tempUrlExpirySeconds: input.tempUrlExpirySeconds,
          output: input.output,
          enableVlAnalysis: input.enableVlAnalysis,
          enableAsr: input.enableAsr,
          webhookUrl: input.webhookUrl,
          customPrompt: input.customPrompt,
          autoApprove: input.autoApprove,
          targetDurationSeconds: input.targetDurationSeconds ?? null,
          language: input.language ?? 'ZH',
          estimate: input.estimate ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      input.sources.forEach((s, index) => {
        tx.insert(videos)
          .values({
            id: randomUUID(),
            batchId: id,
            index,
            sourceType: s.type,
            sourcePath: s.path,
            sourceUrl: s.url,
            compressionProfile: s.compressionProfile,
            createdAt: now,
            updatedAt: now,
          })
          .run();
      });
      for (const stage of STAGES) {
        tx.insert(stageRuns).values({ batchId: id, stage, status: 'PENDING' }).run();
      }
    });
    return this.get(id)!;
  }

  /** One batch, or undefined. */
  get(id: string): BatchRow | undefined {
    return this.db.select().from(batches).where(eq(batches.id, id)).get();
  }

  /** Batches newest first, after a keyset cursor, optionally of one status. */
  list(options: { first: number; after?: { createdAt: number; id: string }; status?: BatchStatus }): BatchRow[] {
    const conditions = [];
    if (options.status) conditions.push(eq(batches.status, options.status));
    if (options.after) {
      const at = new Date(options.after.createdAt);
      conditions.push(or(lt(batches.createdAt, at), and(eq(batches.createdAt, at), lt(batches.id, options.after.id))));
    }
    return this.db
      .select()
      .from(batches)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(batches.createdAt), desc(batches.id))
      .limit(options.first)
      .all();
  }

  /** How many batches there are (of one status). */
  count(status?: BatchStatus): number {
    const row = this.db
      .select({ n: sql<number>`count(*)` })
      .from(batches)
      .where(status ? eq(batches.status, status) : undefined)
      .get();
    return row?.n ?? 0;
  }

  /** Batches that were running when the server stopped. */
  unfinished(): BatchRow[] {
    return this.db
      .select()
      .from(batches)
      .where(sql`${batches.status} not in ('COMPLETED','FAILED','CANCELLED','AWAITING_APPROVAL')`)
      .orderBy(asc(batches.createdAt))
      .all();
  }

  /** Updates batch columns and bumps updatedAt. */
  update(id: string, patch: Partial<Omit<BatchRow, 'id' | 'createdAt'>>): void {
    this.db
      .update(batches)
      .set({ ...patch, updatedAt: this.now() })
      .where(eq(batches.id, id))
      .run();
  }

  /** A batch's videos in index order. */
  videos(batchId: string): VideoRow[] {
    return this.db.select().from(videos).where(eq(videos.batchId, batchId)).orderBy(asc(videos.index)).all();
  }

  /** One video by id. */
  video(id: string): VideoRow | undefined {
    return this.db.select().from(videos).where(eq(videos.id, id)).get();
  }

  /** Updates video columns and bumps updatedAt. */
  updateVideo(id: string, patch: Partial<Omit<VideoRow, 'id' | 'batchId' | 'index' | 'createdAt'>>): void {
    this.db
      .update(videos)
      .set({ ...patch, updatedAt: this.now() })
      .where(eq(videos.id, id))
      .run();
  }

  /** A batch's stage runs in stage order. */
  stages(batchId: string): StageRunRow[] {
    const rows = this.db.select().from(stageRuns).where(eq(stageRuns.batchId, batchId)).all();
    return STAGES.map((s) => rows.find((r) => r.stage === s)).filter((r): r is StageRunRow => !!r);
  }

  /** Updates one stage run. */
  updateStage(batchId: string, stage: Stage, patch: Partial<Omit<StageRunRow, 'batchId' | 'stage'>>): void {
    this.db
      .update(stageRuns)
      .set(patch)
      .where(and(eq(stageRuns.batchId, batchId), eq(stageRuns.stage, stage)))
      .run();
  }

  /** Resets stage runs (for a retry or a new render) to PENDING. */
  resetStages(batchId: string, stages: readonly Stage[], status: StageStatus = 'PENDING'): void {
    for (const stage of stages) {
      this.updateStage(batchId, stage, { status, startedAt: null, finishedAt: null, itemsDone: 0, itemsTotal: 0, message: null });
    }
  }

  /** Records model usage. */
  addUsage(batchId: string, entries: UsageEntry[]): void {
    for (const u of entries) {
      this.db
        .insert(usageRecords)
        .values({
          batchId,
          stage: u.stage,
          videoIndex: u.videoIndex,
          model: u.model,
          promptTokens: u.promptTokens,
          completionTokens: u.completionTokens,
          cost: u.cost,
          estimatedVideoTokens: u.estimatedVideoTokens ?? null,
          originalVideoTokens: u.originalVideoTokens ?? null,
          createdAt: this.now(),
        })
        .run();
    }
  }

  /** Every usage record of a batch. */
  usage(batchId: string): (typeof usageRecords.$inferSelect)[] {
    return this.db.select().from(usageRecords).where(eq(usageRecords.batchId, batchId)).orderBy(asc(usageRecords.id)).all();
  }
}
