/** The plan JSON a text model returns: its zod schema and the full check against the plan rules (plan/validate-plan.ts). */
import { z } from 'zod';
import type { PlanDraft } from '../domain/types.js';
import { targetMiss, type PlanTarget } from '../plan/target.js';
import { validatePlan, type PlanVideo } from '../plan/validate-plan.js';
import { secondsSchema } from './analysis-schema.js';
import type { JsonCheck } from './chat-json.js';

/** The plan shape (docs/architecture.md, "Contracts"). */
export const planSchema = z.object({
  theme: z.string(),
  clips: z.array(
    z.object({
      videoIndex: z.coerce.number(),
      start: secondsSchema,
      end: secondsSchema,
      reason: z.string().default(''),
    }),
  ),
});

/**
 * Validates shape, then every hard rule of validatePlan, then the length
 * target (±25 %); problems name the clip and the rule. A plan that misses
 * only the target is offered as `keep`: usable, with a note, if a repair
 * does not fix it.
 */
export function checkPlan(value: unknown, videos: readonly PlanVideo[], target?: Pick<PlanTarget, 'minSeconds' | 'maxSeconds'>): JsonCheck<PlanDraft> {
  const parsed = planSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const plan: PlanDraft = { theme: parsed.data.theme.trim(), clips: parsed.data.clips.map((c) => ({ ...c, reason: c.reason.trim() })) };
  const violations = validatePlan(plan, videos);
  if (violations.length) return { ok: false, problems: violations.map((v) => `${v.message} [${v.rule}]`) };
  const miss = target ? targetMiss(plan, target) : null;
  return miss ? { ok: false, problems: [`${miss.message} [${miss.rule}]`], keep: plan } : { ok: true, value: plan };
}
