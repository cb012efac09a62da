/** COMPRESSION: encodes a small copy for the model. PLACEHOLDER until issue 3 lands. */
import type { BatchSettings, CompressedCopy, StageControl, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Compresses one prepared video with its profile. */
export async function compressVideo(
  video: VideoWork,
  _batch: BatchSettings,
  _deps: StageDeps,
  _control: StageControl,
): Promise<CompressedCopy> {
  throw new Error(`compressVideo not implemented (video ${video.index})`);
}
