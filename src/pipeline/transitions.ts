/**
 * The batch state machine, in one place: which status moves are legal, where a
 * run resumes after a crash, what each client action does from each status, and
 * the one function that creates a render. Pure except `createRender`.
 * See docs/architecture.md ("The state machine").
 */
import type { PlanStore, RenderRow } from '../db/plan-store.js';
import { BATCH_STATUSES, isTerminal, type BatchStatus, type Stage } from '../domain/statuses.js';

/** Live statuses in the order a batch passes through them (everything but the end states). */
const FORWARD_ORDER: readonly BatchStatus[] = BATCH_STATUSES.filter((s) => !isTerminal(s));
const LAST_VIDEO_STATUS = FORWARD_ORDER.indexOf('VL_ANALYZING');

/**
 * Whether a batch may move from one status to another. Forward through the
 * stages (skipping is allowed), back to a per-video stage only from QUEUED
 * resumes, to FAILED or CANCELLED from any live status, and out of an end
 * state only by a client's action: retry (FAILED/CANCELLED → QUEUED, or
 * straight back to AWAITING_APPROVAL or CLIPPING, see `retryMove`) or a new
 * plan or render after COMPLETED (→ AWAITING_APPROVAL, CLIPPING, GENERATING_PLAN).
 */
export function canTransition(from: BatchStatus, to: BatchStatus): boolean {
  if (from === to) return true;
  if (from === 'COMPLETED') return to === 'AWAITING_APPROVAL' || to === 'CLIPPING' || to === 'GENERATING_PLAN';
  if (from === 'FAILED' || from === 'CANCELLED') return to === 'QUEUED' || to === 'AWAITING_APPROVAL' || to === 'CLIPPING';
  if (to === 'FAILED' || to === 'CANCELLED') return true;
  if (to === 'COMPLETED') return from === 'CLEANUP';
  if (to === 'QUEUED') return false;
  // A plan can be regenerated while awaiting approval.
  if (from === 'AWAITING_APPROVAL' && to === 'GENERATING_PLAN') return true;
  const a = FORWARD_ORDER.indexOf(from);
  const b = FORWARD_ORDER.indexOf(to);
  // Per-video stages report the least advanced video, which can move back and
  // forth while the chains run; batch-level stages only move forward.
  if (b <= LAST_VIDEO_STATUS && a <= LAST_VIDEO_STATUS) return true;
  return b > a;
}

/** The steps of one run of a batch, in order. */
export const RUN_STEPS = ['VIDEOS', 'PLAN', 'RENDER', 'CLEANUP'] as const;
/** One step of a run: the per-video chains, planning, render + final upload, cleanup. */
export type RunStep = (typeof RUN_STEPS)[number];

/**
 * Where a run starts for a batch stored in `status` (after a crash, a restart
 * or a client's action); null when the batch rests: it waits for a person
 * (AWAITING_APPROVAL) or has ended. Every later step follows in order.
 */
export function resumeStep(status: BatchStatus): RunStep | null {
  if (isTerminal(status) || status === 'AWAITING_APPROVAL') return null;
  const rank = FORWARD_ORDER.indexOf(status);
  if (rank <= LAST_VIDEO_STATUS) return 'VIDEOS';
  if (rank <= FORWARD_ORDER.indexOf('GENERATING_PLAN')) return 'PLAN';
  if (rank <= FORWARD_ORDER.indexOf('UPLOADING_FINAL')) return 'RENDER';
  return 'CLEANUP';
}

/** Statuses in which a person may edit, approve or regenerate the plan. */
export const PLAN_EDITABLE: readonly BatchStatus[] = ['AWAITING_APPROVAL', 'COMPLETED'];

/** True when the plan may be edited, approved or regenerated in this status. */
export function canEditPlan(status: BatchStatus): boolean {
  return PLAN_EDITABLE.includes(status);
}

/** True when retryBatch applies: only FAILED and CANCELLED batches are retried. */
export function canRetry(status: BatchStatus): boolean {
  return status === 'FAILED' || status === 'CANCELLED';
}

/** What retryBatch does, decided from the plans the batch has. */
export type RetryMove =
  /** A drafted plan waits for a person: go back to waiting. */
  | { kind: 'AWAIT_APPROVAL'; version: number; status: 'AWAITING_APPROVAL'; reset: readonly Stage[] }
  /** An approved plan exists: render it again. */
  | { kind: 'RERENDER'; version: number; status: 'CLIPPING'; reset: readonly Stage[] }
  /** No plan yet: back to the per-video chains, keeping every finished step. */
  | { kind: 'RESUME'; status: 'QUEUED'; reset: 'UNFINISHED' };

/** The stages a new render resets, and those a new draft awaiting approval resets. */
export const RENDER_STAGES: readonly Stage[] = ['RENDERING', 'FINAL_UPLOAD', 'CLEANUP'];
/** The stages reset when a plan goes back to waiting for approval. */
export const APPROVAL_STAGES: readonly Stage[] = ['APPROVAL', ...RENDER_STAGES];
/** The stages reset when the plan is regenerated. */
export const PLAN_STAGES: readonly Stage[] = ['PLAN_GENERATION', ...APPROVAL_STAGES];

/** The retry of a FAILED or CANCELLED batch, from its newest plan version and its newest approved one. */
export function retryMove(current: { version: number; status: 'DRAFT' | 'APPROVED' } | null, approved: { version: number } | null): RetryMove {
  if (current && current.status === 'DRAFT') return { kind: 'AWAIT_APPROVAL', version: current.version, status: 'AWAITING_APPROVAL', reset: APPROVAL_STAGES };
  if (approved) return { kind: 'RERENDER', version: approved.version, status: 'CLIPPING', reset: RENDER_STAGES };
  return { kind: 'RESUME', status: 'QUEUED', reset: 'UNFINISHED' };
}

/** True when the batch's newest render is over (or missing), so rendering starts a new one. */
export function needsNewRender(latest: Pick<RenderRow, 'status'> | null | undefined): boolean {
  return !latest || latest.status === 'COMPLETED' || latest.status === 'FAILED' || latest.status === 'CANCELLED';
}

/** The one way a render is created: a PENDING render of an approved plan version. */
export function createRender(plans: Pick<PlanStore, 'addRender'>, batchId: string, planVersion: number): RenderRow {
  return plans.addRender(batchId, planVersion);
}
