/** Extracts frames of a video through the pool and returns them as JPEG data URLs. */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaPool } from '../../workers/media-pool.js';
import { frameExtractArgs, frameSampling } from './frame-sampling.js';

/** Frames ready to send as a `video` content part. */
export interface SampledFrames {
  dataUrls: string[];
  fps: number;
}

/**
 * Samples `inputPath` at 2 fps (less for long videos, ≤ 768 frames) into a
 * scratch folder of `workDir`, reads the JPEGs and removes the folder.
 */
export async function sampleFrames(
  input: {
    inputPath: string;
    durationSeconds: number;
    workDir: string;
    name: string;
    group?: string;
    /** Frames per second wanted (the request's), default 2. */
    fps?: number;
    /** Exact frame size (the request's pixel budget), default: longer side ≤ 448. */
    size?: { width: number; height: number };
  },
  pool: MediaPool,
  signal?: AbortSignal,
): Promise<SampledFrames> {
  const { fps, maxFrames } = frameSampling(input.durationSeconds, input.fps);
  const dir = path.join(input.workDir, `frames_${input.name}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    await pool.ffmpeg(
      {
        args: frameExtractArgs({ inputPath: input.inputPath, outPattern: path.join(dir, 'frame_%04d.jpg'), fps, maxFrames, size: input.size }),
        inputDurationSeconds: input.durationSeconds,
        group: input.group,
      },
      { signal },
    );
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort();
    const dataUrls: string[] = [];
    for (const f of files) dataUrls.push(`data:image/jpeg;base64,${(await readFile(path.join(dir, f))).toString('base64')}`);
    // The model needs at least 4 frames; a tiny clip repeats its last one.
    while (dataUrls.length > 0 && dataUrls.length < 4) dataUrls.push(dataUrls[dataUrls.length - 1]!);
    return { dataUrls, fps };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
