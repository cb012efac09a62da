/** TEMP_UPLOAD: puts the compressed copy in storage with a signed URL. PLACEHOLDER until issue 4 lands. */
import type { BatchSettings, StageControl, TempObject, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Uploads one compressed copy to `temp-compressed/{batchId}/compressed_{index}_{yyyymmdd}.mp4`. */
export async function uploadTemp(
  video: VideoWork,
  _batch: BatchSettings,
  _deps: StageDeps,
  _control: StageControl,
): Promise<TempObject> {
  throw new Error(`uploadTemp not implemented (video ${video.index})`);
}
