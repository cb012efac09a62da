/** Reads a plan JSON file for `--plan`; the shape is the plan's (ai/plan-schema.ts; what `--plan-only` prints). */
import fs from 'node:fs/promises';
import { planSchema } from '../ai/plan-schema.js';
import type { PlanDraft } from '../domain/types.js';
import { UsageError } from './parse-args.js';

/**
 * Parses plan text. Only the shape is checked here; the plan rules (ready
 * videos, bounds, total length) are the batch actions' job once the videos
 * are known. Times may be seconds or "m:ss", like a model's answer.
 */
export function parsePlanText(text: string, source: string): PlanDraft {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = planSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UsageError(`${source} is not a plan like {"theme": "...", "clips": [{"videoIndex": 0, "start": 0, "end": 5, "reason": "..."}]}: ${problems.join('; ')}`);
  }
  return { theme: parsed.data.theme, clips: parsed.data.clips };
}

/** Reads and parses a plan file; UsageError when it cannot be read or is not a plan. */
export async function readPlanFile(file: string): Promise<PlanDraft> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the plan file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parsePlanText(text, file);
}
