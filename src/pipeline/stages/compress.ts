/**
 * COMPRESSION: encodes the small copy the model watches, in the worker pool,
 * with the video's profile (DYNAMIC resolved by duration). The copy is written
 * under a temp name and renamed when complete, so no partial file survives.
 */
import { localRoots } from '../../sources/uploads-dir.js';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PROFILES, resolveProfile } from '../../media/profiles.js';
import { prepareFusedSignals, saveFusedSignals } from '../../ai/signals/fused-signals.js';
import { buildCompressArgs } from '../../workers/ffmpeg/compress-args.js';
import { buildCompressWithSignalsArgs } from '../../workers/ffmpeg/fused-compress-args.js';
import { localInputsOf } from '../../workers/ffmpeg/confirm-input.js';
import { AbortError, UnrecoverableError } from '../../domain/errors.js';
import type { StageDeps } from '../stage-deps.js';
import type { BatchSettings, CompressedCopy, StageControl, VideoWork } from '../../domain/types.js';
import { existsSync } from 'node:fs';
import { defineStage } from '../define-stage.js';

/** Where a video's compressed copy lives. */
export function compressedPath(video: Pick<VideoWork, 'workDir' | 'index'>): string {
  return path.resolve(video.workDir, `compressed_${video.index}.mp4`);
}

/**
 * Compresses one prepared video with its profile.
 * Long because the encode, its side outputs and the output's re-probe share one temp file and its clean-up.
 */
export async function compressVideo(
  video: VideoWork,
  batch: BatchSettings,
  deps: StageDeps,
  control: StageControl,
): Promise<CompressedCopy> {
  if (!video.localPath || !video.probe) throw new Error(`video ${video.index} is not prepared (no local file or probe)`);
  const probe = video.probe;
  const profile = resolveProfile(video.compressionProfile, probe.durationSeconds);
  const finalPath = compressedPath(video);
  // Hidden, unique temp name: a retry never collides with a dying attempt's file, and cleanup can spot leftovers.
  const tempPath = path.resolve(video.workDir, `.compressed_${video.index}.${randomBytes(4).toString('hex')}.part`);
  await mkdir(path.dirname(finalPath), { recursive: true });

  const compress = { input: path.resolve(video.localPath), output: tempPath, profile: PROFILES[profile], probe };
  // The offline analyzer will decode this video anyway: measure its signals in the same decode.
  // The signal logs are declared as outputs, so a BullMQ worker sends them back with the copy.
  const fused = usesOfflineAnalysis(batch, deps) ? await prepareFusedSignals(video.workDir, video.index) : null;
  const args = fused ? buildCompressWithSignalsArgs({ ...compress, scenesFile: fused.scenesFile, loudnessFile: fused.loudnessFile }) : buildCompressArgs(compress);
  control.onProgress(0, `compressing (${profile})`);
  try {
    const result = await deps.pool.ffmpeg(
      {
        args, inputDurationSeconds: probe.durationSeconds, cleanupPaths: [tempPath], group: batch.id,
        captureStderr: fused !== null, localInputs: localInputsOf(video, deps.config && localRoots(deps.config)),
        kind: 'compress',
        files: { inputs: [path.resolve(video.localPath)], outputs: fused ? [tempPath, fused.scenesFile, fused.loudnessFile] : [tempPath] },
      },
      {
        signal: control.signal,
        onProgress: (p) => {
          if (p.fraction === null) return;
          control.onProgress(p.fraction, `compressing ${Math.floor(p.fraction * 100)}% (${profile})`);
        },
      },
    );
    if (control.signal.aborted) throw new AbortError();
    if (fused) await saveFusedSignals(video.workDir, video.index, { stderr: result.stderr ?? result.stderrTail, durationSeconds: probe.durationSeconds, hasAudio: probe.hasAudio });
    const out = await deps.pool.probe(tempPath, { signal: control.signal, group: batch.id });
    // The output is probed again: what was encoded, not what the source's header claimed, must fit.
    if (out.durationSeconds > probe.durationSeconds + 1) {
      throw new UnrecoverableError(`video ${video.index}: the encoded copy lasts ${out.durationSeconds.toFixed(1)} s, more than the ${probe.durationSeconds.toFixed(1)} s its header announced`);
    }
    await rename(tempPath, finalPath);
    control.onProgress(1, `compressed to ${out.width}x${out.height} (${profile})`);
    return {
      path: finalPath,
      profile,
      sizeBytes: out.sizeBytes,
      width: out.width,
      height: out.height,
      fps: out.fps,
      durationSeconds: out.durationSeconds,
      hasAudio: out.hasAudio,
    };
  } catch (err) {
    // The pool already removed it on ffmpeg failure or abort; this covers a failed probe or rename.
    await rm(tempPath, { force: true }).catch(() => undefined);
    if (fused) await rm(fused.dir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** True when the analysis stage will use the offline analyzer (no VL model for this batch). */
export function usesOfflineAnalysis(batch: Pick<BatchSettings, 'enableVlAnalysis'>, deps: Pick<StageDeps, 'analyzer'>): boolean {
  return !batch.enableVlAnalysis || deps.analyzer.kind === 'offline';
}

/** COMPRESSION: a small copy for the model, in the pool. */
export const compressStage = defineStage({
  name: 'COMPRESSION',
  scope: 'video',
  retries: 2,
  weight: 30,
  labels: { action: 'compression', short: 'compress' },
  videoStatus: 'COMPRESSING',
  batchStatus: () => 'COMPRESSING',
  done: (v) => !!v.compressed && existsSync(v.compressed.path),
  run: compressVideo,
  save: (out) => ({ video: { compressed: out } }),
});
