import { describe, expect, it } from 'vitest';
import type { VideoAnalysis } from '../../src/domain/types.js';
import { offlinePlan, offlineTheme, snapToScenes, type OfflinePlanVideo } from '../../src/plan/offline-plan.js';
import { planTarget, targetMiss } from '../../src/plan/target.js';
import { totalDuration, validatePlan } from '../../src/plan/validate-plan.js';

/** A small deterministic PRNG (mulberry32) so failures can be replayed from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomAnalysis(r: () => number, d: number): VideoAnalysis | null {
  const kind = r();
  if (kind < 0.1) return null;
  if (kind < 0.2) return { description: '', highlights: [], tags: [], scenes: [] };
  const scenes = [];
  let t = 0;
  while (t < d) {
    const end = Math.min(d, t + 0.3 + r() * 40);
    scenes.push({ start: t, end, description: `s${scenes.length}` });
    t = end;
  }
  const highlights = Array.from({ length: Math.floor(r() * 30) }, () => {
    // Models drift: some spans run past the end, are reversed or tiny.
    const start = r() * d * 1.05 - 1;
    return { start, end: start + (r() < 0.2 ? r() * 1.2 : 1 + r() * 20), label: 'h', score: r() * 1.4 - 0.2 };
  });
  return { description: 'd', highlights, tags: r() < 0.5 ? ['sport'] : [], scenes };
}

describe('offlinePlan (property style)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    it(`seed ${seed}: always valid, no overlaps, story order`, () => {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 10);
      const videos: OfflinePlanVideo[] = Array.from({ length: n }, (_, index) => {
        const d = 2 + r() * 598;
        return { index, durationSeconds: d, analysis: randomAnalysis(r, d) };
      });
      // Every third seed asks for a length, like a short-video client would.
      const requested = seed % 3 === 0 ? 5 + Math.floor(r() * 596) : null;
      const plan = offlinePlan(videos, { targetDurationSeconds: requested });
      const pv = videos.map((v) => ({ index: v.index, durationSeconds: v.durationSeconds, ready: true }));
      expect(validatePlan(plan, pv)).toEqual([]);
      // No overlaps within a video; ordered by video, then time.
      for (let i = 1; i < plan.clips.length; i++) {
        const a = plan.clips[i - 1]!;
        const b = plan.clips[i]!;
        expect(a.videoIndex < b.videoIndex || (a.videoIndex === b.videoIndex && a.end <= b.start + 1e-9)).toBe(true);
      }
      const target = planTarget(pv, requested);
      expect(targetMiss(plan, target)).toBeNull();
      // Never the whole footage by default, never more than asked.
      expect(totalDuration(plan)).toBeLessThanOrEqual(target.maxSeconds * 1.25 + 0.01);
    });
  }
});

describe('offlinePlan', () => {
  it('short footage: at most half of it by default, not all of it', () => {
    const plan = offlinePlan([
      { index: 0, durationSeconds: 30, analysis: null },
      { index: 3, durationSeconds: 45.678, analysis: null },
    ]);
    expect(totalDuration(plan)).toBeCloseTo(37.839, 1);
  });

  it('footage whose half is shorter than a clip: one shortest clip, not a failure', () => {
    for (const seconds of [1.2, 2, 2.05]) {
      const plan = offlinePlan([{ index: 0, durationSeconds: seconds, analysis: null }]);
      expect(plan.clips).toHaveLength(1);
      expect(validatePlan(plan, [{ index: 0, durationSeconds: seconds, ready: true }])).toEqual([]);
      expect(totalDuration(plan)).toBeLessThanOrEqual(seconds);
    }
  });

  it('a length longer than the footage: every video whole', () => {
    const plan = offlinePlan([{ index: 0, durationSeconds: 30, analysis: null }, { index: 3, durationSeconds: 45.678, analysis: null }], { targetDurationSeconds: 600 });
    expect(plan.clips.map((c) => [c.videoIndex, c.start, c.end])).toEqual([[0, 0, 30], [3, 0, 45.678]]);
  });

  it('writes its reasons and theme in Chinese when asked', () => {
    const analysis: VideoAnalysis = { description: '', tags: [], highlights: [{ start: 10, end: 20, label: '激烈场面', score: 0.9 }], scenes: [] };
    const plan = offlinePlan([{ index: 0, durationSeconds: 120, analysis }], { targetDurationSeconds: 15, language: 'ZH' });
    expect(plan.theme).toBe('精彩集锦');
    expect(plan.clips[0]!.reason).toBe('激烈场面（评分 0.90）');
    expect(plan.clips.every((c) => /[\u4e00-\u9fff]/.test(c.reason))).toBe(true);
  });

  it('prefers the best highlights, snapped to scene boundaries', () => {
    const analysis: VideoAnalysis = {
      description: '',
      tags: ['football'],
      highlights: [
        { start: 100.4, end: 109.6, label: 'goal', score: 0.95 },
        { start: 300, end: 310, label: 'dull', score: 0.1 },
      ],
      scenes: [{ start: 0, end: 100 }, { start: 100, end: 110 }, { start: 110, end: 600 }].map((s) => ({ ...s, description: '' })),
    };
    const plan = offlinePlan([{ index: 0, durationSeconds: 600, analysis }]);
    expect(plan.clips).toContainEqual({ videoIndex: 0, start: 100, end: 110, reason: 'goal (score 0.95)' });
    expect(plan.theme).toBe('Highlights: football');
    expect(totalDuration(plan)).toBeCloseTo(planTarget([{ durationSeconds: 600, ready: true }]).seconds, 1);
  });

  it('snapToScenes moves edges within 1 s only', () => {
    expect(snapToScenes({ start: 9.5, end: 20.8 }, [10, 21, 30], 100)).toEqual({ start: 10, end: 21 });
    expect(snapToScenes({ start: 5, end: 15 }, [3, 17], 100)).toEqual({ start: 5, end: 15 });
  });

  it('themes', () => {
    expect(offlineTheme([{ index: 0, durationSeconds: 5, analysis: null }, { index: 1, durationSeconds: 5, analysis: null }])).toBe('Highlights from 2 videos');
  });

  it('refuses when no video can hold a clip', () => {
    expect(() => offlinePlan([{ index: 0, durationSeconds: 0.5, analysis: null }])).toThrow(/long enough/);
  });
});
