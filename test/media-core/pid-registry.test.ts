/** Orphaned ffmpeg processes recorded by a killed server are stopped at the next start, and only they. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetPid, reapOrphans, recordPid } from '../../src/workers/pid-registry.js';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

describe('pid registry', () => {
  it('kills a recorded ffmpeg that is still running and spares a reused pid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-pids-'));
    const child = spawn(FFMPEG, ['-nostdin', '-f', 'lavfi', '-i', 'testsrc2=rate=5', '-f', 'null', '-'], { stdio: 'ignore' });
    const exited = new Promise<string | null>((r) => child.once('exit', (_c, signal) => r(signal)));
    recordPid(dir, child.pid!, FFMPEG);
    // Our own pid stands for a pid reused by something that is not our ffmpeg.
    fs.writeFileSync(path.join(dir, String(process.pid)), FFMPEG);

    expect(reapOrphans(dir)).toEqual([child.pid]);
    expect(await exited).toBe('SIGKILL');
    expect(fs.readdirSync(dir)).toEqual([]);
    recordPid(dir, 123, FFMPEG);
    forgetPid(dir, 123);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('pool with a pid directory', () => {
  it('records the running ffmpeg and forgets it when it ends', async () => {
    const { createMediaPool } = await import('../../src/workers/pool.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-pooldir-'));
    const pool = createMediaPool({ size: 1, ffmpegPath: FFMPEG, pidDir: dir });
    const ac = new AbortController();
    let seen: string[] = [];
    const run = pool.ffmpeg(
      { args: ['-f', 'lavfi', '-i', 'testsrc2=rate=5', '-t', '600', '-f', 'null', '-'], inputDurationSeconds: 600 },
      {
        signal: ac.signal,
        onProgress: () => {
          if (!seen.length) seen = fs.readdirSync(dir);
          ac.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
    await pool.close();
  });
});
