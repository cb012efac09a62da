/** The worker's input cache: one download per content key, hard links for jobs, least recently used entries evicted, nothing outside its folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInputCache } from '../../src/queue/input-cache.js';
import { inputKey } from '../../src/queue/input-key.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'input-cache-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A stand-in for the signed-link download: writes `content`, counts calls, optionally waits for `gate`. */
function downloader(content: string, gate?: Promise<void>) {
  const calls: string[] = [];
  return {
    calls,
    fn: async (to: string) => {
      calls.push(to);
      await gate;
      fs.writeFileSync(to, content);
      return content.length;
    },
  };
}

const key = (c: string) => c.repeat(40);
const job = (name: string) => {
  const dir = path.join(root, 'jobs', name);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'in0.mp4');
};

describe('input cache', () => {
  it('downloads an input once; later jobs get the cached bytes, which outlive each job’s folder', async () => {
    const cache = await createInputCache(path.join(root, 'cache'), 1024);
    const d = downloader('source bytes');
    expect(await cache.fetch(key('a'), 12, job('1'), d.fn)).toBe(12);
    fs.rmSync(path.join(root, 'jobs', '1'), { recursive: true });
    expect(await cache.fetch(key('a'), 12, job('2'), d.fn)).toBe(0);
    expect(fs.readFileSync(path.join(root, 'jobs', '2', 'in0.mp4'), 'utf8')).toBe('source bytes');
    expect(d.calls).toHaveLength(1);
    // Read-only: a job cannot change what later jobs read (root ignores the mode, so the mode is checked).
    expect(fs.statSync(path.join(root, 'jobs', '2', 'in0.mp4')).mode & 0o222).toBe(0);
  });

  it('jobs asking at once share one download', async () => {
    const cache = await createInputCache(path.join(root, 'cache'), 1024);
    let open!: () => void;
    const d = downloader('shared', new Promise<void>((r) => (open = r)));
    const all = Promise.all(['1', '2', '3'].map((n) => cache.fetch(key('b'), 6, job(n), d.fn)));
    open();
    expect((await all).sort()).toEqual([0, 0, 6]);
    expect(d.calls).toHaveLength(1);
    for (const n of ['1', '2', '3']) expect(fs.readFileSync(path.join(root, 'jobs', n, 'in0.mp4'), 'utf8')).toBe('shared');
  });

  it('a failed download leaves nothing behind and the next job downloads again', async () => {
    const cache = await createInputCache(path.join(root, 'cache'), 1024);
    await expect(cache.fetch(key('c'), 4, job('1'), async () => Promise.reject(new Error('link expired')))).rejects.toThrow('link expired');
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual([]);
    const d = downloader('good');
    expect(await cache.fetch(key('c'), 4, job('2'), d.fn)).toBe(4);
  });

  it('keeps within its size, dropping the least recently used entry first', async () => {
    const cache = await createInputCache(path.join(root, 'cache'), 20);
    await cache.fetch(key('a'), 8, job('1'), downloader('aaaaaaaa').fn);
    await new Promise((r) => setTimeout(r, 20));
    await cache.fetch(key('b'), 8, job('2'), downloader('bbbbbbbb').fn);
    await new Promise((r) => setTimeout(r, 20));
    // Using a again makes b the oldest.
    expect(await cache.fetch(key('a'), 8, job('3'), downloader('xxxxxxxx').fn)).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    await cache.fetch(key('d'), 8, job('4'), downloader('dddddddd').fn);
    expect(fs.readdirSync(path.join(root, 'cache')).sort()).toEqual([key('a'), key('d')]);
  });

  it('downloads straight into the job for a key that is not plain hex, an input larger than the cache, or a cache of 0', async () => {
    const cache = await createInputCache(path.join(root, 'cache'), 10);
    for (const [k, bytes] of [['../../etc/passwd', 4], [key('e'), 40]] as const) {
      const d = downloader('x'.repeat(bytes));
      expect(await cache.fetch(k, bytes, job(`k${bytes}`), d.fn)).toBe(bytes);
      expect(d.calls[0]).toBe(path.join(root, 'jobs', `k${bytes}`, 'in0.mp4'));
    }
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual([]);
    const off = await createInputCache(path.join(root, 'off'), 0);
    const d = downloader('abcd');
    await off.fetch(key('f'), 4, job('o1'), d.fn);
    await off.fetch(key('f'), 4, job('o2'), d.fn);
    expect(d.calls).toHaveLength(2);
  });

  it('a worker restarting removes half-downloaded entries', async () => {
    fs.mkdirSync(path.join(root, 'cache'));
    fs.writeFileSync(path.join(root, 'cache', `${key('a')}.part-1234`), 'half');
    await createInputCache(path.join(root, 'cache'), 1024);
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual([]);
  });
});

describe('input key', () => {
  it('is hex, the same for the same file, and new when the file is rewritten in place', async () => {
    const file = path.join(root, 'a.mp4');
    fs.writeFileSync(file, 'x'.repeat(200_000));
    const a = await inputKey(file);
    expect(a).toMatch(/^[a-f0-9]{40}$/);
    expect(await inputKey(file)).toBe(a);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, 'y', 199_999);
    fs.closeSync(fd);
    // Same size; the mtime may not have moved within the clock's step, the last bytes did.
    fs.utimesSync(file, fs.statSync(file).atime, fs.statSync(file).mtime);
    expect(await inputKey(file)).not.toBe(a);
  });
});
