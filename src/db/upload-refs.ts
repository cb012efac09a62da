/** Which batches use LOCAL files, and where they stand: what the upload sweeper needs to know. */
import { eq } from 'drizzle-orm';
import type { BatchStatus } from '../domain/statuses.js';
import type { Db } from './client.js';
import { batches, videos } from './schema.js';

/** One LOCAL source of one batch. */
export interface LocalSourceRef {
  batchId: string;
  status: BatchStatus;
  /** The batch's last change: for an ended batch, when it ended or was last acted on. */
  updatedAt: Date;
  /** The path the source was given as (an upload's id, for an upload). */
  sourcePath: string | null;
  /** The real path it resolved to; null before preparation. */
  localPath: string | null;
}

/** Every LOCAL source of every batch, with its batch's status and last change. */
export function localSourceRefs(db: Db): LocalSourceRef[] {
  return db
    .select({ batchId: batches.id, status: batches.status, updatedAt: batches.updatedAt, sourcePath: videos.sourcePath, localPath: videos.localPath })
    .from(videos)
    .innerJoin(batches, eq(videos.batchId, batches.id))
    .where(eq(videos.sourceType, 'LOCAL'))
    .all();
}
