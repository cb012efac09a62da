/** RENDERING: cuts the approved plan from the originals and joins it. */
import fs from 'node:fs';
import { toSettings, toWork, workDirOf, type BatchRow } from '../../db/batch-store.js';
import type { RenderRow } from '../../db/plan-store.js';
import { isAbort, messageOf } from '../../domain/errors.js';
import { overallPercent } from '../progress.js';
import { createRender, needsNewRender } from '../transitions.js';
import { failBatch, phaseControl, secondsSince, withAttempts, type PhaseContext } from './phase-context.js';

/** Brings back originals that cleanup removed (a render after COMPLETED). */
export async function ensureOriginals(ctx: PhaseContext, batch: BatchRow, indexes: Set<number>, signal: AbortSignal): Promise<void> {
  const settings = toSettings(batch);
  for (const v of ctx.store.videos(batch.id)) {
    if (!indexes.has(v.index) || (v.localPath && fs.existsSync(v.localPath))) continue;
    const out = await ctx.prepare.run(toWork(v, batch, ctx.stageDeps.config.dataDir), settings, ctx.stageDeps, { signal, onProgress: () => {} });
    ctx.store.updateVideo(v.id, ctx.prepare.save(out).video);
  }
}

/** Renders the newest approved plan version, resuming a render cut short; null when the batch failed. */
export async function renderPhase(ctx: PhaseContext, batch: BatchRow, signal: AbortSignal): Promise<RenderRow | null> {
  const id = batch.id;
  let render = ctx.plans.latestRender(id);
  if (!render || needsNewRender(render)) {
    const approved = ctx.plans.versions(id).filter((p) => p.status === 'APPROVED').at(-1);
    if (!approved) throw new Error(`batch ${id} reached rendering without an approved plan`);
    render = createRender(ctx.plans, id, approved.version);
  }
  const plan = ctx.plans.version(id, render.planVersion)!;
  const draft = ctx.plans.draftOf(plan);
  if (render.localPath && fs.existsSync(render.localPath) && render.durationSeconds !== null) return render;

  ctx.reporter.status(id, 'CLIPPING', { progress: overallPercent('RENDERING', 0, ctx.ranges) });
  ctx.reporter.stage(id, 'RENDERING', { status: 'RUNNING', itemsDone: 0, itemsTotal: draft.clips.length });
  ctx.plans.updateRender(render.id, { status: 'RUNNING', error: null });
  try {
    await ensureOriginals(ctx, ctx.store.get(id)!, new Set(draft.clips.map((c) => c.videoIndex)), signal);
    const fresh = ctx.store.get(id)!;
    const works = ctx.store.videos(id).map((v) => toWork(v, fresh, ctx.stageDeps.config.dataDir));
    const renderId = render.id;
    const base = phaseControl(ctx, id, 'RENDERING', signal, 'RENDERING');
    const started = ctx.now();
    const out = await withAttempts(ctx, 'RENDERING', id, signal, () =>
      ctx.stages.RENDERING.run(
        { batch: toSettings(fresh), plan: draft, videos: works, renderId, workDir: workDirOf(ctx.stageDeps.config.dataDir, id) },
        ctx.stageDeps,
        {
          ...base,
          onProgress: (fraction, message) => {
            const done = Math.floor(fraction * draft.clips.length + 1e-9);
            ctx.reporter.stage(id, 'RENDERING', { itemsDone: Math.min(done, draft.clips.length) });
            base.onProgress(fraction * 0.9, message);
          },
          onMerging: () => {
            ctx.reporter.stage(id, 'RENDERING', { itemsDone: draft.clips.length, message: 'joining clips' });
            ctx.reporter.status(id, 'MERGING', { progress: overallPercent('RENDERING', 0.9, ctx.ranges), message: 'joining clips' });
          },
        },
      ),
    );
    ctx.throughput.record({ kind: 'render', outputSeconds: out.probe.durationSeconds, wallSeconds: secondsSince(ctx, started) });
    ctx.plans.updateRender(renderId, {
      localPath: out.path,
      durationSeconds: out.probe.durationSeconds,
      sizeBytes: out.probe.sizeBytes,
      width: out.probe.width,
      height: out.probe.height,
    });
    ctx.reporter.stage(id, 'RENDERING', { status: 'COMPLETED', itemsDone: draft.clips.length });
    return ctx.plans.render(renderId)!;
  } catch (err) {
    if (isAbort(err)) throw err;
    ctx.plans.updateRender(render.id, { status: 'FAILED', error: messageOf(err) });
    failBatch(ctx, id, 'RENDERING', `rendering failed: ${messageOf(err)}`);
    return null;
  }
}
