/**
 * The analysis JSON (docs/architecture.md, "Contracts"): its zod schema, the check of its
 * timestamps against the probed duration, and the clamp applied before use.
 */
import { z } from 'zod';
import type { VideoAnalysis } from '../domain/types.js';

/** Seconds as a model may write them: 12.5, "12.5", "1:02.5" or "00:01:02". */
export const secondsSchema = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^(\d+:){0,2}\d+(\.\d+)?$/, 'expected seconds as a number')
    .transform((s) => s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0)),
]);

const highlightSchema = z.object({
  start: secondsSchema,
  end: secondsSchema,
  label: z.string().default(''),
  // Some models answer 0–10 or 0–100; clampAnalysis rescales.
  score: z.coerce.number().default(0.5),
});

const sceneSchema = z.object({
  start: secondsSchema,
  end: secondsSchema,
  description: z.string().default(''),
});

/** The analysis shape; tags and scenes may be missing, description and highlights may not. */
export const analysisSchema = z.object({
  description: z.string(),
  highlights: z.array(highlightSchema),
  tags: z.array(z.coerce.string()).default([]),
  scenes: z.array(sceneSchema).default([]),
});

/** The result of validating a parsed answer. */
export type AnalysisCheck = { ok: true; analysis: VideoAnalysis } | { ok: false; problems: string[] };

/** Timestamps may overshoot the probed duration by this much before we call them wrong (models drift). */
export function timestampTolerance(durationSeconds: number): number {
  return Math.max(1, durationSeconds * 0.02);
}

/** Problems with the spans of a shape-valid analysis: out of range or reversed (they earn one repair request). */
export function analysisRangeProblems(analysis: VideoAnalysis, durationSeconds: number): string[] {
  const tol = timestampTolerance(durationSeconds);
  const out: string[] = [];
  const check = (kind: string, i: number, s: { start: number; end: number }): void => {
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) out.push(`${kind}[${i}]: start and end must be numbers of seconds`);
    else if (s.start < 0) out.push(`${kind}[${i}]: start ${s.start} is negative`);
    else if (s.end > durationSeconds + tol) out.push(`${kind}[${i}]: end ${s.end} is past the end of the video (${durationSeconds.toFixed(1)} s)`);
    else if (s.start >= s.end) out.push(`${kind}[${i}]: start ${s.start} is not before end ${s.end}`);
  };
  analysis.highlights.forEach((h, i) => check('highlights', i, h));
  analysis.scenes.forEach((s, i) => check('scenes', i, s));
  return out;
}

/** Validates a parsed answer's shape and timestamps; problems are phrased for a repair request. */
export function checkAnalysis(value: unknown, durationSeconds: number): AnalysisCheck {
  const parsed = analysisSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const problems = analysisRangeProblems(parsed.data, durationSeconds);
  return problems.length ? { ok: false, problems } : { ok: true, analysis: parsed.data };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Maps a score to 0..1: scores on a 0–10 or 0–100 scale are rescaled, others clamped. */
function normaliseScore(score: number): number {
  if (!Number.isFinite(score)) return 0.5;
  if (score > 1 && score <= 10) return score / 10;
  if (score > 10 && score <= 100) return score / 100;
  return Math.min(1, Math.max(0, score));
}

/**
 * Clamps every span into [0, duration], drops spans that end up empty or
 * reversed, puts scores into 0..1, trims and de-duplicates tags.
 */
export function clampAnalysis(analysis: VideoAnalysis, durationSeconds: number): VideoAnalysis {
  const clampSpan = <T extends { start: number; end: number }>(s: T): T | null => {
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) return null;
    const start = round2(Math.min(durationSeconds, Math.max(0, s.start)));
    const end = round2(Math.min(durationSeconds, Math.max(0, s.end)));
    return end > start ? { ...s, start, end } : null;
  };
  const highlights = analysis.highlights
    .map(clampSpan)
    .filter((h): h is NonNullable<typeof h> => h !== null)
    .map((h) => ({ start: h.start, end: h.end, label: h.label.trim(), score: normaliseScore(h.score) }));
  const scenes = analysis.scenes
    .map(clampSpan)
    .filter((s): s is NonNullable<typeof s> => s !== null)
    .map((s) => ({ start: s.start, end: s.end, description: s.description.trim() }))
    .sort((a, b) => a.start - b.start);
  const tags = [...new Set(analysis.tags.map((t) => t.trim()).filter(Boolean))];
  return { description: analysis.description.trim(), highlights, tags, scenes };
}
