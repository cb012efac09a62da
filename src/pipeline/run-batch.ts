/**
 * The one loop over stages. It moves a batch from wherever it stands to its
 * next resting state (AWAITING_APPROVAL or an end state), storing each stage's
 * output before the next begins, so a restarted server resumes where it stopped.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import { toSettings, toWork, workDirOf, type BatchRow, type BatchStore } from '../db/batch-store.js';
import type { PlanStore, RenderRow } from '../db/plan-store.js';
import { AbortError, isAbort, messageOf } from './errors.js';
import type { ProgressBus } from './events.js';
import { overallPercent, statusRank } from './progress.js';
import { Reporter } from './reporter.js';
import { withRetry } from './retry.js';
import { Semaphore } from './semaphore.js';
import type { StageDeps } from './stage-deps.js';
import { STAGE_ATTEMPTS, defaultStages, type StageModules } from './stage-modules.js';
import { isTerminal, type Stage, type WebhookEvent } from './statuses.js';
import type { StageControl } from './types.js';
import { runVideoChains } from './video-chain.js';

/** What the runner needs. */
export interface RunnerDeps {
  batches: BatchStore;
  plans: PlanStore;
  bus: ProgressBus;
  stageDeps: StageDeps;
  log: Logger;
  now: () => Date;
  /** Queues a webhook for a batch event (a no-op when the batch has no webhook URL). */
  notify(batchId: string, event: WebhookEvent): void;
  stages?: StageModules;
}

/** The pipeline runner: starts, resumes, cancels and stops batch runs. */
export interface Runner {
  /** Makes sure the batch is moving (no-op when it is already running or resting). */
  start(batchId: string): void;
  /** Stops the batch's work at once, cleans up and marks it CANCELLED. */
  cancel(batchId: string): Promise<void>;
  /** Starts every batch left unfinished by a previous process. */
  resumeAll(): number;
  /** Resolves when the batch has no run in progress. */
  idle(batchId: string): Promise<void>;
  /** The pen that writes statuses (shared with the API's actions). */
  readonly reporter: Reporter;
  /** Aborts all runs without changing their stored state (they resume on the next start). Idempotent. */
  close(): Promise<void>;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
  again: boolean;
}

/** Creates the runner. Nothing starts until start() or resumeAll(). */
export function createRunner(deps: RunnerDeps): Runner {
  const { batches: store, plans, stageDeps, log } = deps;
  const stages = deps.stages ?? defaultStages;
  const reporter = new Reporter(store, deps.bus, log, deps.now);
  const limits = {
    analysis: new Semaphore(stageDeps.config.ai.concurrency),
    uploads: new Semaphore(4),
  };
  const active = new Map<string, ActiveRun>();
  let closing = false;

  const control = (batchId: string, stage: Stage, signal: AbortSignal, phase: 'PLAN_GENERATION' | 'RENDERING' | 'FINAL_UPLOAD' | 'CLEANUP'): StageControl => ({
    signal,
    onProgress: (fraction, message) => {
      // Counts are the stage's own, so a client's "3/7" never jumps back to 0/0 mid-stage.
      const run = store.stages(batchId).find((s) => s.stage === stage);
      reporter.progress(batchId, {
        progress: overallPercent(phase, fraction),
        stage,
        videoIndex: null,
        itemsDone: run?.itemsDone ?? 0,
        itemsTotal: run?.itemsTotal ?? 0,
        message: message ?? null,
      });
    },
  });

  const attempts = <T>(stage: keyof typeof STAGE_ATTEMPTS, batchId: string, signal: AbortSignal, fn: () => Promise<T>) =>
    withRetry(fn, {
      attempts: STAGE_ATTEMPTS[stage],
      baseDelayMs: stageDeps.config.retryBaseDelayMs,
      signal,
      onRetry: (n, err) => reporter.publish(batchId, { stage, message: `${stage} attempt ${n} failed (${messageOf(err)}), retrying` }),
    });

  const fail = (batchId: string, stage: Stage, message: string) => {
    reporter.stage(batchId, stage, { status: 'FAILED', message });
    reporter.status(batchId, 'FAILED', { error: message, message });
    deps.notify(batchId, 'batch.failed');
  };

  async function planPhase(batch: BatchRow, signal: AbortSignal): Promise<boolean> {
    const id = batch.id;
    const ready = store.videos(id).filter((v) => v.status === 'READY');
    if (ready.length === 0) {
      const reasons = store
        .videos(id)
        .map((v) => `video ${v.index}: ${v.error ?? v.status}`)
        .join('; ');
      fail(id, 'PREPARATION', `no video could be used (${reasons})`);
      return false;
    }
    reporter.status(id, 'GENERATING_PLAN', { progress: overallPercent('PLAN_GENERATION', 0) });
    reporter.stage(id, 'PLAN_GENERATION', { status: 'RUNNING', itemsTotal: 1, itemsDone: 0 });
    const fresh = store.get(id)!;
    const settings = toSettings(fresh);
    const works = ready.map((v) => toWork(v, fresh, stageDeps.config.dataDir));
    try {
      const out = await attempts('PLAN_GENERATION', id, signal, () =>
        stages.generatePlan({ batch: settings, videos: works, customPrompt: fresh.customPrompt }, stageDeps, control(id, 'PLAN_GENERATION', signal, 'PLAN_GENERATION')),
      );
      const first = !plans.current(id);
      const autoApproved = first && fresh.autoApprove;
      store.addUsage(id, out.usage);
      plans.addVersion(id, out.plan, { origin: out.origin, status: autoApproved ? 'APPROVED' : 'DRAFT', customPrompt: fresh.customPrompt });
      const version = plans.current(id)!.version;
      reporter.stage(id, 'PLAN_GENERATION', { status: 'COMPLETED', itemsDone: 1, message: `plan version ${version} (${out.origin})` });
      if (autoApproved) {
        plans.addRender(id, version);
        reporter.stage(id, 'APPROVAL', { status: 'SKIPPED', message: 'auto-approved' });
        return true;
      }
      reporter.stage(id, 'APPROVAL', { status: 'RUNNING', message: `plan version ${version} awaits approval` });
      reporter.status(id, 'AWAITING_APPROVAL', { progress: overallPercent('APPROVAL', 0), message: `plan version ${version} awaits approval` });
      deps.notify(id, 'batch.awaiting_approval');
      return false;
    } catch (err) {
      if (isAbort(err)) throw err;
      fail(id, 'PLAN_GENERATION', `plan generation failed: ${messageOf(err)}`);
      return false;
    }
  }

  /** Brings back originals that cleanup removed (a render after COMPLETED). */
  async function ensureOriginals(batch: BatchRow, indexes: Set<number>, signal: AbortSignal): Promise<void> {
    const settings = toSettings(batch);
    for (const v of store.videos(batch.id)) {
      if (!indexes.has(v.index) || (v.localPath && fs.existsSync(v.localPath))) continue;
      const out = await stages.prepareVideo(toWork(v, batch, stageDeps.config.dataDir), settings, stageDeps, { signal, onProgress: () => {} });
      store.updateVideo(v.id, { localPath: out.localPath, downloaded: out.downloaded, probe: out.probe });
    }
  }

  async function renderPhase(batch: BatchRow, signal: AbortSignal): Promise<RenderRow | null> {
    const id = batch.id;
    let render = plans.latestRender(id);
    if (!render || render.status === 'COMPLETED' || render.status === 'FAILED' || render.status === 'CANCELLED') {
      const approved = plans.versions(id).filter((p) => p.status === 'APPROVED').at(-1);
      if (!approved) throw new Error(`batch ${id} reached rendering without an approved plan`);
      render = plans.addRender(id, approved.version);
    }
    const plan = plans.version(id, render.planVersion)!;
    const draft = plans.draftOf(plan);
    if (render.localPath && fs.existsSync(render.localPath) && render.durationSeconds !== null) return render;

    reporter.status(id, 'CLIPPING', { progress: overallPercent('RENDERING', 0) });
    reporter.stage(id, 'RENDERING', { status: 'RUNNING', itemsDone: 0, itemsTotal: draft.clips.length });
    plans.updateRender(render.id, { status: 'RUNNING', error: null });
    try {
      await ensureOriginals(store.get(id)!, new Set(draft.clips.map((c) => c.videoIndex)), signal);
      const fresh = store.get(id)!;
      const works = store.videos(id).map((v) => toWork(v, fresh, stageDeps.config.dataDir));
      const renderId = render.id;
      const base = control(id, 'RENDERING', signal, 'RENDERING');
      const out = await attempts('RENDERING', id, signal, () =>
        stages.renderPlan(
          { batch: toSettings(fresh), plan: draft, videos: works, renderId, workDir: workDirOf(stageDeps.config.dataDir, id) },
          stageDeps,
          {
            ...base,
            onProgress: (fraction, message) => {
              const done = Math.floor(fraction * draft.clips.length + 1e-9);
              reporter.stage(id, 'RENDERING', { itemsDone: Math.min(done, draft.clips.length) });
              base.onProgress(fraction * 0.9, message);
            },
            onMerging: () => {
              reporter.stage(id, 'RENDERING', { itemsDone: draft.clips.length, message: 'joining clips' });
              reporter.status(id, 'MERGING', { progress: overallPercent('RENDERING', 0.9), message: 'joining clips' });
            },
          },
        ),
      );
      plans.updateRender(renderId, {
        localPath: out.path,
        durationSeconds: out.probe.durationSeconds,
        sizeBytes: out.probe.sizeBytes,
        width: out.probe.width,
        height: out.probe.height,
      });
      reporter.stage(id, 'RENDERING', { status: 'COMPLETED', itemsDone: draft.clips.length });
      return plans.render(renderId)!;
    } catch (err) {
      if (isAbort(err)) throw err;
      plans.updateRender(render.id, { status: 'FAILED', error: messageOf(err) });
      fail(id, 'RENDERING', `rendering failed: ${messageOf(err)}`);
      return null;
    }
  }

  async function uploadPhase(batch: BatchRow, render: RenderRow, signal: AbortSignal): Promise<boolean> {
    const id = batch.id;
    if (render.url && render.status === 'COMPLETED') return true;
    reporter.status(id, 'UPLOADING_FINAL', { progress: overallPercent('FINAL_UPLOAD', 0) });
    reporter.stage(id, 'FINAL_UPLOAD', { status: 'RUNNING', itemsDone: 0, itemsTotal: 1 });
    try {
      const probe = {
        durationSeconds: render.durationSeconds ?? 0,
        sizeBytes: render.sizeBytes ?? 0,
        width: render.width ?? 0,
        height: render.height ?? 0,
      };
      const out = await attempts('FINAL_UPLOAD', id, signal, () =>
        stages.uploadFinal(
          { batch: toSettings(batch), renderId: render.id, path: render.localPath!, probe },
          stageDeps,
          control(id, 'FINAL_UPLOAD', signal, 'FINAL_UPLOAD'),
        ),
      );
      plans.updateRender(render.id, {
        status: 'COMPLETED',
        storageKey: out.key,
        url: out.url,
        urlExpiresAt: out.expiresAt,
        sizeBytes: out.sizeBytes,
        completedAt: deps.now(),
      });
      reporter.stage(id, 'FINAL_UPLOAD', { status: 'COMPLETED', itemsDone: 1 });
      return true;
    } catch (err) {
      if (isAbort(err)) throw err;
      plans.updateRender(render.id, { status: 'FAILED', error: messageOf(err) });
      fail(id, 'FINAL_UPLOAD', `final upload failed: ${messageOf(err)}`);
      return false;
    }
  }

  async function cleanupPhase(batch: BatchRow, signal: AbortSignal): Promise<void> {
    const id = batch.id;
    reporter.status(id, 'CLEANUP', { progress: overallPercent('CLEANUP', 0) });
    reporter.stage(id, 'CLEANUP', { status: 'RUNNING', itemsDone: 0, itemsTotal: 1 });
    const message = await runCleanup(batch, signal);
    reporter.stage(id, 'CLEANUP', { status: message.startsWith('cleanup failed') ? 'FAILED' : 'COMPLETED', itemsDone: 1, message });
    reporter.status(id, 'COMPLETED', { progress: 100, error: null, message: 'completed' });
    deps.notify(id, 'batch.completed');
  }

  /** Removes the batch's temporary files and objects; a failure is reported, never fatal. */
  async function runCleanup(batch: BatchRow, signal: AbortSignal): Promise<string> {
    const fresh = store.get(batch.id) ?? batch;
    const works = store.videos(batch.id).map((v) => toWork(v, fresh, stageDeps.config.dataDir));
    try {
      const out = await stages.cleanupBatch(
        { batch: toSettings(fresh), videos: works, workDir: workDirOf(stageDeps.config.dataDir, batch.id) },
        stageDeps,
        { signal, onProgress: () => {} },
      );
      for (const v of store.videos(batch.id)) {
        if (v.downloaded && v.localPath && !fs.existsSync(v.localPath)) store.updateVideo(v.id, { localPath: null });
      }
      return `removed ${out.removed.length} temporary item(s)`;
    } catch (err) {
      log.warn({ batchId: batch.id, err: messageOf(err) }, 'cleanup failed');
      return `cleanup failed: ${messageOf(err)}`;
    }
  }

  async function run(batchId: string, signal: AbortSignal): Promise<void> {
    let batch = store.get(batchId);
    if (!batch || isTerminal(batch.status) || batch.status === 'AWAITING_APPROVAL') return;
    fs.mkdirSync(workDirOf(stageDeps.config.dataDir, batchId), { recursive: true });

    if (statusRank(batch.status) <= statusRank('VL_ANALYZING')) {
      await runVideoChains(batch, { store, reporter, deps: stageDeps, stages, limits, signal });
      batch = store.get(batchId)!;
    }
    if (statusRank(batch.status) <= statusRank('GENERATING_PLAN')) {
      if (!(await planPhase(batch, signal))) return;
      batch = store.get(batchId)!;
    }
    if (statusRank(batch.status) <= statusRank('UPLOADING_FINAL')) {
      const render = await renderPhase(batch, signal);
      if (!render) return;
      if (!(await uploadPhase(store.get(batchId)!, render, signal))) return;
    }
    await cleanupPhase(store.get(batchId)!, signal);
  }

  function start(batchId: string): void {
    if (closing) return;
    const existing = active.get(batchId);
    if (existing) {
      existing.again = true;
      return;
    }
    const entry: ActiveRun = { controller: new AbortController(), done: Promise.resolve(), again: false };
    active.set(batchId, entry);
    entry.done = (async () => {
      do {
        entry.again = false;
        try {
          await run(batchId, entry.controller.signal);
        } catch (err) {
          if (entry.controller.signal.aborted) break;
          log.error({ batchId, err }, 'batch run crashed');
          const b = store.get(batchId);
          if (b && !isTerminal(b.status)) {
            const stage = b.currentStage ?? 'PREPARATION';
            fail(batchId, stage, `internal error: ${messageOf(err)}`);
          }
        }
      } while (entry.again && !entry.controller.signal.aborted);
      active.delete(batchId);
    })();
  }

  async function cancel(batchId: string): Promise<void> {
    const run = active.get(batchId);
    if (run) {
      run.controller.abort(new AbortError('cancelled'));
      await run.done;
    }
    const batch = store.get(batchId);
    if (!batch || isTerminal(batch.status)) return;
    for (const v of store.videos(batchId)) {
      if (v.status !== 'READY' && v.status !== 'FAILED') store.updateVideo(v.id, { status: 'FAILED', error: 'cancelled' });
    }
    for (const s of store.stages(batchId)) {
      if (s.status === 'RUNNING') reporter.stage(batchId, s.stage, { status: 'FAILED', message: 'cancelled' });
    }
    for (const r of plans.renders(batchId)) {
      if (r.status === 'RUNNING' || r.status === 'PENDING') plans.updateRender(r.id, { status: 'CANCELLED' });
    }
    await runCleanup(batch, new AbortController().signal);
    fs.rmSync(workDirOf(stageDeps.config.dataDir, batchId), { recursive: true, force: true });
    reporter.status(batchId, 'CANCELLED', { message: 'cancelled', error: null });
  }

  return {
    start,
    cancel,
    reporter,
    resumeAll() {
      const unfinished = store.unfinished();
      for (const b of unfinished) {
        log.info({ batchId: b.id, status: b.status }, 'resuming batch');
        start(b.id);
      }
      return unfinished.length;
    },
    async idle(batchId) {
      while (active.has(batchId)) await active.get(batchId)!.done;
    },
    async close() {
      closing = true;
      const runs = [...active.values()];
      for (const r of runs) r.controller.abort(new AbortError('server stopping'));
      await Promise.allSettled(runs.map((r) => r.done));
    },
  };
}
