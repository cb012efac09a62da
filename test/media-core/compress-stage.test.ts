import { existsSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressVideo } from '../../src/pipeline/stages/compress.js';
import type { StageDeps } from '../../src/pipeline/stage-deps.js';
import type { BatchSettings, StageControl, VideoWork } from '../../src/domain/types.js';
import type { CompressionProfile } from '../../src/domain/statuses.js';
import { probeMedia } from '../../src/workers/ffmpeg/probe.js';
import { resolveMediaTools } from '../../src/workers/ffmpeg/resolve.js';
import type { MediaPool } from '../../src/workers/media-pool.js';
import { createMediaPool } from '../../src/workers/pool.js';
import { caught, FFMPEG, FFPROBE, makeClip, marker, pidsWith, streamsOf, tempDir, type ClipSpec } from './helpers.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let pool: MediaPool;
let deps: StageDeps;
let n = 0;

beforeAll(async () => {
  tmp = await tempDir();
  pool = createMediaPool({ size: 2, ffmpegPath: FFMPEG });
  const tools = await resolveMediaTools({ ffmpegPath: FFMPEG, ffprobePath: FFPROBE });
  // The stage only uses the pool and the tools; the other services are not touched.
  deps = { pool, tools } as unknown as StageDeps;
});
afterAll(async () => {
  await pool.close();
  await tmp.remove();
});

const batch = { id: 'batch-1' } as BatchSettings;

/** A prepared video over a generated clip, in its own work dir. */
async function prepared(spec: ClipSpec, profile: CompressionProfile): Promise<VideoWork> {
  const index = n++;
  const workDir = path.join(tmp.dir, `work${index}`);
  const src = await makeClip(path.join(tmp.dir, `src${index}.mp4`), spec);
  const probe = await probeMedia(FFPROBE, src);
  return { index, workDir, localPath: src, probe, compressionProfile: profile } as VideoWork;
}

function control(signal = new AbortController().signal): StageControl & { events: Array<[number, string | undefined]> } {
  const events: Array<[number, string | undefined]> = [];
  return { signal, events, onProgress: (f, m) => events.push([f, m]) };
}

describe('compressVideo', () => {
  it('BALANCED turns 1080p with audio into 1280x720 with AAC at 44.1 kHz', async () => {
    const video = await prepared({ width: 1920, height: 1080, fps: 30, seconds: 2, audio: true }, 'BALANCED');
    const ctl = control();
    const copy = await compressVideo(video, batch, deps, ctl);
    expect(copy).toMatchObject({ profile: 'BALANCED', width: 1280, height: 720, fps: 15, hasAudio: true });
    expect(copy.path).toBe(path.join(video.workDir, `compressed_${video.index}.mp4`));
    expect(copy.sizeBytes).toBeGreaterThan(0);
    expect(copy.durationSeconds).toBeGreaterThan(1.5);
    const audio = (await streamsOf(copy.path)).find((s) => s.codec_type === 'audio');
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '44100' });
    // Progress: fractions in 0..1 with a message, ending at 1; only the final file is left.
    expect(ctl.events.length).toBeGreaterThan(1);
    for (const [f, m] of ctl.events) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
      expect(m).toMatch(/compress/);
    }
    expect(ctl.events.at(-1)![0]).toBe(1);
    expect(await readdir(video.workDir)).toEqual([`compressed_${video.index}.mp4`]);
  });

  it('keeps a portrait clip without audio portrait and silent', async () => {
    const video = await prepared({ width: 720, height: 1280, fps: 30, seconds: 1, audio: false }, 'BALANCED');
    const copy = await compressVideo(video, batch, deps, control());
    expect(copy).toMatchObject({ width: 720, height: 1280, hasAudio: false, fps: 15 });
    expect((await streamsOf(copy.path)).map((s) => s.codec_type)).toEqual(['video']);
  });

  it('DYNAMIC on a short 480x270 10 fps clip picks CONSERVATIVE and neither upscales nor raises fps', async () => {
    const video = await prepared({ width: 480, height: 270, fps: 10, seconds: 1, audio: true }, 'DYNAMIC');
    const copy = await compressVideo(video, batch, deps, control());
    expect(copy).toMatchObject({ profile: 'CONSERVATIVE', width: 480, height: 270, fps: 10, hasAudio: true });
  });

  it('cancelled mid-encode: AbortError, no ffmpeg left, no partial or final file', async () => {
    const mark = marker();
    const video = await prepared({ width: 640, height: 360, fps: 30, seconds: 40, audio: false }, 'CONSERVATIVE');
    // The marker in the source's name lets us find this ffmpeg among the others.
    const marked = path.join(tmp.dir, `${mark}.mp4`);
    await rename(video.localPath!, marked);
    video.localPath = marked;
    const ac = new AbortController();
    let running: Promise<number[]> | null = null;
    const ctl: StageControl = {
      signal: ac.signal,
      onProgress: (f) => {
        if (f > 0 && !running) running = pidsWith(mark).then((pids) => (ac.abort(), pids));
      },
    };
    const err = await caught(compressVideo(video, batch, deps, ctl));
    expect(err.name).toBe('AbortError');
    expect(await running).toHaveLength(1);
    expect(await pidsWith(mark)).toEqual([]);
    expect(await readdir(video.workDir)).toEqual([]);
    expect(existsSync(path.join(video.workDir, `compressed_${video.index}.mp4`))).toBe(false);
  });
});
