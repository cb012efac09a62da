/** A stored plan version → a timeline file in one of the editor formats. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { VideoRow } from '../db/batch-store.js';
import { toEdl } from './edl.js';
import { toFcpxml } from './fcpxml.js';
import { toOtio } from './otio.js';
import { buildTimeline, type TimelineSource } from './timeline-input.js';

/** The formats (GraphQL enum `TimelineFormat`). */
export const TIMELINE_FORMATS = ['OTIO', 'FCPXML', 'EDL'] as const;
/** A timeline format. */
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number];

/** File extension and content type per format. */
export const TIMELINE_FILES: Record<TimelineFormat, { ext: string; contentType: string }> = {
  OTIO: { ext: 'otio', contentType: 'application/json' },
  FCPXML: { ext: 'fcpxml', contentType: 'application/xml' },
  EDL: { ext: 'edl', contentType: 'text/plain' },
};

/** The format a file name asks for (`.otio`, `.fcpxml`/`.xml`, `.edl`), or null. */
export function formatOfFile(file: string): TimelineFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.otio' || ext === '.json') return 'OTIO';
  if (ext === '.fcpxml' || ext === '.xml') return 'FCPXML';
  if (ext === '.edl') return 'EDL';
  return null;
}

/** Where a timeline finds a video's original: the user's LOCAL file, else the URL it came from. */
export function sourceOf(v: VideoRow): TimelineSource | null {
  const p = v.probe;
  if (!p) return null;
  const local = v.sourceType === 'LOCAL' ? (v.localPath ?? v.sourcePath) : null;
  const url = local ? pathToFileURL(path.resolve(local)).href : (v.sourceUrl ?? '');
  const name = local ? path.basename(local) : decodeURIComponent(path.basename(new URL(url).pathname)) || `video ${v.index}`;
  return { index: v.index, url, name, fps: p.fps, durationSeconds: p.durationSeconds, width: p.width, height: p.height, hasAudio: p.hasAudio };
}

/** The timeline text of a plan in `format`. */
export function exportTimeline(
  format: TimelineFormat,
  plan: { theme: string; clips: ReadonlyArray<{ videoIndex: number; start: number; end: number; reason: string }> },
  videos: readonly VideoRow[],
): string {
  const sources = videos.flatMap((v) => sourceOf(v) ?? []);
  const timeline = buildTimeline(plan.theme, plan.clips, sources);
  if (format === 'OTIO') return toOtio(timeline);
  if (format === 'FCPXML') return toFcpxml(timeline);
  return toEdl(timeline);
}
