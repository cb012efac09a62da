import { describe, expect, it } from 'vitest';
import { summarizeCompression } from '../../src/media/compression-summary.js';
import { estimateVideoTokens } from '../../src/media/vision-tokens.js';

describe('summarizeCompression', () => {
  it('sums bytes and tokens, averages the ratio and states the rule', () => {
    const a = {
      probe: { sizeBytes: 10_000_000, width: 1920, height: 1080, durationSeconds: 10, fps: 30 },
      compressed: { sizeBytes: 1_000_000, width: 854, height: 480, durationSeconds: 10, fps: 10 },
    };
    const b = {
      probe: { sizeBytes: 4_000_000, width: 1920, height: 1080, durationSeconds: 10, fps: 30 },
      compressed: { sizeBytes: 1_000_000, width: 1280, height: 720, durationSeconds: 10, fps: 15 },
    };
    const s = summarizeCompression([a, b]);
    const full = estimateVideoTokens(a.probe).tokens;
    const sd = estimateVideoTokens(a.compressed).tokens;
    expect(s).toMatchObject({ videos: 2, originalBytes: 14_000_000, compressedBytes: 2_000_000, averageRatio: 7 });
    expect(s.originalTokens).toBe(2 * full);
    // 720p costs what 1080p costs; only the 480p copy saves tokens.
    expect(s.compressedTokens).toBe(sd + full);
    expect(s.tokenSavingsPercent).toBeCloseTo((100 * (full - sd)) / (2 * full), 1);
    expect(s.rule).toMatch(/^qwen2\.5-vl .*factor 28/);
  });

  it('is all zeros for no videos', () => {
    expect(summarizeCompression([])).toMatchObject({ videos: 0, originalBytes: 0, averageRatio: 0, tokenSavingsPercent: 0 });
  });
});
