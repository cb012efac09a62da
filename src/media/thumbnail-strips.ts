/**
 * Thumbnail strips of plan clips, made on demand: one ffmpeg run through the
 * pool draws the strip from the compressed copy (or, once that is gone, the
 * original) into a scratch folder; it is then kept in storage under
 * `thumbnails/{batchId}/` (so it outlives the batch's cleanup and the source
 * files; at most STRIPS_PER_BATCH there, the oldest go first) and handed out
 * as a signed link like every other file.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProbeInfo, CompressedCopy } from '../domain/types.js';
import type { Storage } from '../storage/storage.js';
import { localInputsOf } from '../workers/ffmpeg/confirm-input.js';
import type { MediaPool } from '../workers/media-pool.js';
import { STRIP_LIMITS, stripArgs, stripGeometry, stripTimes, type StripGeometry } from './strip-args.js';

/** How long a strip's link lives. */
export const STRIP_URL_SECONDS = 3600;

/** Strips kept per batch (clips × sizes asked for); beyond it the oldest are removed. */
export const STRIPS_PER_BATCH = 200;

/** A strip ready to show. */
export interface ThumbnailStrip extends StripGeometry {
  url: string;
  expiresAt: Date;
  /** Seconds in the source that each frame shows, left to right. */
  times: number[];
}

/** Why no strip can be made: a bad argument (`field` names it) or no source file left. */
export class StripError extends Error {
  override name = 'StripError';
  constructor(
    message: string,
    readonly field: 'frames' | 'height' | null,
  ) {
    super(message);
  }
}

/** What a strip is made of: one clip of one video. */
export interface StripRequest {
  batchId: string;
  clipId: string;
  start: number;
  end: number;
  frames?: number | null;
  height?: number | null;
  video: {
    index: number;
    sourceType: string;
    downloaded: boolean;
    localPath: string | null;
    probe: ProbeInfo | null;
    compressed: CompressedCopy | null;
  };
  /** The folders a user's LOCAL file must still be inside (media roots and uploads). */
  roots: string[];
}

function bounded(value: number | null | undefined, field: 'frames' | 'height'): number {
  const { min, max, default: fallback } = STRIP_LIMITS[field];
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new StripError(`${field} must be a whole number from ${min} to ${max}, not ${v}`, field);
  return v;
}

async function isFile(p: string | null | undefined): Promise<boolean> {
  return !!p && (await stat(p).then((s) => s.isFile(), () => false));
}

/**
 * The strip service: `clipStrip` returns a signed strip, drawing it first when storage has none.
 * Long because it is a factory: drawing, pruning and the map of runs in flight share the same deps.
 */
export function createThumbnailStrips(deps: { pool: MediaPool; storage: Storage; now?: () => Date; maxPerBatch?: number }) {
  const now = deps.now ?? (() => new Date());
  const cap = deps.maxPerBatch ?? STRIPS_PER_BATCH;
  // Requests for the same strip while it is being drawn share one run.
  const drawing = new Map<string, Promise<void>>();

  const draw = async (req: StripRequest, key: string, geometry: StripGeometry): Promise<void> => {
    const v = req.video;
    const fromCopy = await isFile(v.compressed?.path);
    const input = fromCopy ? v.compressed!.path : v.localPath;
    if (!fromCopy && !(await isFile(input))) {
      throw new StripError(`video ${v.index}'s compressed copy and original are no longer on the server, so no thumbnails can be drawn`, null);
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'autoclip-strip-'));
    const output = path.join(dir, 'strip.jpg');
    try {
      await deps.pool.ffmpeg({
        args: stripArgs({ inputPath: input!, start: req.start, end: req.end, output, geometry }),
        inputDurationSeconds: req.end - req.start,
        group: req.batchId,
        kind: 'frames',
        cleanupPaths: [output],
        localInputs: fromCopy ? [] : localInputsOf(v, req.roots),
        files: { inputs: [input!], outputs: [output] },
      });
      await deps.storage.putFile(key, output, { contentType: 'image/jpeg' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await prune(req.batchId, key);
  };

  /** Keeps at most `cap` strips of a batch, removing the oldest (never the one just drawn). */
  const prune = async (batchId: string, fresh: string): Promise<void> => {
    const kept = (await deps.storage.list(`thumbnails/${batchId}/`)).filter((o) => o.key !== fresh);
    kept.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime());
    for (const old of kept.slice(cap - 1)) await deps.storage.delete(old.key);
  };

  return {
    /** A signed strip of the clip; throws StripError for bad bounds or when no source file is left. */
    async clipStrip(req: StripRequest): Promise<ThumbnailStrip> {
      const frames = bounded(req.frames, 'frames');
      const height = bounded(req.height, 'height');
      const shape = req.video.probe ?? req.video.compressed;
      if (!shape) throw new StripError(`video ${req.video.index} has not been probed yet`, null);
      const geometry = stripGeometry(shape, frames, height);
      const key = `thumbnails/${req.batchId}/${req.clipId}_${frames}x${geometry.height}.jpg`;
      if (!(await deps.storage.stat(key))) {
        let run = drawing.get(key);
        if (!run) {
          run = draw(req, key, geometry).finally(() => drawing.delete(key));
          drawing.set(key, run);
        }
        await run;
      }
      return {
        ...geometry,
        url: await deps.storage.signedUrl(key, STRIP_URL_SECONDS),
        expiresAt: new Date(now().getTime() + STRIP_URL_SECONDS * 1000),
        times: stripTimes(req.start, req.end, frames),
      };
    },
  };
}

/** The strip service made by createThumbnailStrips. */
export type ThumbnailStrips = ReturnType<typeof createThumbnailStrips>;
