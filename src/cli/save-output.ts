/** Writes a finished render from storage to the user's output path. */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import type { RenderRow } from '../db/plan-store.js';
import { localStorageRoot } from '../storage/create-storage.js';
import { resolveObjectPath } from '../storage/local-storage.js';

/**
 * Copies the render's object to `out`: from the local storage root when
 * storage is local, else by downloading its signed URL. Written to a sibling
 * `.part` file first and renamed, so `out` is never a half-written video.
 */
export async function saveOutput(render: Pick<RenderRow, 'storageKey' | 'url'>, config: Config, out: string): Promise<void> {
  const target = path.resolve(out);
  const part = `${target}.part`;
  try {
    if (config.storage.driver === 'local') {
      if (!render.storageKey) throw new Error('the render has no storage key');
      await fs.promises.copyFile(resolveObjectPath(localStorageRoot(config.dataDir), render.storageKey), part);
    } else {
      if (!render.url) throw new Error('the render has no URL');
      const res = await fetch(render.url);
      if (!res.ok || !res.body) throw new Error(`downloading the result failed: HTTP ${res.status}`);
      await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(part));
    }
    await fs.promises.rename(part, target);
  } finally {
    await fs.promises.rm(part, { force: true });
  }
}
