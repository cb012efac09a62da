/** RENDERING: cuts each clip from its original and joins them. PLACEHOLDER until issue 6 lands. */
import type { BatchSettings, PlanDraft, ProbeInfo, StageControl, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Progress of a render: clips done of all, then the join. */
export interface RenderControl extends StageControl {
  /** Called once when every clip is cut and the join begins. */
  onMerging(): void;
}

/** Renders a plan into one file in workDir; returns its path and probe. */
export async function renderPlan(
  _input: { batch: BatchSettings; plan: PlanDraft; videos: VideoWork[]; renderId: string; workDir: string },
  _deps: StageDeps,
  _control: RenderControl,
): Promise<{ path: string; probe: ProbeInfo }> {
  throw new Error('renderPlan not implemented');
}
