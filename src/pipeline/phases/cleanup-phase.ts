/** CLEANUP and COMPLETED: removes what the batch made for itself, then announces the end. */
import fs from 'node:fs';
import { toSettings, toWork, workDirOf, type BatchRow } from '../../db/batch-store.js';
import { messageOf } from '../../domain/errors.js';
import { overallPercent } from '../progress.js';
import type { PhaseContext } from './phase-context.js';

/** Cleans up and completes the batch. */
export async function cleanupPhase(ctx: PhaseContext, batch: BatchRow, signal: AbortSignal): Promise<void> {
  const id = batch.id;
  ctx.reporter.status(id, 'CLEANUP', { progress: overallPercent('CLEANUP', 0, ctx.ranges) });
  ctx.reporter.stage(id, 'CLEANUP', { status: 'RUNNING', itemsDone: 0, itemsTotal: 1 });
  const message = await runCleanup(ctx, batch, signal);
  ctx.reporter.stage(id, 'CLEANUP', { status: message.startsWith('cleanup failed') ? 'FAILED' : 'COMPLETED', itemsDone: 1, message });
  ctx.reporter.status(id, 'COMPLETED', { progress: 100, error: null, message: 'completed' });
  ctx.notify(id, 'batch.completed');
}

/** Removes the batch's temporary files and objects; a failure is reported, never fatal. */
export async function runCleanup(ctx: PhaseContext, batch: BatchRow, signal: AbortSignal): Promise<string> {
  const fresh = ctx.store.get(batch.id) ?? batch;
  const works = ctx.store.videos(batch.id).map((v) => toWork(v, fresh, ctx.stageDeps.config.dataDir));
  try {
    const out = await ctx.stages.CLEANUP.run(
      { batch: toSettings(fresh), videos: works, workDir: workDirOf(ctx.stageDeps.config.dataDir, batch.id) },
      ctx.stageDeps,
      { signal, onProgress: () => {} },
    );
    for (const v of ctx.store.videos(batch.id)) {
      if (v.downloaded && v.localPath && !fs.existsSync(v.localPath)) ctx.store.updateVideo(v.id, { localPath: null });
    }
    return `removed ${out.removed.length} temporary item(s)`;
  } catch (err) {
    ctx.log.warn({ batchId: batch.id, err: messageOf(err) }, 'cleanup failed');
    return `cleanup failed: ${messageOf(err)}`;
  }
}
