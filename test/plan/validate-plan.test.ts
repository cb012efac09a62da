import { describe, expect, it } from 'vitest';
import type { PlanClip, PlanDraft } from '../../src/domain/types.js';
import { planTarget, totalDuration, validatePlan, type PlanRule, type PlanVideo } from '../../src/plan/validate-plan.js';

const videos: PlanVideo[] = [
  { index: 0, durationSeconds: 300, ready: true },
  { index: 1, durationSeconds: 600, ready: true },
  { index: 2, durationSeconds: 200, ready: false },
];

const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: 'r' });
/** A valid 150 s plan to mutate. */
const base = (): PlanDraft => ({ theme: 'Match', clips: [clip(0, 10, 70), clip(1, 100, 190)] });

describe('planTarget', () => {
  it.each([
    { name: 'long sources: 120–300', vids: videos, min: 120, max: 300 },
    { name: 'short sources: min is the ready total', vids: [{ index: 0, durationSeconds: 40, ready: true }, { index: 1, durationSeconds: 30, ready: true }], min: 70, max: 300 },
    { name: 'failed videos do not count', vids: [{ index: 0, durationSeconds: 40, ready: true }, { index: 1, durationSeconds: 500, ready: false }], min: 40, max: 300 },
    { name: 'exactly 120 s of footage', vids: [{ index: 0, durationSeconds: 120, ready: true }], min: 120, max: 300 },
    { name: 'nothing ready', vids: [], min: 0, max: 300 },
    { name: 'videos under 1 s hold no clip and do not count', vids: [{ index: 0, durationSeconds: 40, ready: true }, { index: 1, durationSeconds: 0.8, ready: true }], min: 40, max: 300 },
  ])('$name', ({ vids, min, max }) => {
    expect(planTarget(vids)).toEqual({ minSeconds: min, maxSeconds: max });
  });
});

describe('totalDuration', () => {
  it('sums clip lengths and ignores broken clips', () => {
    expect(totalDuration(base())).toBe(150);
    expect(totalDuration({ clips: [clip(0, 5, 3), clip(0, NaN, 4), clip(0, 1, 2.5)] })).toBe(1.5);
  });
});

describe('validatePlan', () => {
  it('accepts a valid plan', () => {
    expect(validatePlan(base(), videos)).toEqual([]);
  });

  type Case = { name: string; edit: (p: PlanDraft) => void; vids?: PlanVideo[]; rule: PlanRule; clipIndex: number | null; field: string; message?: string };
  const cases: Case[] = [
    { name: 'no clips', edit: (p) => (p.clips = []), rule: 'NO_CLIPS', clipIndex: null, field: 'clips' },
    {
      name: 'more than 50 clips',
      edit: (p) => (p.clips = Array.from({ length: 51 }, (_, i) => clip(1, i * 3, i * 3 + 2.5))),
      rule: 'TOO_MANY_CLIPS',
      clipIndex: null,
      field: 'clips',
    },
    { name: 'empty theme', edit: (p) => (p.theme = '   '), rule: 'THEME_EMPTY', clipIndex: null, field: 'theme' },
    { name: 'theme too long', edit: (p) => (p.theme = 'x'.repeat(201)), rule: 'THEME_TOO_LONG', clipIndex: null, field: 'theme' },
    { name: 'unknown video', edit: (p) => (p.clips[1]!.videoIndex = 7), rule: 'UNKNOWN_VIDEO', clipIndex: 1, field: 'videoIndex', message: 'clip 1: there is no video 7 in this batch' },
    { name: 'video not ready', edit: (p) => (p.clips[0]!.videoIndex = 2), rule: 'VIDEO_NOT_READY', clipIndex: 0, field: 'videoIndex' },
    { name: 'fractional video index', edit: (p) => (p.clips[0]!.videoIndex = 0.5), rule: 'BAD_VIDEO_INDEX', clipIndex: 0, field: 'videoIndex' },
    { name: 'NaN start', edit: (p) => (p.clips[0]!.start = NaN), rule: 'NOT_FINITE', clipIndex: 0, field: 'start' },
    { name: 'infinite end', edit: (p) => (p.clips[1]!.end = Infinity), rule: 'NOT_FINITE', clipIndex: 1, field: 'end' },
    { name: 'negative start', edit: (p) => (p.clips[0]!.start = -2), rule: 'START_NEGATIVE', clipIndex: 0, field: 'start' },
    {
      name: 'end past the video',
      edit: (p) => {
        p.clips.push(clip(0, 0, 10), clip(0, 20, 25), clip(1, 590, 612));
      },
      rule: 'END_PAST_DURATION',
      clipIndex: 4,
      field: 'end',
      message: 'clip 4: end 612.0 is past the end of video 1 (duration 600.0 s)',
    },
    { name: 'start after end', edit: (p) => (p.clips[1]!.start = 200), rule: 'START_NOT_BEFORE_END', clipIndex: 1, field: 'end' },
    { name: 'start equals end', edit: (p) => (p.clips[1]!.start = 190), rule: 'START_NOT_BEFORE_END', clipIndex: 1, field: 'end' },
    { name: 'clip under 1 s', edit: (p) => p.clips.push(clip(0, 100, 100.5)), rule: 'CLIP_TOO_SHORT', clipIndex: 2, field: 'end' },
    {
      name: 'total under 2 minutes',
      edit: (p) => (p.clips = [clip(0, 0, 60)]),
      rule: 'TOTAL_TOO_SHORT',
      clipIndex: null,
      field: 'clips',
      message: 'the clips add up to 60.0 s; the target is at least 120.0 s',
    },
    { name: 'total over 5 minutes', edit: (p) => p.clips.push(clip(1, 200, 400)), rule: 'TOTAL_TOO_LONG', clipIndex: null, field: 'clips' },
    {
      name: 'short sources: must use all the ready footage',
      vids: [{ index: 0, durationSeconds: 40, ready: true }, { index: 1, durationSeconds: 30, ready: true }],
      edit: (p) => (p.clips = [clip(0, 0, 40), clip(1, 0, 20)]),
      rule: 'TOTAL_TOO_SHORT',
      clipIndex: null,
      field: 'clips',
      message: 'the clips add up to 60.0 s; the target is at least 70.0 s (all the ready footage, which is shorter than 2 minutes)',
    },
  ];

  it.each(cases)('$name → $rule', ({ edit, vids, rule, clipIndex, field, message }) => {
    const plan = base();
    edit(plan);
    const found = validatePlan(plan, vids ?? videos);
    const hit = found.find((v) => v.rule === rule);
    expect(hit, JSON.stringify(found)).toBeDefined();
    expect(hit!.clipIndex).toBe(clipIndex);
    expect(hit!.field).toBe(field);
    if (message) expect(hit!.message).toBe(message);
    if (hit!.clipIndex !== null) expect(hit!.message).toMatch(new RegExp(`^clip ${clipIndex}: `));
  });

  it.each([
    { name: 'short sources covered entirely', vids: [{ index: 0, durationSeconds: 40, ready: true }], clips: [clip(0, 0, 40)] },
    { name: 'short sources within 0.5 s tolerance', vids: [{ index: 0, durationSeconds: 40, ready: true }], clips: [clip(0, 0.2, 39.9)] },
    { name: 'exactly 120 s', vids: videos, clips: [clip(0, 0, 120)] },
    { name: 'exactly 300 s', vids: videos, clips: [clip(1, 0, 300)] },
    { name: 'end equal to duration', vids: videos, clips: [clip(0, 150, 300)] },
    { name: 'exactly 1 s clip', vids: videos, clips: [clip(0, 0, 1), clip(1, 0, 130)] },
    { name: 'several clips per video, any order', vids: videos, clips: [clip(1, 300, 360), clip(0, 0, 30), clip(1, 0, 40)] },
  ])('accepts edge case: $name', ({ vids, clips }) => {
    expect(validatePlan({ theme: 'T', clips }, vids)).toEqual([]);
  });

  it('honours explicit bounds', () => {
    const plan: PlanDraft = { theme: 'T', clips: [clip(0, 0, 30)] };
    expect(validatePlan(plan, videos, { minTotalSeconds: 10, maxTotalSeconds: 60 })).toEqual([]);
    expect(validatePlan(plan, videos, { maxTotalSeconds: 20, minTotalSeconds: 0 }).map((v) => v.rule)).toEqual(['TOTAL_TOO_LONG']);
  });

  it('reports every violation, not only the first', () => {
    const plan: PlanDraft = { theme: '', clips: [clip(5, 0, 10), clip(0, -1, 0.5)] };
    const rules = validatePlan(plan, videos).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['THEME_EMPTY', 'UNKNOWN_VIDEO', 'START_NEGATIVE', 'TOTAL_TOO_SHORT']));
  });
});
