/**
 * Reads what smart render needs from H.264 access units as stored in MP4/MOV
 * (length-prefixed NAL units): whether a picture is an IDR, and the x264
 * settings string an x264 encoder leaves in an SEI. Pure: bytes in, facts out.
 */

/** NAL unit type of an IDR slice. */
export const NAL_IDR = 5;
const NAL_SLICE = 1;
const NAL_SEI = 6;

/** The NAL unit types and payloads in one length-prefixed access unit (the last one may be cut short by the buffer). */
export function nalUnits(data: Uint8Array, lengthSize = 4): Array<{ type: number; payload: Uint8Array }> {
  const out: Array<{ type: number; payload: Uint8Array }> = [];
  let at = 0;
  while (at + lengthSize <= data.length) {
    let len = 0;
    for (let i = 0; i < lengthSize; i++) len = len * 256 + data[at + i]!;
    at += lengthSize;
    if (len === 0 || at >= data.length) break;
    // A unit cut short by a partial read still tells its type.
    out.push({ type: data[at]! & 0x1f, payload: data.subarray(at, Math.min(data.length, at + len)) });
    at += len;
  }
  return out;
}

/**
 * True when the access unit's first slice is an IDR. A recovery-point I-frame
 * (open GOP) is a container keyframe too but not an IDR: pictures after it may
 * still depend on pictures before it, so it is never a place to start a copy.
 */
export function isIdrAccessUnit(data: Uint8Array, lengthSize = 4): boolean {
  const slice = nalUnits(data, lengthSize).find((n) => n.type === NAL_IDR || n.type === NAL_SLICE);
  return slice?.type === NAL_IDR;
}

/** The text after "options: " in an x264 user-data SEI, or null when the unit has none. */
export function x264Options(data: Uint8Array, lengthSize = 4): string | null {
  for (const nal of nalUnits(data, lengthSize)) {
    if (nal.type !== NAL_SEI) continue;
    // The settings string is plain ASCII inside the SEI; emulation-prevention bytes never occur in text.
    const text = Buffer.from(nal.payload).toString('latin1');
    const m = /x264 - core \d+[^\0]*? - options: ([^\0]*)/.exec(text);
    if (m) return m[1]!.replace(/[^\x20-\x7e].*$/s, '').trim();
  }
  return null;
}

/** "cabac=1 ref=3 b_pyramid=2" → { cabac: '1', ref: '3', b_pyramid: '2' }. */
export function parseX264Options(options: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of options.split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
