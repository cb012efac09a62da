/** CLEANUP: removes everything temporary the batch made, and never a user's LOCAL file. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../../domain/is-inside.js';
import type { StageDeps } from '../stage-deps.js';
import type { BatchSettings, StageControl, VideoWork } from '../../domain/types.js';
import { defineStage } from '../define-stage.js';

/** True when `child` is `parent` or lies inside it. */
function within(parent: string, child: string): boolean {
  return child === parent || isInside(parent, child);
}

async function realOrResolved(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

async function removeFile(file: string, removed: string[]): Promise<void> {
  try {
    await fs.rm(file, { force: false });
    removed.push(file);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
}

/** Empties `dir` recursively, sparing any path in `keep` (and the directories leading to it). */
async function removeTree(dir: string, keep: string[], removed: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (keep.some((k) => within(full, k))) {
      if (e.isDirectory() && !keep.includes(full)) await removeTree(full, keep, removed);
      continue;
    }
    await fs.rm(full, { recursive: true, force: true });
    removed.push(full);
  }
}

/** Deletes downloads, compressed copies, clip intermediates and temp objects; never a LOCAL file (a user's or an upload). */
export async function cleanupBatch(
  input: { batch: BatchSettings; videos: VideoWork[]; workDir: string },
  deps: StageDeps,
  // Cleanup also runs for cancelled batches, so it deliberately ignores an aborted signal.
  _control: StageControl,
): Promise<{ removed: string[] }> {
  const { batch, videos } = input;
  const removed: string[] = [];
  const workDir = path.resolve(input.workDir);
  const realWork = await realOrResolved(workDir);
  // A user's files: what a LOCAL source points at, however it is spelled. A copy the
  // prepare stage made inside the work dir is ours, not theirs. A browser upload is a
  // LOCAL source too and stays: a re-render or retry still needs it (sources/upload-sweeper.ts
  // removes it once no batch may need it any more).
  const local = videos.filter((v) => v.sourceType === 'LOCAL');
  const present = (p: string | null): p is string => !!p;
  const keep = [
    ...(await Promise.all(local.map((v) => v.sourcePath).filter(present).map(realOrResolved))),
    ...(await Promise.all(local.map((v) => v.localPath).filter(present).map(realOrResolved))).filter((p) => !within(realWork, p)),
  ];

  for (const v of videos) {
    const candidates = [v.downloaded && v.sourceType !== 'LOCAL' ? v.localPath : null, v.compressed?.path ?? null];
    for (const file of candidates) {
      if (!file) continue;
      const real = await realOrResolved(file);
      if (keep.some((k) => k === real)) continue;
      await removeFile(file, removed);
    }
  }

  // Only a directory that is clearly this batch's own gets emptied wholesale.
  if (path.basename(workDir) === batch.id && path.dirname(workDir) !== workDir) {
    await removeTree(realWork, keep, removed);
    await fs.rmdir(realWork).catch(() => undefined);
  } else {
    deps.log.warn({ batchId: batch.id, workDir }, 'work dir is not named after the batch; left in place');
  }

  const prefix = `temp-compressed/${batch.id}/`;
  const objects = await deps.storage.list(prefix);
  await deps.storage.deletePrefix(prefix);
  removed.push(...objects.map((o) => o.key));
  return { removed };
}

/** CLEANUP: removes what the batch made for itself; a failure is reported, never fatal. */
export const cleanupStage = defineStage({
  name: 'CLEANUP',
  scope: 'batch',
  retries: 0,
  weight: 3,
  labels: { action: 'cleanup', short: 'clean up' },
  run: cleanupBatch,
});
