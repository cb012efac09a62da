import { describe, expect, it } from 'vitest';
import { ANALYSIS_REQUESTS, defaultRequest, frameSizeFor, MODEL_INPUT_LIMIT_TOKENS, requestTokens } from '../../src/ai/analysis-request.js';
import { tokenTable } from '../../src/ai/token-table.js';

describe('analysis request tokens', () => {
  it('a 10-minute 1080p source: every profile saves more than the next-higher one, none over the input limit', () => {
    const rows = tokenTable({ width: 1920, height: 1080, durationSeconds: 600, fps: 30 });
    expect(rows.map((r) => r.profile)).toEqual(['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE']);
    expect(rows[0]!.saving).toBeGreaterThan(rows[1]!.saving);
    expect(rows[1]!.saving).toBeGreaterThan(rows[2]!.saving);
    expect(rows[2]!.saving).toBeGreaterThan(0.5);
    for (const r of rows) expect(r.requestTokens).toBeLessThanOrEqual(MODEL_INPUT_LIMIT_TOKENS);
    // The original alone would not fit: the request is what makes a 10-minute video possible.
    expect(rows[0]!.originalTokens).toBeGreaterThan(MODEL_INPUT_LIMIT_TOKENS);
    // Without the request, the BALANCED copy saves nothing (720p is shrunk to ~600k px like 1080p).
    expect(rows[1]!.copyDefaultTokens).toBe(rows[1]!.originalTokens);
  });

  it('by hand: 1080p, 600 s, 2 fps → 768 frames of 1008×560 → 384 × 720 + 2', () => {
    expect(requestTokens({ width: 1920, height: 1080, durationSeconds: 600, fps: 30 }, defaultRequest()).tokens).toBe(384 * 36 * 20 + 2);
    // BALANCED request: 300 frames of 616×336 → 150 × 22 × 12 + 2.
    expect(requestTokens({ width: 1280, height: 720, durationSeconds: 600, fps: 15 }, ANALYSIS_REQUESTS.BALANCED).tokens).toBe(150 * 22 * 12 + 2);
  });

  it('frame sizes fit the pixel budget, keep the aspect and never upscale', () => {
    expect(frameSizeFor(1280, 720, 230_400)).toEqual({ width: 640, height: 360 });
    expect(frameSizeFor(160, 120, 230_400)).toEqual({ width: 160, height: 120 });
  });
});
