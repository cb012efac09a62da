/** FINAL_UPLOAD: stores the rendered video under `processed/`. PLACEHOLDER until issue 4 lands. */
import type { BatchSettings, ProbeInfo, StageControl } from '../types.js';
import type { StageDeps } from '../stage-deps.js';

/** Uploads the final video to `processed/{batchId}/final_{yyyyMMddHHmmss}.mp4`. */
export async function uploadFinal(
  _input: { batch: BatchSettings; renderId: string; path: string; probe: ProbeInfo },
  _deps: StageDeps,
  _control: StageControl,
): Promise<{ key: string; url: string; expiresAt: Date | null; sizeBytes: number }> {
  throw new Error('uploadFinal not implemented');
}
