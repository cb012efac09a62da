/**
 * Signals measured during compression (one decode for both), kept next to
 * the compressed copy as JSON so the offline analyzer can skip its own pass.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readSignals } from './extract-signals.js';
import type { MediaSignals } from './signal-types.js';

/** Where one video's fused-pass files live. */
export function fusedSignalFiles(workDir: string, index: number): { dir: string; scenesFile: string; loudnessFile: string; json: string } {
  const dir = path.resolve(workDir, `signals_${index}_fused`);
  return { dir, scenesFile: path.join(dir, 'scenes.txt'), loudnessFile: path.join(dir, 'loudness.txt'), json: path.resolve(workDir, `signals_${index}.json`) };
}

/** Prepares the scratch directory (the metadata filters do not create it) and drops stale results. */
export async function prepareFusedSignals(workDir: string, index: number): Promise<ReturnType<typeof fusedSignalFiles>> {
  const files = fusedSignalFiles(workDir, index);
  await rm(files.json, { force: true });
  await mkdir(files.dir, { recursive: true });
  return files;
}

/** Parses a finished fused pass, stores the signals as JSON and removes the scratch files. */
export async function saveFusedSignals(workDir: string, index: number, run: { stderr: string; durationSeconds: number; hasAudio: boolean }): Promise<MediaSignals> {
  const files = fusedSignalFiles(workDir, index);
  try {
    const signals = await readSignals({ scenesFile: files.scenesFile, loudnessFile: files.loudnessFile, ...run });
    await writeFile(files.json, JSON.stringify(signals));
    return signals;
  } finally {
    await rm(files.dir, { recursive: true, force: true });
  }
}

/** Signals stored by the compression for this video, or null (none, unreadable, or of another length). */
export async function loadFusedSignals(workDir: string, index: number, durationSeconds: number): Promise<MediaSignals | null> {
  try {
    const signals = JSON.parse(await readFile(fusedSignalFiles(workDir, index).json, 'utf8')) as MediaSignals;
    const fits = Math.abs(signals.durationSeconds - durationSeconds) < 1e-6 && Array.isArray(signals.scenes) && Array.isArray(signals.loudness);
    return fits ? signals : null;
  } catch {
    return null;
  }
}
