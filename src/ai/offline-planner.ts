/** The Planner without a model: offlinePlan over the ready videos' analyses. */
import type { Planner } from './analyzer.js';
import { isPlanReady, videoDuration } from './ready-videos.js';
import { offlinePlan } from '../plan/offline-plan.js';

/** Creates the offline planner (no dependencies: it is pure). */
export function createOfflinePlanner(): Planner {
  return {
    async plan(input, control) {
      const ready = input.videos.filter(isPlanReady);
      const plan = offlinePlan(
        ready.map((v) => ({ index: v.index, durationSeconds: videoDuration(v)!, analysis: v.analysis })),
        { targetDurationSeconds: input.batch.targetDurationSeconds, language: input.batch.language },
      );
      control.onProgress(1, `offline plan with ${plan.clips.length} clips`);
      return { plan, origin: 'OFFLINE', usage: [] };
    },
  };
}
