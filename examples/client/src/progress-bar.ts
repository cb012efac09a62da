/** One line that shows where a batch stands: a bar, the percentage, the status and the latest message. */
import type { BatchProgressSubscription } from './gql/graphql.js';

/** A batchProgress event, as the BatchProgress subscription selects it. */
export type ProgressEvent = BatchProgressSubscription['batchProgress'];

/**
 * Renders `[#####.....]  42% COMPRESSING | TEMP_UPLOAD 1/2 | video 1: uploading`. The items count
 * belongs to the event's stage, which can be ahead of the status (videos move through stages 1–4
 * independently, the status shows the least advanced), so the stage is named next to it.
 */
export function progressBar(event: ProgressEvent, width = 30): string {
  const percent = Math.max(0, Math.min(100, event.progress));
  const filled = Math.round((percent / 100) * width);
  const parts = [`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}% ${event.status}`];
  if (event.stage && event.itemsTotal > 0) parts.push(`${event.stage} ${event.itemsDone}/${event.itemsTotal}`);
  const video = event.videoIndex === null ? '' : `video ${event.videoIndex}`;
  const note = [video, event.message ?? ''].filter(Boolean).join(': ');
  if (note) parts.push(note);
  return parts.join(' | ');
}
