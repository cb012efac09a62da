import { describe, expect, it } from 'vitest';
import { estimateVideoTokens, pyRound, QWEN3_VL_RULE, sampledFrames, smartResize } from '../../src/media/vision-tokens.js';

describe('pyRound', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 30.5, 31.5, 2.4, 2.6, -0.5].map(pyRound)).toEqual([0, 2, 2, 30, 32, 2, 3, -0]);
  });
});

describe('sampledFrames', () => {
  it('samples 2 per second, even, within 4..768', () => {
    expect(sampledFrames(10, 30)).toBe(20);
    expect(sampledFrames(1, 30)).toBe(4);
    expect(sampledFrames(2.75, 30)).toBe(6); // 5.5 frames → round to even: 6
    expect(sampledFrames(600, 30)).toBe(768);
  });
  it('never samples more frames than the file has', () => {
    expect(sampledFrames(10, 1)).toBe(10);
    expect(sampledFrames(10, 0.5)).toBe(4);
    expect(sampledFrames(10, null)).toBe(20);
  });
});

describe('smartResize', () => {
  it('rounds sides to the factor and shrinks past the pixel cap', () => {
    expect(smartResize(480, 854, 28, 128 * 784, 768 * 784)).toEqual({ height: 476, width: 840 }); // 30.5 → 30
    expect(smartResize(1080, 1920, 28, 128 * 784, 768 * 784)).toEqual({ height: 560, width: 1008 });
    expect(smartResize(90, 160, 28, 128 * 784, 768 * 784)).toEqual({ height: 252, width: 448 }) // grown to the minimum;
  });
});

describe('estimateVideoTokens', () => {
  it('1080p and its 720p copy cost the same: the model shrinks both to ~600k pixels', () => {
    const full = estimateVideoTokens({ width: 1920, height: 1080, durationSeconds: 10, fps: 30 });
    const hd = estimateVideoTokens({ width: 1280, height: 720, durationSeconds: 10, fps: 15 });
    expect(full.rule).toMatchObject({ name: 'qwen2.5-vl', factor: 28, frames: 20, resizedWidth: 1008, resizedHeight: 560, tokensPerFramePair: 720 });
    expect(full.tokens).toBe(10 * 720 + 2);
    expect(hd.tokens).toBe(full.tokens);
    expect(full.rule.description).toContain('1008x560');
  });

  it('480p costs less', () => {
    const sd = estimateVideoTokens({ width: 854, height: 480, durationSeconds: 10, fps: 10 });
    expect(sd.rule.tokensPerFramePair).toBe(17 * 30);
    expect(sd.tokens).toBe(10 * 510 + 2);
  });

  it('a 1 fps file yields fewer frames and tokens', () => {
    const two = estimateVideoTokens({ width: 1280, height: 720, durationSeconds: 10, fps: 30 });
    const one = estimateVideoTokens({ width: 1280, height: 720, durationSeconds: 10, fps: 1 });
    expect(one.rule.frames).toBe(10);
    expect(one.tokens).toBeLessThan(two.tokens);
  });

  it('the per-video pixel budget shrinks frames of long videos, not below 1.05 × the minimum', () => {
    const long = estimateVideoTokens({ width: 1920, height: 1080, durationSeconds: 600, fps: 30 });
    expect(long.rule.frames).toBe(768);
    const area = long.rule.resizedWidth * long.rule.resizedHeight;
    expect(area).toBeLessThanOrEqual(Math.floor(128 * 784 * 1.05));
    expect(long.tokens).toBeLessThan(126_000);
  });

  it('can use the Qwen3-VL rule (factor 32)', () => {
    const e = estimateVideoTokens({ width: 1280, height: 720, durationSeconds: 10, fps: 30 }, QWEN3_VL_RULE);
    expect(e.rule.factor).toBe(32);
    expect(e.rule.resizedWidth % 32).toBe(0);
    expect(e.rule.resizedHeight % 32).toBe(0);
  });
});
