/** Formats transcript segments for a prompt, within a character budget. */
import type { TranscriptSegment } from '../../domain/types.js';

/** Lines like "[12.0–15.5] text", cut at `maxChars` with a note saying so. */
export function transcriptText(segments: readonly TranscriptSegment[], maxChars: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const s of segments) {
    const text = s.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const line = `[${s.start.toFixed(1)}–${s.end.toFixed(1)}] ${text}`;
    if (used + line.length + 1 > maxChars) {
      lines.push(`… (${segments.length - lines.length} more segments left out)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}
