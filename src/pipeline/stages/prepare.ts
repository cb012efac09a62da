/** PREPARATION: brings a source to disk (or checks it in place) and probes it. PLACEHOLDER until issue 3 lands. */
import type { BatchSettings, ProbeInfo, StageControl, VideoWork } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Prepares one video: a local path the later stages can read, and its probe. */
export async function prepareVideo(
  video: VideoWork,
  _batch: BatchSettings,
  _deps: StageDeps,
  _control: StageControl,
): Promise<{ localPath: string; downloaded: boolean; probe: ProbeInfo }> {
  throw new Error(`prepareVideo not implemented (video ${video.index})`);
}
