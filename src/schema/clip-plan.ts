/** The ClipPlan and Clip nodes, and the mutations that edit, approve and regenerate a plan. */
import { InputError, InvalidStateError, NotFoundError, VersionConflictError } from '../domain/action-errors.js';
import type { BatchRow } from '../db/batch-store.js';
import type { PlanRow } from '../db/plan-store.js';
import { batchIdOf } from './batch.js';
import { builder } from './builder.js';
import { PlanOriginEnum, PlanStatusEnum } from './enums.js';
import { BatchRef, ClipPlanRef, ClipRef, VideoRef } from './refs.js';

builder.node(ClipRef, {
  description: 'One clip of a plan: a stretch of one source video.',
  id: { resolve: (c) => c.id },
  loadOne: (id, ctx) => ctx.plans.clip(id) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'planId' in v,
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Place in the final video (0-based).' }),
    videoIndex: t.exposeInt('videoIndex', { description: 'Index of the source video.' }),
    video: t.field({
      type: VideoRef,
      description: 'The source video.',
      resolve: (c, _a, ctx) => {
        const plan = ctx.plans.byId(c.planId)!;
        return ctx.batches.videos(plan.batchId).find((v) => v.index === c.videoIndex)!;
      },
    }),
    start: t.exposeFloat('start', { description: 'Start in seconds within the source.' }),
    end: t.exposeFloat('end', { description: 'End in seconds within the source.' }),
    durationSeconds: t.float({ resolve: (c) => Math.round((c.end - c.start) * 1000) / 1000, description: 'end − start.' }),
    reason: t.exposeString('reason', { description: 'Why this clip is in the plan.' }),
  }),
});

builder.node(ClipPlanRef, {
  description: 'One version of a batch’s cut plan. Every change adds a version; old ones stay readable.',
  id: { resolve: (p) => p.id },
  loadOne: (id, ctx) => ctx.plans.byId(id) ?? null,
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'origin' in v && 'theme' in v,
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Version number, from 1; edits must name the version they were based on.' }),
    status: t.field({ type: PlanStatusEnum, resolve: (p) => p.status, description: 'DRAFT or APPROVED.' }),
    origin: t.field({ type: PlanOriginEnum, resolve: (p) => p.origin, description: 'Who made it: AI, OFFLINE or USER.' }),
    theme: t.exposeString('theme', { description: 'The story the clips tell.' }),
    clips: t.field({ type: [ClipRef], resolve: (p, _a, ctx) => ctx.plans.clips(p.id), description: 'The clips in play order.' }),
    totalDurationSeconds: t.exposeFloat('totalDurationSeconds', { description: 'Sum of the clips’ lengths.' }),
    customPrompt: t.exposeString('customPrompt', { nullable: true, description: 'The user’s wishes this version was drafted with.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.createdAt, description: 'When this version was made.' }),
    approvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.approvedAt, description: 'When it was approved; null for drafts.' }),
  }),
});

const ClipInput = builder.inputType('ClipInput', {
  description: 'One clip of an edited plan.',
  fields: (t) => ({
    videoIndex: t.int({ description: 'Index of a READY source video.' }),
    start: t.float({ description: 'Start in seconds, ≥ 0.' }),
    end: t.float({ description: 'End in seconds, ≤ the video’s duration and at least 1 s after start.' }),
    reason: t.string({ required: false, description: 'Why this clip is in the plan.' }),
  }),
});

const UpdateClipPlanInput = builder.inputType('UpdateClipPlanInput', {
  description: 'A whole new plan, based on the version the editor saw.',
  fields: (t) => ({
    batchId: t.id({ description: 'The batch’s global ID.' }),
    expectedVersion: t.int({ description: 'The plan version this edit was based on; a newer one refuses the edit with VersionConflictError.' }),
    theme: t.string({ description: 'The story the clips tell.' }),
    clips: t.field({ type: [ClipInput], description: '1 to 50 clips in play order.' }),
  }),
});

const planPayload = (name: string, description: string) =>
  builder.objectRef<{ batch: BatchRow; plan: PlanRow }>(name).implement({
    description,
    fields: (t) => ({
      batch: t.field({ type: BatchRef, resolve: (p) => p.batch, description: 'The batch, as it is now.' }),
      clipPlan: t.field({ type: ClipPlanRef, resolve: (p) => p.plan, description: 'The plan version this mutation produced or approved.' }),
    }),
  });

const UpdatePayload = planPayload('UpdateClipPlanPayload', 'The edit was saved as a new version.');
const ApprovePayload = planPayload('ApproveClipPlanPayload', 'The version was approved and rendering started.');
const RegeneratePayload = builder.objectRef<{ batch: BatchRow; plan: PlanRow | null }>('RegenerateClipPlanPayload').implement({
  description: 'Planning started again; a new version follows when it is done (watch batchProgress).',
  fields: (t) => ({
    batch: t.field({ type: BatchRef, resolve: (p) => p.batch, description: 'The batch, now GENERATING_PLAN.' }),
    clipPlan: t.field({ type: ClipPlanRef, nullable: true, resolve: (p) => p.plan, description: 'The newest version before regeneration; the new one arrives later.' }),
  }),
});

builder.mutationFields((t) => ({
  updateClipPlan: t.field({
    type: UpdatePayload,
    description: 'Replaces the plan’s theme and clips, as a new version. Allowed while AWAITING_APPROVAL, and after COMPLETED to render again.',
    args: { input: t.arg({ type: UpdateClipPlanInput, description: 'The edited plan.' }) },
    errors: {
      types: [InputError, NotFoundError, VersionConflictError, InvalidStateError],
      union: { name: 'UpdateClipPlanResult', description: 'The new version, or why the edit was refused.' },
    },
    resolve: (_r, { input }, ctx) =>
      ctx.actions.updatePlan({
        batchId: batchIdOf(input.batchId),
        expectedVersion: input.expectedVersion,
        theme: input.theme,
        clips: input.clips.map((c) => ({ videoIndex: c.videoIndex, start: c.start, end: c.end, reason: c.reason ?? '' })),
      }),
  }),
  approveClipPlan: t.field({
    type: ApprovePayload,
    description: 'Approves the newest plan version and starts rendering it.',
    args: {
      batchId: t.arg.id({ description: 'The batch’s global ID.' }),
      expectedVersion: t.arg.int({ description: 'The version being approved; must be the newest.' }),
    },
    errors: {
      types: [InputError, NotFoundError, VersionConflictError, InvalidStateError],
      union: { name: 'ApproveClipPlanResult', description: 'The approved version, or why approval was refused.' },
    },
    resolve: (_r, args, ctx) => ctx.actions.approvePlan(batchIdOf(args.batchId), args.expectedVersion),
  }),
  regenerateClipPlan: t.field({
    type: RegeneratePayload,
    description: 'Drafts a new plan from the stored analyses (the videos are not analysed again).',
    args: {
      batchId: t.arg.id({ description: 'The batch’s global ID.' }),
      customPrompt: t.arg.string({ required: false, description: 'New wishes for the plan; replaces the batch’s customPrompt when given.' }),
      targetDurationSeconds: t.arg.int({ required: false, description: 'New target length, 5 to 600 s; replaces the batch’s when given.' }),
    },
    errors: {
      types: [InputError, NotFoundError, InvalidStateError],
      union: { name: 'RegenerateClipPlanResult', description: 'The batch now planning again, or why not.' },
    },
    resolve: (_r, args, ctx) => {
      const id = batchIdOf(args.batchId);
      const before = ctx.plans.current(id) ?? null;
      return { batch: ctx.actions.regeneratePlan(id, args.customPrompt, args.targetDurationSeconds), plan: before };
    },
  }),
}));
