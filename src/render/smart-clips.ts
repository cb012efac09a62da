/**
 * The render stage's entry to smart render: indexes each source once per
 * render, tries every clip smartly, and counts what was copied. A clip it
 * declines is the caller's to re-encode.
 */
import type { Logger } from 'pino';
import { isAbort, messageOf } from '../domain/errors.js';
import type { MediaPool, SmartClipOutcome } from '../workers/media-pool.js';
import type { OutputShape } from './output-shape.js';
import { probeIneligibility } from './smart-plan.js';
import { confirmLocalInput } from '../workers/ffmpeg/confirm-input.js';
import { loadSmartSource, smartRenderClip, type SmartClipJob, type SmartSource } from './smart-render.js';

/** Tries clips of one render smartly. */
export interface SmartClips {
  /** True when the clip file was written: smartly and proven exact, or re-encoded by the worker that declined it; false: re-encode it. */
  tryClip(job: SmartClipJob & { number: number }, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<boolean>;
  /** Frames copied and re-encoded so far by smart clips, and clips that fell back. */
  stats(): { smartClips: number; copiedFrames: number; edgeFrames: number; fallbacks: number };
}

type SmartClipsDeps = { pool: MediaPool; ffprobePath: string; group: string; shape: OutputShape; log: Logger };

/** One clip on a remote worker (the pool's `smartClip`): the worker indexes its own copy; a failed job only means "re-encode". */
async function remoteClip(deps: SmartClipsDeps, job: SmartClipJob, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<SmartClipOutcome> {
  try {
    return await deps.pool.smartClip!(
      { source: job.source, output: job.output, start: job.start, end: job.end, probe: job.probe, shape: deps.shape, group: deps.group, localInputs: job.localInputs, fallback: job.fallback },
      { signal, onProgress: (p) => p.fraction !== null && onProgress(p.fraction) },
    );
  } catch (err) {
    if (isAbort(err) || signal.aborted) throw err;
    return { smart: false, reason: `the smart-render job failed: ${messageOf(err)}` };
  }
}

/** A smart-clip helper for one render (ORIGINAL_QUALITY only; RECOMPRESS never qualifies). */
export function createSmartClips(deps: SmartClipsDeps): SmartClips {
  const sources = new Map<string, Promise<SmartSource | null>>();
  const stats = { smartClips: 0, copiedFrames: 0, edgeFrames: 0, fallbacks: 0 };
  const declined = (clip: number, reason: string): false => {
    stats.fallbacks++;
    deps.log.info({ clip, reason }, 'clip re-encoded whole (smart render does not apply)');
    return false;
  };
  return {
    async tryClip(job, signal, onProgress) {
      const early = probeIneligibility(job.probe, deps.shape);
      if (early) return declined(job.number, early);
      const outcome = deps.pool.smartClip ? await remoteClip(deps, job, signal, onProgress) : await localClip(job, signal, onProgress);
      if (outcome.smart) {
        stats.smartClips++;
        stats.copiedFrames += outcome.copiedFrames;
        stats.edgeFrames += outcome.edgeFrames;
        return true;
      }
      declined(job.number, outcome.reason);
      return outcome.reencoded === true;
    },
    stats: () => ({ ...stats }),
  };

  /** One clip here: each source is indexed once per render. */
  async function localClip(job: SmartClipJob, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<SmartClipOutcome> {
    let source = sources.get(job.source);
    if (!source) {
      // The file is confirmed before it is read. An unreadable index (or a refused file) only means
      // "re-encode": the re-encode path then confirms again and reports it; abort propagates from there too.
      const confirm = Promise.all((job.localInputs ?? []).map((i) => confirmLocalInput(i)));
      source = confirm.then(() => loadSmartSource(deps.ffprobePath, job.source, signal)).catch(() => null);
      sources.set(job.source, source);
    }
    return smartRenderClip(job, await source, deps.shape, { pool: deps.pool, ffprobePath: deps.ffprobePath, group: deps.group, signal, onProgress });
  }
}
