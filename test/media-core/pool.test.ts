import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfmpegProgress, MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { caught, FFMPEG, marker, pidsWith, tempDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.remove();
});

/** A short encode that writes `name`.mp4. */
function quick(name: string, seconds = 0.5): string[] {
  return ['-f', 'lavfi', '-i', `testsrc2=size=96x64:rate=10`, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', path.join(tmp.dir, `${name}.mp4`)];
}

/** An encode long enough to be cancelled mid-way. */
function long(out: string): string[] {
  return ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '600', '-c:v', 'libx264', '-preset', 'veryfast', out];
}

/** Resolves on the first progress past zero. */
function firstProgress(): { onProgress(p: FfmpegProgress): void; seen: Promise<void> } {
  let hit!: () => void;
  const seen = new Promise<void>((r) => (hit = r));
  return { onProgress: (p) => p.outTimeSeconds > 0 && hit(), seen };
}

describe('createMediaPool', () => {
  let pool: MediaPool;
  beforeAll(() => {
    pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('runs ffmpeg in a worker and forwards progress', async () => {
    const events: FfmpegProgress[] = [];
    const result = await pool.ffmpeg({ args: quick('progress', 1), inputDurationSeconds: 1 }, { onProgress: (p) => events.push(p) });
    expect(typeof result.stderrTail).toBe('string');
    expect(existsSync(path.join(tmp.dir, 'progress.mp4'))).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)!.fraction).toBe(1);
  });

  it('rejects with FfmpegError carrying the exit code and stderr tail', async () => {
    const err = await caught(pool.ffmpeg({ args: ['-f', 'lavfi', '-i', 'testsrc2', '-vf', 'no_such_filter_qq', '-f', 'null', '-'] }));
    expect(err.name).toBe('FfmpegError');
    expect(typeof err.exitCode).toBe('number');
    expect(err.exitCode).not.toBe(0);
    expect(err.stderrTail).toContain('no_such_filter_qq');
  });

  it('cancelling mid-encode stops ffmpeg and leaves no partial file', async () => {
    const mark = marker();
    const out = path.join(tmp.dir, `${mark}.mp4`);
    const ac = new AbortController();
    const progress = firstProgress();
    const run = pool.ffmpeg({ args: long(out), inputDurationSeconds: 600, cleanupPaths: [out] }, { signal: ac.signal, onProgress: progress.onProgress });
    await progress.seen;
    expect((await pidsWith(mark)).length).toBe(1);
    expect(existsSync(out)).toBe(true);
    ac.abort();
    const err = await caught(run);
    expect(err.name).toBe('AbortError');
    expect(await pidsWith(mark)).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(pool.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('an aborted queued task never runs', async () => {
    const ac = new AbortController();
    const blockers = [0, 1].map((i) => {
      const b = new AbortController();
      const p = firstProgress();
      const out = path.join(tmp.dir, `blocker${i}.mp4`);
      return { ac: b, seen: p.seen, run: caught(pool.ffmpeg({ args: long(out), cleanupPaths: [out] }, { signal: b.signal, onProgress: p.onProgress })) };
    });
    const queued = caught(pool.ffmpeg({ args: quick('never') }, { signal: ac.signal }));
    await Promise.all(blockers.map((b) => b.seen));
    expect(pool.stats()).toEqual({ running: 2, queued: 1 });
    ac.abort();
    expect((await queued).name).toBe('AbortError');
    for (const b of blockers) b.ac.abort();
    for (const b of blockers) expect((await b.run).name).toBe('AbortError');
    expect(existsSync(path.join(tmp.dir, 'never.mp4'))).toBe(false);
  });
});

describe('fairness', () => {
  it('tasks of two groups take turns for a free thread', async () => {
    const pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG });
    try {
      const order: string[] = [];
      const submit = (group: string, name: string) =>
        pool.ffmpeg({ args: quick(name, 0.2), group }).then(() => order.push(name));
      await Promise.all([
        submit('A', 'a1'),
        submit('A', 'a2'),
        submit('A', 'a3'),
        submit('A', 'a4'),
        submit('B', 'b1'),
        submit('B', 'b2'),
      ]);
      // a1 took the free thread at once; then A and B alternate while both have work.
      expect(order).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'a4']);
    } finally {
      await pool.close();
    }
  });
});

describe('close', () => {
  it('cancels queued work, stops running ffmpeg, and is idempotent', async () => {
    const pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG });
    const mark = marker();
    const out = path.join(tmp.dir, `${mark}.mp4`);
    const progress = firstProgress();
    const running = caught(pool.ffmpeg({ args: long(out), cleanupPaths: [out] }, { onProgress: progress.onProgress }));
    const queued = caught(pool.ffmpeg({ args: quick('after-close') }));
    await progress.seen;
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
    expect((await running).name).toBe('AbortError');
    expect((await queued).name).toBe('AbortError');
    expect((await caught(pool.ffmpeg({ args: quick('late') }))).name).toBe('AbortError');
    expect(await pidsWith(mark)).toEqual([]);
    expect(existsSync(out)).toBe(false);
    await pool.close();
  });
});
