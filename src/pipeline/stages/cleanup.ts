/** CLEANUP: removes everything temporary the batch made. PLACEHOLDER until issue 4 lands. */
import type { BatchSettings, StageControl, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Deletes downloads, compressed copies, clip intermediates and temp objects; never a user's LOCAL file. */
export async function cleanupBatch(
  _input: { batch: BatchSettings; videos: VideoWork[]; workDir: string },
  _deps: StageDeps,
  _control: StageControl,
): Promise<{ removed: string[] }> {
  return { removed: [] };
}
