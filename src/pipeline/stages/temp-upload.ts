/** TEMP_UPLOAD: puts the compressed copy in storage with a signed URL the model can fetch. */
import { AbortError, UnrecoverableError } from '../../domain/errors.js';
import type { StageDeps } from '../stage-deps.js';
import type { BatchSettings, StageControl, TempObject, VideoWork } from '../../domain/types.js';
import { existsSync } from 'node:fs';
import { defineStage } from '../define-stage.js';

/** `yyyymmdd` of a date in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The temp object key for one video: `temp-compressed/{batchId}/compressed_{index}_{yyyymmdd}.mp4`. */
export function tempKey(batchId: string, index: number, date: Date): string {
  return `temp-compressed/${batchId}/compressed_${index}_${utcDay(date)}.mp4`;
}

/** Uploads one compressed copy to `temp-compressed/{batchId}/compressed_{index}_{yyyymmdd}.mp4`. */
export async function uploadTemp(
  video: VideoWork,
  batch: BatchSettings,
  deps: StageDeps,
  control: StageControl,
): Promise<TempObject> {
  if (!video.compressed) throw new UnrecoverableError(`video ${video.index} has no compressed copy to upload`);
  if (control.signal.aborted) throw new AbortError();
  const key = tempKey(batch.id, video.index, deps.now());
  control.onProgress(0, `uploading compressed copy of video ${video.index}`);
  await deps.storage.putFile(key, video.compressed.path, { contentType: 'video/mp4', signal: control.signal });
  // Sign after the upload so the link's lifetime starts when the object exists.
  const url = await deps.storage.signedUrl(key, batch.tempUrlExpirySeconds);
  const expiresAt = new Date(deps.now().getTime() + batch.tempUrlExpirySeconds * 1000);
  control.onProgress(1, `uploaded compressed copy of video ${video.index}`);
  return { key, url, expiresAt };
}

/** TEMP_UPLOAD: the compressed copy in temporary storage, behind a signed URL the model can fetch. */
export const tempUploadStage = defineStage({
  name: 'TEMP_UPLOAD',
  scope: 'video',
  retries: 3,
  weight: 6,
  labels: { action: 'temp upload', short: 'upload temp' },
  videoStatus: 'UPLOADING',
  batchStatus: () => 'UPLOADING_TEMP',
  limit: 'uploads',
  done: (v) => !!v.temp && !!v.compressed && existsSync(v.compressed.path),
  run: uploadTemp,
  save: (out) => ({ video: { tempKey: out.key, tempUrl: out.url, tempExpiresAt: out.expiresAt } }),
});
