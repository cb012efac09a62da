/**
 * PREPARATION: brings a source to disk (or checks it in place), probes it and
 * refuses what later stages cannot use (not a video, empty, too long).
 */
import { unlink } from 'node:fs/promises';
import { AbortError, SourceError, UnrecoverableError, isAbort, messageOf } from '../../domain/errors.js';
import type { BatchSettings, ProbeInfo, StageControl, VideoWork } from '../../domain/types.js';
import type { StageDeps } from '../stage-deps.js';
import { fetcherFor } from '../../sources/index.js';
import { looksLikeHtml } from '../../sources/sniff-html.js';
import { fileIdentity } from '../../workers/ffmpeg/confirm-input.js';
import { formatBytes } from '../../sources/write-capped.js';
import { existsSync } from 'node:fs';
import { defineStage } from '../define-stage.js';

// Share of the stage's progress bar that the download takes; the probe is the rest.
const DOWNLOAD_SHARE = 0.9;
// A multi-GB download reports every 256 KiB; the UI needs a few updates a second, not thousands.
const PROGRESS_INTERVAL_MS = 250;

/** How a source is named in messages: the user's path, the URL without its query, or oss://bucket/key. */
export function sourceLabel(video: Pick<VideoWork, 'sourceType' | 'sourcePath' | 'sourceUrl'>): string {
  const raw = video.sourceType === 'LOCAL' ? (video.sourcePath ?? '') : (video.sourceUrl ?? '');
  let label = raw;
  if (video.sourceType === 'URL') {
    try {
      const u = new URL(raw);
      // The query may hold tokens; it does not help anyone read the message.
      label = `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
      /* keep raw */
    }
  }
  return label.length > 160 ? `${label.slice(0, 157)}...` : label;
}

/** The error a too-long video gets, naming both the length and the limit. */
export function tooLongMessage(label: string, durationSeconds: number, limitSeconds: number): string {
  return `${label} is ${durationSeconds.toFixed(1)} s long; the limit is ${limitSeconds} s`;
}

/** Prepares one video: a local path the later stages can read, and its probe. */
export async function prepareVideo(
  video: VideoWork,
  batch: BatchSettings,
  deps: StageDeps,
  control: StageControl,
): Promise<{ localPath: string; downloaded: boolean; probe: ProbeInfo }> {
  const label = sourceLabel(video);
  let lastReport = 0;
  control.onProgress(0, video.sourceType === 'LOCAL' ? 'checking the file' : 'downloading');

  let fetched;
  try {
    fetched = await fetcherFor(video.sourceType).fetch(video, { config: deps.config, log: deps.log }, {
      signal: control.signal,
      onBytes(bytes, total) {
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS && (total === null || bytes < total)) return;
        lastReport = now;
        const fraction = total ? Math.min(1, bytes / total) * DOWNLOAD_SHARE : 0;
        control.onProgress(fraction, total ? `downloaded ${formatBytes(bytes)} of ${formatBytes(total)}` : `downloaded ${formatBytes(bytes)}`);
      },
      onRetry(attempt, reason) {
        deps.log?.warn({ videoIndex: video.index, attempt, reason }, 'retrying source download');
        control.onProgress(0, `download failed (${reason}); attempt ${attempt}`);
      },
    });
  } catch (err) {
    if (isAbort(err)) throw new AbortError();
    const e = err as { name?: string; retryable?: boolean };
    if (e.name === 'SourceError') throw new SourceError(`${label}: ${messageOf(err)}`, e.retryable !== false);
    throw err;
  }

  const { localPath, downloaded } = fetched;
  try {
    control.onProgress(DOWNLOAD_SHARE, 'probing');
    // A user's file is identified before it is probed; every later ffmpeg run checks it is still this file.
    const identity = downloaded ? undefined : await fileIdentity(localPath);
    const probed = await deps.pool.probe(localPath, { signal: control.signal, group: batch.id }).catch(async (err: unknown) => {
      if ((err as { name?: string }).name !== 'UnrecoverableError') throw err;
      if (await looksLikeHtml(localPath)) {
        throw new UnrecoverableError(`${label} is a web page (HTML), not a video file; use a direct link to the file`);
      }
      // Probe messages start with "file …"; name the source instead.
      throw new UnrecoverableError(`${label} ${messageOf(err).replace(/^file /, '')}`);
    });
    const probe = identity ? { ...probed, file: identity } : probed;
    if (probe.durationSeconds > deps.config.maxVideoSeconds) {
      throw new UnrecoverableError(tooLongMessage(label, probe.durationSeconds, deps.config.maxVideoSeconds), probe);
    }
    control.onProgress(1, `${probe.width}x${probe.height}, ${probe.durationSeconds.toFixed(1)} s`);
    return { localPath, downloaded, probe };
  } catch (err) {
    // Our own download is useless now; a user's LOCAL file is never touched.
    if (downloaded) await unlink(localPath).catch(() => undefined);
    throw err;
  }
}

/** PREPARATION: the original on disk (fetched when remote), probed and checked. Downloads retry inside the source fetchers. */
export const prepareStage = defineStage({
  name: 'PREPARATION',
  scope: 'video',
  retries: 3,
  weight: 9,
  labels: { action: 'preparation', short: 'prepare' },
  videoStatus: 'PREPARING',
  batchStatus: (remote) => (remote ? 'DOWNLOADING' : 'PREPARING'),
  done: (v) => !!v.probe && !!v.localPath && existsSync(v.localPath),
  run: prepareVideo,
  save: (out) => ({ video: { localPath: out.localPath, downloaded: out.downloaded, probe: out.probe } }),
});
