/** PLAN_GENERATION: one cross-video plan from the analyses. PLACEHOLDER until issue 5 lands. */
import type { PlanOrigin } from '../statuses.js';
import type { BatchSettings, PlanDraft, StageControl, UsageEntry, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Drafts a plan from the ready videos. */
export async function generatePlan(
  _input: { batch: BatchSettings; videos: VideoWork[]; customPrompt: string | null },
  _deps: StageDeps,
  _control: StageControl,
): Promise<{ plan: PlanDraft; origin: PlanOrigin; usage: UsageEntry[] }> {
  throw new Error('generatePlan not implemented');
}
