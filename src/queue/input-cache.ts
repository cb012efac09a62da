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

/** A cache in `dir` of at most `maxBytes`; 0 turns it off (every input is downloaded). */
export async function createInputCache(dir: string, maxBytes: number): Promise<InputCache> {
  await mkdir(dir, { recursive: true });
  // Half-downloaded entries of a worker that was killed.
  for (const name of await readdir(dir)) if (name.includes('.part')) await rm(path.join(dir, name), { force: true });
  const inUse = new Map<string, number>();
  const downloading = new Map<string, Promise<number>>();

  const take = async (entry: string, into: string) => {
    try {
      await link(entry, into);
    } catch {
      // Another file system (or no hard links): a copy does the same.
      await copyFile(entry, into);
    }
    const now = new Date();
    await utimes(entry, now, now).catch(() => undefined);
  };

  const sized = async (entry: string): Promise<number | null> => (await stat(entry).catch(() => null))?.size ?? null;

  /** Removes least recently used entries not in use until the cache fits. */
  const evict = async () => {
    const names = (await readdir(dir)).filter((n) => KEY.test(n));
    const entries = (await Promise.all(names.map(async (n) => ({ n, s: await stat(path.join(dir, n)).catch(() => null) })))).filter((e) => e.s);
    let total = entries.reduce((t, e) => t + e.s!.size, 0);
    for (const e of entries.sort((a, b) => a.s!.mtimeMs - b.s!.mtimeMs)) {
      if (total <= maxBytes) break;
      if (inUse.has(e.n)) continue;
      await rm(path.join(dir, e.n), { force: true });
      total -= e.s!.size;
    }
  };

  return {
    async fetch(key, bytes, into, download) {
      if (maxBytes <= 0 || bytes > maxBytes || !KEY.test(key)) return download(into);
      const entry = path.join(dir, key);
      inUse.set(key, (inUse.get(key) ?? 0) + 1);
      try {
        let downloaded: number;
        for (;;) {
          const pending = downloading.get(key);
          if (pending) {
            await pending.catch(() => undefined);
            continue;
          }
          // Set before any await: a job asking meanwhile waits for this one.
          const run = (async () => {
            if ((await sized(entry)) === bytes) return 0;
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
          })();
          downloading.set(key, run);
          try {
            downloaded = await run;
          } finally {
            downloading.delete(key);
          }
          break;
        }
        await take(entry, into);
        return downloaded;
      } finally {
        const left = (inUse.get(key) ?? 1) - 1;
        if (left > 0) inUse.set(key, left);
        else inUse.delete(key);
        if (left <= 0) await evict().catch(() => undefined);
      }
    },
  };
}
