/**
 * The one loop over stages. It moves a batch from wherever it stands to its
 * next resting state (AWAITING_APPROVAL or an end state), storing each stage's
 * output before the next begins, so a restarted server resumes where it stopped.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import { workDirOf, type BatchStore } from '../db/batch-store.js';
import type { PlanStore } from '../db/plan-store.js';
import { AbortError, messageOf } from '../domain/errors.js';
import { createLimiter } from '../domain/limiter.js';
import { isTerminal, type WebhookEvent } from '../domain/statuses.js';
import { ThroughputTracker } from '../estimate/throughput.js';
import { createCompletionEstimator } from './completion-estimator.js';
import type { VideoStageDefinition } from './define-stage.js';
import type { ProgressBus } from './events.js';
import { phaseRanges } from './progress.js';
import { batchStages, STAGE_REGISTRY, videoStages, type StageRegistry } from './registry.js';
import { Reporter } from './reporter.js';
import type { StageDeps } from './stage-deps.js';
import { RUN_STEPS, resumeStep } from './transitions.js';
import { cleanupPhase, runCleanup } from './phases/cleanup-phase.js';
import { failBatch, type PhaseContext } from './phases/phase-context.js';
import { planPhase } from './phases/plan-phase.js';
import { renderPhase } from './phases/render-phase.js';
import { uploadPhase } from './phases/upload-phase.js';
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
  /** The stages to run; the real registry unless a test hands in its own. */
  stages?: StageRegistry;
  /** Throughput measured by this process (feeds estimatedCompletionAt); a fresh tracker with default rates when absent. */
  throughput?: ThroughputTracker;
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

/**
 * Creates the runner. Nothing starts until start() or resumeAll().
 * Long because it is a factory: run, start, cancel and close share the map of active runs.
 */
export function createRunner(deps: RunnerDeps): Runner {
  const { batches: store, plans, stageDeps, log } = deps;
  const registry = deps.stages ?? STAGE_REGISTRY;
  const prepare = videoStages(registry).find((s) => s.name === 'PREPARATION') as VideoStageDefinition;
  const throughput = deps.throughput ?? new ThroughputTracker();
  const completion = createCompletionEstimator({
    store,
    plans,
    tracker: throughput,
    workerThreads: stageDeps.config.workerThreads,
    analysisConcurrency: stageDeps.config.ai.concurrency,
  });
  const reporter = new Reporter(store, deps.bus, log, deps.now, completion);
  const limits = {
    analysis: createLimiter(stageDeps.config.ai.concurrency),
    uploads: createLimiter(4),
  };
  const ctx: PhaseContext = {
    store,
    plans,
    reporter,
    stages: batchStages(registry),
    prepare,
    ranges: phaseRanges(registry),
    stageDeps,
    log,
    now: deps.now,
    throughput,
    notify: (id, event) => deps.notify(id, event),
  };
  const active = new Map<string, ActiveRun>();
  let closing = false;

  /** Runs the batch from where its stored status says it stands (see transitions.resumeStep) to its next resting state. */
  async function run(batchId: string, signal: AbortSignal): Promise<void> {
    const batch = store.get(batchId);
    const from = batch ? resumeStep(batch.status) : null;
    if (!batch || !from) return;
    fs.mkdirSync(workDirOf(stageDeps.config.dataDir, batchId), { recursive: true });
    const due = (step: (typeof RUN_STEPS)[number]) => RUN_STEPS.indexOf(from) <= RUN_STEPS.indexOf(step);

    if (due('VIDEOS')) await runVideoChains(batch, { store, reporter, deps: stageDeps, registry, limits, signal, throughput, now: deps.now });
    if (due('PLAN') && !(await planPhase(ctx, store.get(batchId)!, signal))) return;
    if (due('RENDER')) {
      const render = await renderPhase(ctx, store.get(batchId)!, signal);
      if (!render) return;
      if (!(await uploadPhase(ctx, store.get(batchId)!, render, signal))) return;
    }
    await cleanupPhase(ctx, store.get(batchId)!, signal);
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
          try {
            const b = store.get(batchId);
            if (b && !isTerminal(b.status)) failBatch(ctx, batchId, b.currentStage ?? 'PREPARATION', `internal error: ${messageOf(err)}`);
          } catch (failErr) {
            // The failure path itself failed (a full disk makes SQLite throw): log, keep the process up;
            // the batch stays where it was and resumes on retry or the next start.
            log.error({ batchId, err: failErr }, 'could not record the failure of a batch; trying again shortly');
            recordFailureLater(batchId, `internal error: ${messageOf(err)}`);
            break;
          }
        }
      } while (entry.again && !entry.controller.signal.aborted);
    })().finally(() => active.delete(batchId));
  }

  const pendingFailures = new Set<NodeJS.Timeout>();
  /** Retries recording a failure (with backoff) until the disk has room again or the runner closes. */
  function recordFailureLater(batchId: string, message: string, delayMs = Math.max(50, stageDeps.config.retryBaseDelayMs * 5)): void {
    const timer = setTimeout(() => {
      pendingFailures.delete(timer);
      try {
        const b = store.get(batchId);
        if (b && !isTerminal(b.status) && !active.has(batchId)) failBatch(ctx, batchId, b.currentStage ?? 'PREPARATION', message);
      } catch {
        if (!closing) recordFailureLater(batchId, message, Math.min(delayMs * 2, 60_000));
      }
    }, delayMs);
    timer.unref();
    pendingFailures.add(timer);
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
    await runCleanup(ctx, batch, new AbortController().signal);
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
      for (const t of pendingFailures) clearTimeout(t);
      const runs = [...active.values()];
      for (const r of runs) r.controller.abort(new AbortError('server stopping'));
      await Promise.allSettled(runs.map((r) => r.done));
    },
  };
}
