/** PLAN_GENERATION: one cross-video plan from the analyses (AI, or offline). */
import { createOfflinePlanner } from '../../ai/offline-planner.js';
import type { PlanOrigin } from '../../domain/statuses.js';
import type { BatchSettings, PlanDraft, StageControl, UsageEntry, VideoWork } from '../../domain/types.js';
import type { StageDeps } from '../stage-deps.js';
import { defineStage } from '../define-stage.js';

/**
 * Drafts a plan from the ready videos with the configured planner; a batch
 * with enableVlAnalysis=false gets the offline planner (its analyses are
 * signal-based, and the user asked for no model calls).
 */
export async function generatePlan(
  input: { batch: BatchSettings; videos: VideoWork[]; customPrompt: string | null },
  deps: StageDeps,
  control: StageControl,
): Promise<{ plan: PlanDraft; origin: PlanOrigin; usage: UsageEntry[]; note?: string | null }> {
  const planner = input.batch.enableVlAnalysis ? deps.planner : createOfflinePlanner();
  return planner.plan(input, control);
}

/** PLAN_GENERATION: one plan from the ready videos; stored as a plan version by the runner's plan step. */
export const planStage = defineStage({
  name: 'PLAN_GENERATION',
  scope: 'batch',
  retries: 2,
  weight: 5,
  labels: { action: 'plan generation', short: 'plan' },
  run: generatePlan,
});
