import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfmpegProgress } from '../../src/workers/media-pool.js';
import { runFfmpeg, runnerArgs } from '../../src/workers/ffmpeg/run.js';
import { caught, FFMPEG, marker, pidsWith, tempDir } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
});
afterAll(async () => {
  await tmp.remove();
});

describe('runFfmpeg', () => {
  it('puts the runner flags before the request arguments', () => {
    expect(runnerArgs({ args: ['-i', 'a.mp4', 'b.mp4'] })).toEqual([
      '-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', '-i', 'a.mp4', 'b.mp4',
    ]);
  });

  it('runs an encode and reports progress up to 1', async () => {
    const out = path.join(tmp.dir, 'ok.mp4');
    const events: FfmpegProgress[] = [];
    const result = await runFfmpeg(
      FFMPEG,
      { args: ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', out], inputDurationSeconds: 2 },
      { onProgress: (p) => events.push(p) },
    );
    expect(existsSync(out)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)!.fraction).toBe(1);
    expect(typeof result.stderrTail).toBe('string');
    expect(result.stderr).toBeUndefined();
  });

  it('returns the whole stderr when asked', async () => {
    const result = await runFfmpeg(FFMPEG, {
      args: ['-f', 'lavfi', '-i', 'sine=duration=1', '-af', 'silencedetect=noise=-30dB:d=0.2', '-f', 'null', '-'],
      captureStderr: true,
    });
    expect(result.stderr).toContain('Output #0');
  });

  it('rejects with FfmpegError, exit code and stderr tail on a bad argument, and removes cleanup paths', async () => {
    const out = path.join(tmp.dir, 'bad.mp4');
    const err = await caught(
      runFfmpeg(FFMPEG, {
        args: ['-f', 'lavfi', '-i', 'testsrc2', '-t', '1', '-c:v', 'no_such_codec_xyz', out],
        cleanupPaths: [out],
      }),
    );
    expect(err.name).toBe('FfmpegError');
    expect(err.exitCode).not.toBe(0);
    expect(err.stderrTail).toContain('no_such_codec_xyz');
    expect(err.message).toMatch(/ffmpeg exited with code/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects with FfmpegError when the binary does not exist', async () => {
    const err = await caught(runFfmpeg('/nonexistent/ffmpeg', { args: ['-version'] }));
    expect(err.name).toBe('FfmpegError');
    expect(err.message).toMatch(/could not start/);
  });

  it('on abort stops ffmpeg, leaves no process and no partial file', async () => {
    const mark = marker();
    const out = path.join(tmp.dir, `${mark}.mp4`);
    const ac = new AbortController();
    let sawProcess: number[] = [];
    const run = runFfmpeg(
      FFMPEG,
      {
        args: ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '600', '-c:v', 'libx264', '-preset', 'veryfast', out],
        inputDurationSeconds: 600,
        cleanupPaths: [out],
      },
      {
        onProgress: (p) => {
          if (p.outTimeSeconds > 0 && !ac.signal.aborted) {
            void pidsWith(mark).then((pids) => {
              sawProcess = pids;
              ac.abort();
            });
          }
        },
        signal: ac.signal,
      },
    );
    const err = await caught(run);
    expect(err.name).toBe('AbortError');
    expect(sawProcess.length).toBe(1);
    expect(await pidsWith(mark)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('does not start when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await caught(runFfmpeg(FFMPEG, { args: ['-version'] }, { signal: ac.signal }));
    expect(err.name).toBe('AbortError');
  });
});
