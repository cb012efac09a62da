/**
 * What clients can ask of a batch: create, cancel, retry, edit, approve and
 * regenerate its plan. Each checks the batch's state, stores the change and
 * hands the batch to the runner; typed errors say why an action was refused.
 */
import type { Config } from '../config.js';
import type { BatchRow, BatchStore, NewBatch } from '../db/batch-store.js';
import type { BatchEstimate } from '../estimate/types.js';
import type { Db } from '../db/client.js';
import type { PlanRow, PlanStore } from '../db/plan-store.js';
import { InputError, InvalidStateError, NotFoundError, VersionConflictError } from '../domain/action-errors.js';
import { isTerminal } from '../domain/statuses.js';
import type { PlanDraft } from '../domain/types.js';
import { validatePlan } from '../plan/validate-plan.js';
import { checkTargetDuration, validateBatchInput, type CreateBatchInputData, type SourceChecks } from './batch-input.js';
import type { Runner } from './run-batch.js';
import { APPROVAL_STAGES, PLAN_STAGES, RENDER_STAGES, canEditPlan, canRetry, createRender, retryMove } from './transitions.js';

/** The batch actions the API exposes. */
export type BatchActions = ReturnType<typeof createBatchActions>;

/**
 * Creates the actions over the stores and the runner.
 * Long because it is a factory: one small method per client action, all over the same stores.
 */
export function createBatchActions(deps: {
  db: Db;
  config: Config;
  batches: BatchStore;
  plans: PlanStore;
  runner: Runner;
  checks: SourceChecks;
  /** Estimates the cost of a validated input (probes LOCAL sources); absent: no estimates. */
  estimate?: (data: NewBatch) => Promise<BatchEstimate>;
}) {
  const { db, config, batches, plans, runner } = deps;

  const load = (id: string): BatchRow => {
    const batch = batches.get(id);
    if (!batch) throw new NotFoundError(`no batch has the ID ${id}`, id);
    return batch;
  };

  const checkVersion = (batch: BatchRow, expectedVersion: number): PlanRow => {
    const current = plans.current(batch.id);
    if (!current) throw new InvalidStateError(`batch ${batch.id} has no plan yet (status ${batch.status})`, batch.status);
    if (current.version !== expectedVersion) {
      throw new VersionConflictError(
        `the plan is at version ${current.version}, but the change was based on version ${expectedVersion}; reload it and try again`,
        current.version,
      );
    }
    return current;
  };

  const checkPlan = (batch: BatchRow, draft: PlanDraft): void => {
    if (!draft.theme.trim()) throw new InputError('theme must not be empty', 'theme');
    const videos = batches.videos(batch.id).map((v) => ({
      index: v.index,
      durationSeconds: v.probe?.durationSeconds ?? 0,
      ready: v.status === 'READY',
    }));
    const [first] = validatePlan(draft, videos);
    if (first) {
      throw new InputError(first.message, first.clipIndex === null ? first.field : `clips.${first.field}`, null, first.clipIndex);
    }
  };

  /** Moves a batch on to rendering a freshly approved version. */
  const startRender = (batchId: string, version: number) => {
    createRender(plans, batchId, version);
    batches.resetStages(batchId, RENDER_STAGES);
    runner.reporter.stage(batchId, 'APPROVAL', { status: 'COMPLETED', message: `version ${version} approved` });
    runner.reporter.status(batchId, 'CLIPPING', { message: `plan version ${version} approved`, error: null });
  };

  return {
    /** Validates and stores a new batch, then starts it. */
    async create(input: CreateBatchInputData): Promise<BatchRow> {
      const data = await validateBatchInput(input, config, deps.checks);
      const estimate = deps.estimate ? await deps.estimate(data) : null;
      const created = batches.create({ ...data, estimate });
      // The expected end is known from the moment of creation (measured throughput, or defaults).
      runner.reporter.refreshEstimate(created.id);
      const batch = batches.get(created.id) ?? created;
      runner.start(batch.id);
      return batch;
    },

    /** The cost of a createBatch input, validated like createBatch, with nothing stored. */
    async estimate(input: CreateBatchInputData): Promise<BatchEstimate> {
      const data = await validateBatchInput(input, config, deps.checks);
      if (!deps.estimate) throw new InvalidStateError('this server makes no cost estimates', 'QUEUED');
      return deps.estimate(data);
    },

    /** Stops a batch and cleans up after it. */
    async cancel(id: string): Promise<BatchRow> {
      const batch = load(id);
      if (isTerminal(batch.status)) {
        throw new InvalidStateError(`batch is already ${batch.status}; there is nothing to cancel`, batch.status);
      }
      await runner.cancel(id);
      return load(id);
    },

    /** Resumes a FAILED or CANCELLED batch from where it stopped, keeping finished work (see transitions.retryMove). */
    retry(id: string): BatchRow {
      const batch = load(id);
      if (!canRetry(batch.status)) {
        throw new InvalidStateError(`only FAILED or CANCELLED batches can be retried; this one is ${batch.status}`, batch.status);
      }
      const approved = plans.versions(id).filter((p) => p.status === 'APPROVED').at(-1) ?? null;
      const move = retryMove(plans.current(id) ?? null, approved);
      batches.update(id, { error: null, completedAt: null });
      if (move.kind === 'AWAIT_APPROVAL') {
        batches.resetStages(id, move.reset);
        runner.reporter.status(id, move.status, { message: `plan version ${move.version} awaits approval` });
        runner.reporter.stage(id, 'APPROVAL', { status: 'RUNNING' });
        return load(id);
      }
      if (move.kind === 'RERENDER') {
        batches.resetStages(id, move.reset);
        createRender(plans, id, move.version);
        runner.reporter.status(id, move.status, { message: 'retrying the render' });
      } else {
        // Back to the per-video chains: unfinished videos start again from their last stored step.
        for (const v of batches.videos(id)) {
          if (v.status !== 'READY') batches.updateVideo(v.id, { status: 'PENDING', error: null, progress: 0 });
        }
        for (const s of batches.stages(id)) {
          if (s.status !== 'COMPLETED') batches.resetStages(id, [s.stage]);
        }
        runner.reporter.status(id, move.status, { message: 'retrying' });
      }
      runner.start(id);
      return load(id);
    },

    /** Stores an edited plan as a new version based on `expectedVersion`. */
    updatePlan(input: { batchId: string; expectedVersion: number; theme: string; clips: PlanDraft['clips'] }): { batch: BatchRow; plan: PlanRow } {
      const batch = load(input.batchId);
      if (!canEditPlan(batch.status)) {
        throw new InvalidStateError(`the plan can be edited while the batch is AWAITING_APPROVAL or COMPLETED; it is ${batch.status}`, batch.status);
      }
      // A stale edit is refused before anything else: its author must reload first.
      checkVersion(batch, input.expectedVersion);
      const draft: PlanDraft = { theme: input.theme.trim(), clips: input.clips.map((c) => ({ ...c, reason: c.reason.trim() })) };
      checkPlan(batch, draft);
      const plan = db.transaction((tx) => {
        checkVersion(batch, input.expectedVersion);
        return plans.addVersion(batch.id, draft, { origin: 'USER', status: 'DRAFT', customPrompt: null }, tx);
      });
      if (batch.status === 'COMPLETED') {
        // A new draft after completion waits for approval like the first one did.
        batches.resetStages(batch.id, APPROVAL_STAGES);
        runner.reporter.status(batch.id, 'AWAITING_APPROVAL', { message: `plan version ${plan.version} awaits approval` });
        runner.reporter.stage(batch.id, 'APPROVAL', { status: 'RUNNING' });
      } else {
        runner.reporter.publish(batch.id, { message: `plan version ${plan.version} saved`, force: true });
      }
      return { batch: load(batch.id), plan };
    },

    /** Approves the newest plan version and starts rendering it. */
    approvePlan(batchId: string, expectedVersion: number): { batch: BatchRow; plan: PlanRow } {
      const batch = load(batchId);
      if (!canEditPlan(batch.status)) {
        throw new InvalidStateError(`a plan can be approved while the batch is AWAITING_APPROVAL or COMPLETED; it is ${batch.status}`, batch.status);
      }
      const plan = checkVersion(batch, expectedVersion);
      // The plan is checked again: a source may have failed since it was drafted.
      checkPlan(batch, plans.draftOf(plan));
      db.transaction((tx) => plans.approve(plan.id, tx));
      startRender(batchId, plan.version);
      runner.start(batchId);
      return { batch: load(batchId), plan: plans.byId(plan.id)! };
    },

    /** Drafts a new plan from the stored analyses (no new model calls on the videos). */
    regeneratePlan(batchId: string, customPrompt: string | null | undefined, targetDurationSeconds?: number | null): BatchRow {
      const batch = load(batchId);
      if (!canEditPlan(batch.status)) {
        throw new InvalidStateError(`a plan can be regenerated while the batch is AWAITING_APPROVAL or COMPLETED; it is ${batch.status}`, batch.status);
      }
      if (customPrompt !== undefined && customPrompt !== null && customPrompt.length > 2000) {
        throw new InputError(`customPrompt is ${customPrompt.length} characters; the limit is 2000`, 'customPrompt');
      }
      if (targetDurationSeconds !== undefined && targetDurationSeconds !== null) {
        const problem = checkTargetDuration(targetDurationSeconds);
        if (problem) throw new InputError(problem, 'targetDurationSeconds');
        batches.update(batchId, { targetDurationSeconds });
      }
      if (customPrompt !== undefined) batches.update(batchId, { customPrompt: customPrompt?.trim() || null });
      batches.resetStages(batchId, PLAN_STAGES);
      runner.reporter.status(batchId, 'GENERATING_PLAN', { message: 'regenerating the plan', error: null });
      runner.start(batchId);
      return load(batchId);
    },
  };
}
