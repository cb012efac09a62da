/** Parses the stderr lines of silencedetect, blackdetect and freezedetect into spans. */
import type { Span } from './signal-types.js';

const NUM = '(-?[\\d.]+(?:e[-+]?\\d+)?)';

/** Pairs start/end events in order; a start without an end lasts until `durationSeconds`. */
function pairEvents(events: Array<{ kind: 'start' | 'end'; time: number }>, durationSeconds: number): Span[] {
  const spans: Span[] = [];
  let open: number | null = null;
  for (const e of events) {
    if (e.kind === 'start') open = e.time;
    else if (open !== null) {
      spans.push({ start: Math.max(0, open), end: Math.min(durationSeconds, e.time) });
      open = null;
    }
  }
  if (open !== null && open < durationSeconds) spans.push({ start: Math.max(0, open), end: durationSeconds });
  return spans.filter((s) => s.end > s.start);
}

function events(stderr: string, startRe: RegExp, endRe: RegExp): Array<{ kind: 'start' | 'end'; time: number }> {
  const out: Array<{ kind: 'start' | 'end'; time: number; at: number }> = [];
  for (const m of stderr.matchAll(startRe)) out.push({ kind: 'start', time: Number(m[1]), at: m.index ?? 0 });
  for (const m of stderr.matchAll(endRe)) out.push({ kind: 'end', time: Number(m[1]), at: m.index ?? 0 });
  return out.sort((a, b) => a.at - b.at);
}

/** `[silencedetect @ …] silence_start: 7.04` / `silence_end: 12.03 | silence_duration: 4.99`. */
export function parseSilences(stderr: string, durationSeconds: number): Span[] {
  return pairEvents(events(stderr, new RegExp(`silence_start:\\s*${NUM}`, 'g'), new RegExp(`silence_end:\\s*${NUM}`, 'g')), durationSeconds);
}

/** `[blackdetect @ …] black_start:0 black_end:2 black_duration:2` (one line per span). */
export function parseBlacks(stderr: string, durationSeconds: number): Span[] {
  const spans: Span[] = [];
  for (const m of stderr.matchAll(new RegExp(`black_start:\\s*${NUM}\\s+black_end:\\s*${NUM}`, 'g'))) {
    spans.push({ start: Math.max(0, Number(m[1])), end: Math.min(durationSeconds, Number(m[2])) });
  }
  return spans.filter((s) => s.end > s.start);
}

/** `lavfi.freezedetect.freeze_start: 4` … `freeze_end: 6`; a freeze still open at the end lasts to the end. */
export function parseFreezes(stderr: string, durationSeconds: number): Span[] {
  return pairEvents(
    events(stderr, new RegExp(`freeze_start:\\s*${NUM}`, 'g'), new RegExp(`freeze_end:\\s*${NUM}`, 'g')),
    durationSeconds,
  );
}
