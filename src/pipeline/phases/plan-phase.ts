/** PLAN_GENERATION and the entry to APPROVAL: one plan from the ready videos, then wait or go on. */
import { toSettings, toWork, type BatchRow } from '../../db/batch-store.js';
import { isAbort, messageOf } from '../../domain/errors.js';
import { overallPercent } from '../progress.js';
import { createRender } from '../transitions.js';
import { failBatch, phaseControl, secondsSince, withAttempts, type PhaseContext } from './phase-context.js';

/** Drafts the plan; true when the batch goes straight on to rendering (auto-approved). */
export async function planPhase(ctx: PhaseContext, batch: BatchRow, signal: AbortSignal): Promise<boolean> {
  const id = batch.id;
  const ready = ctx.store.videos(id).filter((v) => v.status === 'READY');
  if (ready.length === 0) {
    const reasons = ctx.store
      .videos(id)
      .map((v) => `video ${v.index}: ${v.error ?? v.status}`)
      .join('; ');
    failBatch(ctx, id, 'PREPARATION', `no video could be used (${reasons})`);
    return false;
  }
  ctx.reporter.status(id, 'GENERATING_PLAN', { progress: overallPercent('PLAN_GENERATION', 0, ctx.ranges) });
  ctx.reporter.stage(id, 'PLAN_GENERATION', { status: 'RUNNING', itemsTotal: 1, itemsDone: 0 });
  const fresh = ctx.store.get(id)!;
  const settings = toSettings(fresh);
  const works = ready.map((v) => toWork(v, fresh, ctx.stageDeps.config.dataDir));
  const started = ctx.now();
  try {
    const out = await withAttempts(ctx, 'PLAN_GENERATION', id, signal, () =>
      ctx.stages.PLAN_GENERATION.run({ batch: settings, videos: works, customPrompt: fresh.customPrompt }, ctx.stageDeps, phaseControl(ctx, id, 'PLAN_GENERATION', signal, 'PLAN_GENERATION')),
    );
    ctx.throughput.record({ kind: 'plan', wallSeconds: secondsSince(ctx, started) });
    const first = !ctx.plans.current(id);
    const autoApproved = first && fresh.autoApprove;
    ctx.store.addUsage(id, out.usage);
    ctx.plans.addVersion(id, out.plan, { origin: out.origin, status: autoApproved ? 'APPROVED' : 'DRAFT', customPrompt: fresh.customPrompt, note: out.note });
    const version = ctx.plans.current(id)!.version;
    ctx.reporter.stage(id, 'PLAN_GENERATION', { status: 'COMPLETED', itemsDone: 1, message: `plan version ${version} (${out.origin})` });
    if (autoApproved) {
      createRender(ctx.plans, id, version);
      ctx.reporter.stage(id, 'APPROVAL', { status: 'SKIPPED', message: 'auto-approved' });
      return true;
    }
    ctx.reporter.stage(id, 'APPROVAL', { status: 'RUNNING', message: `plan version ${version} awaits approval` });
    ctx.reporter.status(id, 'AWAITING_APPROVAL', { progress: overallPercent('APPROVAL', 0, ctx.ranges), message: `plan version ${version} awaits approval` });
    ctx.notify(id, 'batch.awaiting_approval');
    return false;
  } catch (err) {
    if (isAbort(err)) throw err;
    failBatch(ctx, id, 'PLAN_GENERATION', `plan generation failed: ${messageOf(err)}`);
    return false;
  }
}
