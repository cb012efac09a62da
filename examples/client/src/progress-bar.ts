/** One line that shows where a batch stands: a bar, the percentage, the status and the latest message. */
import type { BatchProgressSubscription } from './gql/graphql.js';

/** A batchProgress event, as the BatchProgress subscription selects it. */
export type ProgressEvent = BatchProgressSubscription['batchProgress'];

/** Renders `[#######.......]  42% CLIPPING 2/5 message` for an event, `width` characters of bar. */
export function progressBar(event: ProgressEvent, width = 30): string {
  const percent = Math.max(0, Math.min(100, event.progress));
  const filled = Math.round((percent / 100) * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const items = event.itemsTotal > 0 ? ` ${event.itemsDone}/${event.itemsTotal}` : '';
  const video = event.videoIndex === null ? '' : ` video ${event.videoIndex}`;
  const message = event.message ? ` ${event.message}` : '';
  return `[${bar}] ${percent.toFixed(0).padStart(3)}% ${event.status}${items}${video}${message}`;
}
