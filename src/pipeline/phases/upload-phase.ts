/** FINAL_UPLOAD: stores the rendered file and records its URL on the render. */
import { toSettings, type BatchRow } from '../../db/batch-store.js';
import type { RenderRow } from '../../db/plan-store.js';
import { isAbort, messageOf } from '../../domain/errors.js';
import { overallPercent } from '../progress.js';
import { failBatch, phaseControl, secondsSince, withAttempts, type PhaseContext } from './phase-context.js';

/** Uploads the render; false when the batch failed. */
export async function uploadPhase(ctx: PhaseContext, batch: BatchRow, render: RenderRow, signal: AbortSignal): Promise<boolean> {
  const id = batch.id;
  if (render.url && render.status === 'COMPLETED') return true;
  ctx.reporter.status(id, 'UPLOADING_FINAL', { progress: overallPercent('FINAL_UPLOAD', 0, ctx.ranges) });
  ctx.reporter.stage(id, 'FINAL_UPLOAD', { status: 'RUNNING', itemsDone: 0, itemsTotal: 1 });
  try {
    const probe = {
      durationSeconds: render.durationSeconds ?? 0,
      sizeBytes: render.sizeBytes ?? 0,
      width: render.width ?? 0,
      height: render.height ?? 0,
    };
    const started = ctx.now();
    const out = await withAttempts(ctx, 'FINAL_UPLOAD', id, signal, () =>
      ctx.stages.FINAL_UPLOAD.run(
        { batch: toSettings(batch), renderId: render.id, path: render.localPath!, probe },
        ctx.stageDeps,
        phaseControl(ctx, id, 'FINAL_UPLOAD', signal, 'FINAL_UPLOAD'),
      ),
    );
    ctx.throughput.record({ kind: 'finish', wallSeconds: secondsSince(ctx, started) });
    ctx.plans.updateRender(render.id, {
      status: 'COMPLETED',
      storageKey: out.key,
      url: out.url,
      urlExpiresAt: out.expiresAt,
      sizeBytes: out.sizeBytes,
      completedAt: ctx.now(),
    });
    ctx.reporter.stage(id, 'FINAL_UPLOAD', { status: 'COMPLETED', itemsDone: 1 });
    return true;
  } catch (err) {
    if (isAbort(err)) throw err;
    ctx.plans.updateRender(render.id, { status: 'FAILED', error: messageOf(err) });
    failBatch(ctx, id, 'FINAL_UPLOAD', `final upload failed: ${messageOf(err)}`);
    return false;
  }
}
