/** FINAL_UPLOAD: stores the rendered video under `processed/` and signs a long-lived URL. */
import { AbortError } from '../../domain/errors.js';
import { finalVideoUrl } from '../../storage/final-url.js';
import type { StageDeps } from '../stage-deps.js';
import type { BatchSettings, ProbeInfo, StageControl } from '../../domain/types.js';
import { defineStage } from '../define-stage.js';

/** `yyyyMMddHHmmss` of a date in UTC. */
export function utcStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** The final object key: `processed/{batchId}/final_{yyyyMMddHHmmss}.mp4`. */
export function finalKey(batchId: string, date: Date): string {
  return `processed/${batchId}/final_${utcStamp(date)}.mp4`;
}

/**
 * A final key no earlier render of the batch holds: two renders within the
 * same second get `final_{stamp}_2.mp4` and so on, never overwriting.
 */
async function freeFinalKey(deps: StageDeps, batchId: string): Promise<string> {
  const base = finalKey(batchId, deps.now());
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : base.replace(/\.mp4$/, `_${n}.mp4`);
    if (!(await deps.storage.stat(key))) return key;
  }
}

/** Uploads the final video to `processed/{batchId}/final_{yyyyMMddHHmmss}.mp4`. */
export async function uploadFinal(
  input: { batch: BatchSettings; renderId: string; path: string; probe: Pick<ProbeInfo, 'durationSeconds' | 'sizeBytes' | 'width' | 'height'> },
  deps: StageDeps,
  control: StageControl,
): Promise<{ key: string; url: string; expiresAt: Date | null; sizeBytes: number }> {
  if (control.signal.aborted) throw new AbortError();
  const key = await freeFinalKey(deps, input.batch.id);
  control.onProgress(0, 'uploading final video');
  const stored = await deps.storage.putFile(key, input.path, { contentType: 'video/mp4', signal: control.signal });
  let link: { url: string; expiresAt: Date | null };
  try {
    link = await finalVideoUrl(deps.storage, key, deps.now(), {
      mode: deps.config?.storage.finalUrlMode,
      lifetimeSeconds: deps.config?.storage.finalUrlExpirySeconds,
    });
  } catch (err) {
    // No link, no video: a retry uploads it again under the same free key, with no copy left behind.
    await deps.storage.delete(key).catch(() => undefined);
    throw err;
  }
  const { url, expiresAt } = link;
  control.onProgress(1, 'uploaded final video');
  deps.log.info({ batchId: input.batch.id, renderId: input.renderId, key, sizeBytes: stored.sizeBytes }, 'final video stored');
  return { key, url, expiresAt, sizeBytes: stored.sizeBytes };
}

/** FINAL_UPLOAD: the rendered file in storage; its key and URL are stored on the render by the runner. */
export const finalUploadStage = defineStage({
  name: 'FINAL_UPLOAD',
  scope: 'batch',
  retries: 3,
  weight: 7,
  labels: { action: 'final upload', short: 'store result' },
  run: uploadFinal,
});
