/** Runs the offline analyzer's single ffmpeg pass on a video and parses what it leaves. */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaPool } from '../../workers/media-pool.js';
import { parseBlacks, parseFreezes, parseSilences } from './parse-detect-log.js';
import { parseLoudness, parseSceneScores } from './parse-frame-metadata.js';
import { signalPassArgs } from './signal-pass-args.js';
import type { MediaSignals } from './signal-types.js';

/** Where and what to analyse. `name` keeps the scratch files of parallel videos apart. */
export interface ExtractSignalsInput {
  inputPath: string;
  durationSeconds: number;
  hasAudio: boolean;
  workDir: string;
  name: string;
  group?: string;
}

/** One decode of the video through the pool; scratch files live in workDir and are removed after. */
export async function extractSignals(
  input: ExtractSignalsInput,
  pool: MediaPool,
  control: { signal?: AbortSignal; onProgress?(fraction: number): void } = {},
): Promise<MediaSignals> {
  const dir = path.join(input.workDir, `signals_${input.name}`);
  await mkdir(dir, { recursive: true });
  const scenesFile = path.join(dir, 'scenes.txt');
  const loudnessFile = path.join(dir, 'loudness.txt');
  try {
    const result = await pool.ffmpeg(
      {
        args: signalPassArgs({ inputPath: input.inputPath, hasAudio: input.hasAudio, scenesFile, loudnessFile }),
        inputDurationSeconds: input.durationSeconds,
        captureStderr: true,
        group: input.group,
        kind: 'signals',
        files: { inputs: [input.inputPath], outputs: [scenesFile, loudnessFile] },
      },
      { signal: control.signal, onProgress: (p) => p.fraction !== null && control.onProgress?.(p.fraction) },
    );
    return await readSignals({ scenesFile, loudnessFile, stderr: result.stderr ?? result.stderrTail, durationSeconds: input.durationSeconds, hasAudio: input.hasAudio });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Parses what a signal pass left: the two metadata files and the detectors' stderr lines. */
export async function readSignals(input: { scenesFile: string; loudnessFile: string; stderr: string; durationSeconds: number; hasAudio: boolean }): Promise<MediaSignals> {
  const d = input.durationSeconds;
  return {
    durationSeconds: d,
    hasAudio: input.hasAudio,
    scenes: parseSceneScores(await readFile(input.scenesFile, 'utf8')),
    loudness: input.hasAudio ? parseLoudness(await readFile(input.loudnessFile, 'utf8').catch(() => '')) : [],
    silences: input.hasAudio ? parseSilences(input.stderr, d) : [],
    blacks: parseBlacks(input.stderr, d),
    freezes: parseFreezes(input.stderr, d),
  };
}
