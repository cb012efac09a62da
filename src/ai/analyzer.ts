/** The contracts of the analysis and planning step; implementations live beside this file. */
import type { BatchSettings, PlanDraft, StageControl, TranscriptSegment, UsageEntry, VideoAnalysis, VideoWork } from '../domain/types.js';
import type { PlanOrigin } from '../domain/statuses.js';

/** Watches one compressed video and describes it (the shape is in ai/analysis-schema.ts). */
export interface Analyzer {
  readonly kind: 'openai' | 'offline';
  analyze(video: VideoWork, batch: BatchSettings, control: StageControl): Promise<{ analysis: VideoAnalysis; usage: UsageEntry[] }>;
}

/** Turns the analyses of the ready videos into one plan (the rules are in plan/validate-plan.ts). */
export interface Planner {
  plan(
    input: { batch: BatchSettings; videos: VideoWork[]; customPrompt: string | null },
    control: StageControl,
  ): Promise<{ plan: PlanDraft; origin: PlanOrigin; usage: UsageEntry[]; note?: string | null }>;
}

/** Turns a video's audio into timed text. */
export interface Transcriber {
  transcribe(video: VideoWork, batch: BatchSettings, control: StageControl): Promise<{ segments: TranscriptSegment[]; usage: UsageEntry[] }>;
}
