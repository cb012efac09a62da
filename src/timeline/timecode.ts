/** Frame rates as editors want them, frame counts from seconds, and SMPTE timecode (drop-frame for 29.97 and 59.94). */

/** A frame rate as a fraction (30000/1001 for 29.97). */
export interface Rate {
  num: number;
  den: number;
}

/** A probed rate as an exact fraction: NTSC rates (23.976, 29.97, 59.94) become n·1000/1001, others whole numbers. */
export function rateOf(fps: number): Rate {
  for (const k of [24, 30, 60]) if (Math.abs(fps - (k * 1000) / 1001) < 0.01) return { num: k * 1000, den: 1001 };
  return { num: Math.max(1, Math.round(fps)), den: 1 };
}

/** The rate as a number. */
export const rateValue = (r: Rate): number => r.num / r.den;

/** The frame at `seconds`: the nearest frame boundary (plans are edited in seconds, editors cut on frames). */
export function frameAt(seconds: number, rate: Rate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** True for the rates that count in drop-frame timecode (29.97 and 59.94). */
export function isDropFrame(rate: Rate): boolean {
  return rate.den === 1001 && (rate.num === 30000 || rate.num === 60000);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * SMPTE timecode of a frame count. Drop-frame (29.97, 59.94) skips frame
 * numbers 0 and 1 (0–3 at 59.94) at the start of every minute except every
 * tenth, and is written with `;` before the frames.
 */
export function toTimecode(frame: number, rate: Rate): string {
  const nominal = Math.round(rate.num / rate.den);
  let f = frame;
  if (isDropFrame(rate)) {
    const drop = nominal === 60 ? 4 : 2;
    const perTenMinutes = nominal * 600 - drop * 9;
    const perMinute = nominal * 60 - drop;
    const tens = Math.floor(f / perTenMinutes);
    const rest = f % perTenMinutes;
    f += drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const ff = f % nominal;
  const totalSeconds = Math.floor(f / nominal);
  const sep = isDropFrame(rate) ? ';' : ':';
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${sep}${pad(ff)}`;
}

/** The frame count of a timecode (the inverse of toTimecode). */
export function fromTimecode(tc: string, rate: Rate): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})[:;.](\d{2})$/.exec(tc.trim());
  if (!m) throw new Error(`"${tc}" is not a timecode like 01:00:00:00`);
  const [h, min, s, f] = m.slice(1).map(Number) as [number, number, number, number];
  const nominal = Math.round(rate.num / rate.den);
  const totalMinutes = 60 * h + min;
  let frames = (3600 * h + 60 * min + s) * nominal + f;
  if (isDropFrame(rate)) frames -= (nominal === 60 ? 4 : 2) * (totalMinutes - Math.floor(totalMinutes / 10));
  return frames;
}
