/**
 * A worker's cache of downloaded job inputs, keyed by the content key the
 * server gives each input (input-key.ts): the source that a probe, its
 * compression and every clip's render all read is downloaded once per worker.
 * A job gets a hard link to the cached copy (its scratch folder is removed
 * after the run; the cached copy stays); least recently used entries are
 * removed once the cache is over its size. See docs/workers.md.
 */
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, link, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';

/** Fetches inputs through the cache. */
export interface InputCache {
  /**
   * Puts the input with `key` and `bytes` at `into`, downloading it (with
   * `download`, which checks the size) only when the cache has no copy.
   * Returns the bytes downloaded: 0 when it came from the cache.
   */
  fetch(key: string, bytes: number, into: string, download: (to: string) => Promise<number>): Promise<number>;
}

// What the server sends: hex, so a key can never name a path outside the cache.
const KEY = /^[a-f0-9]{32,64}$/;

/** Downloads into the cache entry unless it already holds `bytes` bytes; returns the bytes downloaded. */
async function fill(entry: string, bytes: number, download: (to: string) => Promise<number>): Promise<number> {
  if ((await stat(entry).catch(() => null))?.size === bytes) return 0;
  const part = `${entry}.part-${randomBytes(4).toString('hex')}`;
  try {
    const n = await download(part);
    // Read-only, for every job's hard link too: no run can change what later jobs read.
    await chmod(part, 0o444);
    await rename(part, entry);
    return n;
  } finally {
    await rm(part, { force: true });
  }
}

/** Hard-links the entry into a job's folder (a copy across file systems) and marks it recently used. */
async function take(entry: string, into: string): Promise<void> {
  try {
    await link(entry, into);
  } catch {
    await copyFile(entry, into);
  }
  const now = new Date();
  await utimes(entry, now, now).catch(() => undefined);
}

/** Removes least recently used entries not in use until the cache fits. */
async function evict(dir: string, maxBytes: number, inUse: ReadonlyMap<string, number>): Promise<void> {
  const names = (await readdir(dir)).filter((n) => KEY.test(n));
  const entries = (await Promise.all(names.map(async (n) => ({ n, s: await stat(path.join(dir, n)).catch(() => null) })))).filter((e) => e.s);
  let total = entries.reduce((t, e) => t + e.s!.size, 0);
  for (const e of entries.sort((a, b) => a.s!.mtimeMs - b.s!.mtimeMs)) {
    if (total <= maxBytes) break;
    if (inUse.has(e.n)) continue;
    await rm(path.join(dir, e.n), { force: true });
    total -= e.s!.size;
  }
}

/** A cache in `dir` of at most `maxBytes`; 0 turns it off (every input is downloaded). */
export async function createInputCache(dir: string, maxBytes: number): Promise<InputCache> {
  await mkdir(dir, { recursive: true });
  // Half-downloaded entries of a worker that was killed.
  for (const name of await readdir(dir)) if (name.includes('.part')) await rm(path.join(dir, name), { force: true });
  const inUse = new Map<string, number>();
  const downloading = new Map<string, Promise<number>>();

  return {
    async fetch(key, bytes, into, download) {
      if (maxBytes <= 0 || bytes > maxBytes || !KEY.test(key)) return download(into);
      const entry = path.join(dir, key);
      inUse.set(key, (inUse.get(key) ?? 0) + 1);
      try {
        // One download per key: a job asking meanwhile waits for it, then finds the entry (or tries itself).
        let pending: Promise<number> | undefined;
        while ((pending = downloading.get(key))) await pending.catch(() => undefined);
        // Set before any await, so the next job to ask waits for this one.
        const run = fill(entry, bytes, download);
        downloading.set(key, run);
        let downloaded: number;
        try {
          downloaded = await run;
        } finally {
          downloading.delete(key);
        }
        await take(entry, into);
        return downloaded;
      } finally {
        const left = (inUse.get(key) ?? 1) - 1;
        if (left > 0) inUse.set(key, left);
        else inUse.delete(key);
        if (left <= 0) await evict(dir, maxBytes, inUse).catch(() => undefined);
      }
    },
  };
}
