/** CMX3600 EDL: one video event per clip, source timecode in the source's rate, record timecode from 01:00:00:00 in the sequence's. */
import { isDropFrame, toTimecode, type Rate } from './timecode.js';
import type { Timeline } from './timeline-input.js';

/** Record timecode starts at one hour, as editors expect. */
const RECORD_START_SECONDS = 3600;

/** Frames of `frames` at `from` expressed at `to` (exact when the rates match). */
const convert = (frames: number, from: Rate, to: Rate): number => Math.round((frames * from.den * to.num) / (from.num * to.den));

/** The timeline as CMX3600 EDL text. Reel names are AX; the file name follows in a FROM CLIP NAME comment. */
export function toEdl(t: Timeline): string {
  const title = t.name.replace(/[\r\n]+/g, ' ').slice(0, 70);
  const lines = [`TITLE: ${title}`, `FCM: ${isDropFrame(t.rate) ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
  let record = Math.round((RECORD_START_SECONDS * t.rate.num) / t.rate.den);
  t.clips.forEach((c, i) => {
    const length = convert(c.outFrame - c.inFrame, c.rate, t.rate);
    const event = String(i + 1).padStart(3, '0');
    lines.push(
      `${event}  AX       V     C        ${toTimecode(c.inFrame, c.rate)} ${toTimecode(c.outFrame, c.rate)} ${toTimecode(record, t.rate)} ${toTimecode(record + length, t.rate)}`,
      `* FROM CLIP NAME: ${c.source.name}`,
      `* SOURCE FILE: ${c.source.url}`,
    );
    if (c.rate.num !== t.rate.num || c.rate.den !== t.rate.den) lines.push(`* SOURCE FPS: ${(c.rate.num / c.rate.den).toFixed(3)}`);
    lines.push('');
    record += length;
  });
  return lines.join('\n');
}
