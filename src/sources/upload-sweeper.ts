/**
 * The lifecycle of browser uploads (DATA_DIR/uploads, see uploads-dir.ts). An
 * upload that a batch uses is kept while that batch may still need its source
 * (it is running, waits for approval, or ended less than UPLOAD_RETENTION_SECONDS
 * ago, so a re-render, retry or regeneration still works) and removed once every
 * batch using it has been idle in an end state for longer. An upload no batch
 * uses, finished or not, is removed UPLOAD_TTL_SECONDS after it was created.
 * Swept at start and then periodically, on an injected clock.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isInside } from '../domain/is-inside.js';
import { periodic } from '../domain/periodic.js';
import { isTerminal, type BatchStatus } from '../domain/statuses.js';

/** A batch's use of a LOCAL file (see db/upload-refs.ts). */
export interface UploadRef {
  status: BatchStatus;
  updatedAt: Date;
  sourcePath: string | null;
  localPath: string | null;
}

/** What {@link createUploadSweeper} needs. */
export interface UploadSweeperOptions {
  /** The uploads directory. */
  dir: string;
  /** How long an upload no batch uses is kept after its creation. */
  ttlSeconds: number;
  /** How long an upload is kept after the last batch using it ended (or was last acted on). */
  retentionSeconds: number;
  /** Every LOCAL source of every batch, read afresh on each sweep. */
  refs(): UploadRef[];
  log: Pick<Logger, 'info' | 'warn'>;
  now: () => Date;
}

/** What one sweep removed and why. */
export interface UploadSweepResult {
  /** Upload ids no batch used, past their TTL. */
  expired: string[];
  /** Upload ids whose batches all ended longer than the retention ago. */
  released: string[];
}

/** The tus metadata file beside each upload. */
const META = '.json';

async function createdAt(dir: string, id: string): Promise<number> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, id + META), 'utf8')) as { creation_date?: string };
    const t = meta.creation_date ? Date.parse(meta.creation_date) : NaN;
    if (Number.isFinite(t)) return t;
  } catch {
    // No or unreadable metadata: the file's own time below.
  }
  const st = await fs.stat(path.join(dir, id)).catch(() => fs.stat(path.join(dir, id + META)));
  return st.mtimeMs;
}

/** The upload id a batch's LOCAL source names, when it is one of ours. */
function uploadIdOf(ref: UploadRef, dir: string, ids: Set<string>): string | null {
  for (const p of [ref.localPath, ref.sourcePath]) {
    if (!p) continue;
    if (path.isAbsolute(p)) {
      const full = path.resolve(p);
      if (isInside(dir, full)) return path.relative(dir, full).split(path.sep)[0]!;
    } else if (ids.has(p)) {
      return p;
    }
  }
  return null;
}

/**
 * Creates the sweeper; nothing runs until `start` or `sweepOnce`.
 * Long because it is a factory: the sweep, the timer and stop share one state.
 */
export function createUploadSweeper(options: UploadSweeperOptions) {

  const remove = async (id: string): Promise<void> => {
    await fs.rm(path.join(options.dir, id), { force: true });
    await fs.rm(path.join(options.dir, id + META), { force: true });
  };

  const sweepOnce = async (): Promise<UploadSweepResult> => {
    const result: UploadSweepResult = { expired: [], released: [] };
    const dir = await fs.realpath(options.dir).catch(() => null);
    if (!dir) return result;
    const names = await fs.readdir(dir);
    const ids = new Set(names.map((n) => (n.endsWith(META) ? n.slice(0, -META.length) : n)));
    const now = options.now().getTime();
    const uses = new Map<string, UploadRef[]>();
    for (const ref of options.refs()) {
      const id = uploadIdOf(ref, dir, ids);
      if (id && ids.has(id)) uses.set(id, [...(uses.get(id) ?? []), ref]);
    }
    for (const id of ids) {
      const refs = uses.get(id);
      try {
        if (!refs) {
          if (now - (await createdAt(dir, id)) < options.ttlSeconds * 1000) continue;
          await remove(id);
          result.expired.push(id);
        } else if (refs.every((r) => isTerminal(r.status) && now - r.updatedAt.getTime() >= options.retentionSeconds * 1000)) {
          await remove(id);
          result.released.push(id);
        }
      } catch (err) {
        options.log.warn({ upload: id, err: (err as Error).message }, 'upload sweeper could not remove an upload');
      }
    }
    if (result.expired.length || result.released.length) {
      options.log.info({ expired: result.expired.length, released: result.released.length }, 'upload sweeper removed uploads');
    }
    return result;
  };

  // Sweeps now and then every `intervalSeconds`; a sweep never overlaps the previous one.
  return { sweepOnce, ...periodic(sweepOnce, (err) => options.log.warn({ err: err.message }, 'upload sweep failed')) };
}
