/** VL_ANALYSIS: describes one video (and transcribes it when asked). PLACEHOLDER until issue 5 lands. */
import type { BatchSettings, StageControl, TranscriptSegment, UsageEntry, VideoAnalysis, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Analyses one compressed video. */
export async function analyzeVideo(
  video: VideoWork,
  _batch: BatchSettings,
  _deps: StageDeps,
  _control: StageControl,
): Promise<{ analysis: VideoAnalysis; transcript: TranscriptSegment[] | null; usage: UsageEntry[] }> {
  throw new Error(`analyzeVideo not implemented (video ${video.index})`);
}
