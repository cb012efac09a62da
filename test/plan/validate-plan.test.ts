import { describe, expect, it } from 'vitest';
import type { PlanClip, PlanDraft } from '../../src/domain/types.js';
import { planTarget, targetMiss } from '../../src/plan/target.js';
import { totalDuration, validatePlan, type PlanRule, type PlanVideo } from '../../src/plan/validate-plan.js';

const videos: PlanVideo[] = [
  { index: 0, durationSeconds: 300, ready: true },
  { index: 1, durationSeconds: 600, ready: true },
  { index: 2, durationSeconds: 200, ready: false },
];

const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: 'r' });
/** A valid 150 s plan to mutate. */
const base = (): PlanDraft => ({ theme: 'Match', clips: [clip(0, 10, 70), clip(1, 100, 190)] });

describe('planTarget', () => {
  const v = (...durations: number[]): PlanVideo[] => durations.map((d, index) => ({ index, durationSeconds: d, ready: true }));
  it.each([
    { name: 'long sources: 120–300', vids: videos, min: 120, max: 300 },
    { name: '70 s of footage: at most half of it', vids: v(40, 30), min: 35, max: 35 },
    { name: 'failed videos do not count', vids: [{ index: 0, durationSeconds: 40, ready: true }, { index: 1, durationSeconds: 500, ready: false }], min: 20, max: 20 },
    { name: '400 s of footage: 120–200', vids: v(400), min: 120, max: 200 },
    { name: 'nothing ready', vids: [], min: 0, max: 0 },
    { name: 'videos under 1 s hold no clip and do not count', vids: v(40, 0.8), min: 20, max: 20 },
  ])('default, $name', ({ vids, min, max }) => {
    const t = planTarget(vids);
    expect([t.minSeconds, t.maxSeconds]).toEqual([min, max]);
    expect(t.seconds).toBeGreaterThanOrEqual(min);
    expect(t.seconds).toBeLessThanOrEqual(max);
    expect(t.requested).toBeNull();
  });

  it('a requested length is the target, capped at the footage', () => {
    expect(planTarget(v(180), 30)).toEqual({ minSeconds: 30, maxSeconds: 30, seconds: 30, requested: 30 });
    expect(planTarget(v(20), 60)).toMatchObject({ minSeconds: 20, maxSeconds: 20, seconds: 20 });
  });
});

describe('targetMiss', () => {
  const t30 = { minSeconds: 30, maxSeconds: 30 };
  it.each([
    { total: 22.5, miss: null },
    { total: 37.5, miss: null },
    { total: 22.4, miss: 'TOTAL_TOO_SHORT' },
    { total: 37.6, miss: 'TOTAL_TOO_LONG' },
    { total: 8, miss: 'TOTAL_TOO_SHORT' },
  ])('$total s against 30 s ± 25 % → $miss', ({ total, miss }) => {
    expect(targetMiss({ clips: [clip(0, 0, total)] }, t30)?.rule ?? null).toBe(miss);
  });
  it('a range target misses by 25 % of its ends', () => {
    expect(targetMiss({ clips: [clip(0, 0, 90)] }, { minSeconds: 120, maxSeconds: 300 })).toBeNull();
    expect(targetMiss({ clips: [clip(0, 0, 89)] }, { minSeconds: 120, maxSeconds: 300 })?.message).toBe(
      'the clips add up to 89.0 s; the target is 120.0–300.0 s (at least 90.0 s)',
    );
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
    { name: 'exactly 120 s', vids: videos, clips: [clip(0, 0, 120)] },
    { name: 'exactly 300 s', vids: videos, clips: [clip(1, 0, 300)] },
    { name: 'end equal to duration', vids: videos, clips: [clip(0, 150, 300)] },
    { name: 'exactly 1 s clip', vids: videos, clips: [clip(0, 0, 1), clip(1, 0, 130)] },
    { name: 'several clips per video, any order', vids: videos, clips: [clip(1, 300, 360), clip(0, 0, 30), clip(1, 0, 40)] },
  ])('accepts edge case: $name', ({ vids, clips }) => {
    expect(validatePlan({ theme: 'T', clips }, vids)).toEqual([]);
  });

  it('has no length rule: an 8.5 s edit of long footage is valid', () => {
    expect(validatePlan({ theme: 'T', clips: [clip(0, 3, 7), clip(1, 10, 14.5)] }, videos)).toEqual([]);
  });

  it('reports every violation, not only the first', () => {
    const plan: PlanDraft = { theme: '', clips: [clip(5, 0, 10), clip(0, -1, 0.5)] };
    const rules = validatePlan(plan, videos).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['THEME_EMPTY', 'UNKNOWN_VIDEO', 'START_NEGATIVE']));
  });
});
