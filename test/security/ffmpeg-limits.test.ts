/**
 * ffmpeg cannot hang or overrun: a run that stops making progress (its input is a FIFO
 * nobody writes) is killed after FFMPEG_STALL_SECONDS with a clear error, through the
 * real worker pool; a disk that fills up mid-encode is reported as "no space left on
 * device", not "Conversion failed!".
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/workers/ffmpeg/run.js';
import { createMediaPool } from '../../src/workers/pool.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-ffmpeg-limits-'));
const mounted: string[] = [];
afterAll(() => {
  for (const m of mounted) execFileSync('umount', ['-l', m]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stall watchdog', () => {
  it('kills an ffmpeg that reads a FIFO nobody writes, through the pool', async () => {
    const fifo = path.join(dir, 'stuck.fifo');
    execFileSync('mkfifo', [fifo]);
    const pool = createMediaPool({ size: 1, ffmpegPath: 'ffmpeg', stallSeconds: 1 });
    try {
      const out = path.join(dir, 'out.mp4');
      await expect(pool.ffmpeg({ args: ['-i', fifo, '-c', 'copy', out], cleanupPaths: [out] })).rejects.toThrow(/no progress for 1 s \(FFMPEG_STALL_SECONDS\)/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await pool.close();
    }
  });
});

const canMount = (() => {
  const m = path.join(dir, 'small');
  fs.mkdirSync(m);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', m], { stdio: 'ignore' });
    mounted.push(m);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!canMount)('a disk that fills up mid-encode', () => {
  it('is reported as no space left on device', async () => {
    const out = path.join(dir, 'small', 'big.yuv');
    const run = runFfmpeg('ffmpeg', { args: ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=20', '-f', 'rawvideo', out], cleanupPaths: [out] });
    await expect(run).rejects.toThrow(/^no space left on device: ffmpeg could not write its output/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
