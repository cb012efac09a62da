/** The state machine, table-driven: every status pair, retry from each status, resume after a crash in each status. */
import { describe, expect, it } from 'vitest';
import { BATCH_STATUSES, type BatchStatus } from '../../src/domain/statuses.js';
import {
  canEditPlan,
  canRetry,
  canTransition,
  needsNewRender,
  resumeStep,
  retryMove,
  type RunStep,
} from '../../src/pipeline/transitions.js';

const VIDEO: BatchStatus[] = ['PREPARING', 'DOWNLOADING', 'COMPRESSING', 'UPLOADING_TEMP', 'VL_ANALYZING'];
const END: BatchStatus[] = ['FAILED', 'CANCELLED'];

/** Where each status may go besides staying put, written out by hand. */
const ALLOWED: Record<BatchStatus, BatchStatus[]> = {
  QUEUED: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  PREPARING: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  DOWNLOADING: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  COMPRESSING: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  UPLOADING_TEMP: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  VL_ANALYZING: [...VIDEO, 'GENERATING_PLAN', 'AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  GENERATING_PLAN: ['AWAITING_APPROVAL', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  AWAITING_APPROVAL: ['GENERATING_PLAN', 'CLIPPING', 'MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  CLIPPING: ['MERGING', 'UPLOADING_FINAL', 'CLEANUP', ...END],
  MERGING: ['UPLOADING_FINAL', 'CLEANUP', ...END],
  UPLOADING_FINAL: ['CLEANUP', ...END],
  CLEANUP: ['COMPLETED', ...END],
  COMPLETED: ['AWAITING_APPROVAL', 'CLIPPING', 'GENERATING_PLAN'],
  FAILED: ['QUEUED', 'AWAITING_APPROVAL', 'CLIPPING'],
  CANCELLED: ['QUEUED', 'AWAITING_APPROVAL', 'CLIPPING'],
};

describe('canTransition', () => {
  const pairs = BATCH_STATUSES.flatMap((from) => BATCH_STATUSES.map((to) => ({ from, to, ok: from === to || ALLOWED[from].includes(to) })));
  it.each(pairs)('$from → $to: $ok', ({ from, to, ok }) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});

describe('resume after a crash', () => {
  const RESUME: Record<BatchStatus, RunStep | null> = {
    QUEUED: 'VIDEOS',
    PREPARING: 'VIDEOS',
    DOWNLOADING: 'VIDEOS',
    COMPRESSING: 'VIDEOS',
    UPLOADING_TEMP: 'VIDEOS',
    VL_ANALYZING: 'VIDEOS',
    GENERATING_PLAN: 'PLAN',
    AWAITING_APPROVAL: null,
    CLIPPING: 'RENDER',
    MERGING: 'RENDER',
    UPLOADING_FINAL: 'RENDER',
    CLEANUP: 'CLEANUP',
    COMPLETED: null,
    FAILED: null,
    CANCELLED: null,
  };
  it.each(BATCH_STATUSES.map((status) => ({ status, step: RESUME[status] })))('$status resumes at $step', ({ status, step }) => {
    expect(resumeStep(status)).toBe(step);
  });
});

describe('retry from each status', () => {
  it.each(BATCH_STATUSES.map((status) => ({ status, ok: status === 'FAILED' || status === 'CANCELLED' })))('$status: retry allowed $ok', ({ status, ok }) => {
    expect(canRetry(status)).toBe(ok);
  });

  it.each([
    { name: 'no plan', current: null, approved: null, kind: 'RESUME', status: 'QUEUED' },
    { name: 'a draft awaiting approval', current: { version: 2, status: 'DRAFT' as const }, approved: { version: 1 }, kind: 'AWAIT_APPROVAL', status: 'AWAITING_APPROVAL' },
    { name: 'an approved plan', current: { version: 3, status: 'APPROVED' as const }, approved: { version: 3 }, kind: 'RERENDER', status: 'CLIPPING' },
  ])('with $name: $kind, to $status', ({ current, approved, kind, status }) => {
    const move = retryMove(current, approved);
    expect(move.kind).toBe(kind);
    expect(move.status).toBe(status);
    for (const from of ['FAILED', 'CANCELLED'] as const) expect(canTransition(from, move.status)).toBe(true);
  });

  it('renders or awaits the version it names and resets only what follows', () => {
    expect(retryMove({ version: 2, status: 'DRAFT' }, { version: 1 })).toMatchObject({ version: 2, reset: ['APPROVAL', 'RENDERING', 'FINAL_UPLOAD', 'CLEANUP'] });
    expect(retryMove({ version: 3, status: 'APPROVED' }, { version: 3 })).toMatchObject({ version: 3, reset: ['RENDERING', 'FINAL_UPLOAD', 'CLEANUP'] });
  });
});

describe('plan actions and renders', () => {
  it.each(BATCH_STATUSES.map((status) => ({ status, ok: status === 'AWAITING_APPROVAL' || status === 'COMPLETED' })))('$status: plan editable $ok', ({ status, ok }) => {
    expect(canEditPlan(status)).toBe(ok);
  });

  it.each([
    { latest: null, fresh: true },
    { latest: { status: 'PENDING' as const }, fresh: false },
    { latest: { status: 'RUNNING' as const }, fresh: false },
    { latest: { status: 'COMPLETED' as const }, fresh: true },
    { latest: { status: 'FAILED' as const }, fresh: true },
    { latest: { status: 'CANCELLED' as const }, fresh: true },
  ])('newest render $latest → new render $fresh', ({ latest, fresh }) => {
    expect(needsNewRender(latest)).toBe(fresh);
  });
});
