/**
 * Reads the H.264 decoder configuration (avcC: NAL length size, SPS and PPS)
 * of the first video track of an MP4/MOV file, by walking box headers: what
 * smart render compares in-band parameter sets against. No decode, no process.
 */
import { open, type FileHandle } from 'node:fs/promises';

/** The parameter sets a decoder is given out of band, and the size of each NAL length prefix. */
export interface AvcConfig {
  lengthSize: number;
  sps: Uint8Array[];
  pps: Uint8Array[];
}

// A moov larger than this is not a file smart render reads (its sample tables alone would be ~hours of video).
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
const CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl']);

interface Box {
  type: string;
  /** Offset of the payload and its end, relative to the buffer or file. */
  start: number;
  end: number;
}

function* boxes(buf: Uint8Array, from: number, to: number): Generator<Box> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) return;
    yield { type: Buffer.from(buf.subarray(at + 4, at + 8)).toString('latin1'), start: at + header, end: at + size };
    at += size;
  }
}

/** The avcC of the first 'vide' track inside a moov payload; null when there is none. */
export function avcConfigOfMoov(moov: Uint8Array): AvcConfig | null {
  for (const trak of boxes(moov, 0, moov.length)) {
    if (trak.type !== 'trak') continue;
    const found = findInTrak(moov, trak);
    if (found !== undefined) return found;
  }
  return null;
}

/** undefined: not a video track; null: a video track without a readable avcC. */
function findInTrak(buf: Uint8Array, trak: Box): AvcConfig | null | undefined {
  let video = false;
  let stsd: Box | null = null;
  const walk = (box: Box) => {
    for (const child of boxes(buf, box.start, box.end)) {
      // hdlr: version/flags (4), pre_defined (4), handler type (4). A MOV's minf has a data handler too ('alis').
      if (child.type === 'hdlr' && child.end - child.start >= 12 && Buffer.from(buf.subarray(child.start + 8, child.start + 12)).toString('latin1') === 'vide') video = true;
      else if (child.type === 'stsd') stsd = child;
      else if (CONTAINERS.has(child.type)) walk(child);
    }
  };
  walk(trak);
  if (!video) return undefined;
  if (!stsd) return null;
  const s = stsd as Box;
  // stsd: version/flags (4), entry count (4), then sample entries; the first one describes the stream.
  const entry = boxes(buf, s.start + 8, s.end).next().value;
  if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) return null;
  // A visual sample entry has 78 bytes of fields before its child boxes.
  for (const child of boxes(buf, entry.start + 78, entry.end)) {
    if (child.type === 'avcC') return parseAvcC(buf.subarray(child.start, child.end));
  }
  return null;
}

/** An avcC payload → its length size and parameter sets; null when it is cut short. */
export function parseAvcC(b: Uint8Array): AvcConfig | null {
  if (b.length < 7 || b[0] !== 1) return null;
  const lengthSize = (b[4]! & 0x03) + 1;
  let at = 5;
  const take = (count: number): Uint8Array[] | null => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      if (at + 2 > b.length) return null;
      const len = (b[at]! << 8) | b[at + 1]!;
      if (at + 2 + len > b.length) return null;
      out.push(b.subarray(at + 2, at + 2 + len));
      at += 2 + len;
    }
    return out;
  };
  const sps = take(b[at++]! & 0x1f);
  if (!sps || at >= b.length) return null;
  const pps = take(b[at++]!);
  return pps ? { lengthSize, sps, pps } : null;
}

/** Reads a file's avcC (first video track); null when the file has none or cannot be read. */
export async function readAvcConfig(file: string): Promise<AvcConfig | null> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= size) {
      const { bytesRead } = await handle.read(head, 0, 16, at);
      if (bytesRead < 8) return null;
      let boxSize = head.readUInt32BE(0);
      let header = 8;
      if (boxSize === 1 && bytesRead === 16) {
        boxSize = Number(head.readBigUInt64BE(8));
        header = 16;
      } else if (boxSize === 0) boxSize = size - at;
      if (boxSize < header) return null;
      if (head.toString('latin1', 4, 8) === 'moov') {
        const length = boxSize - header;
        if (length > MAX_MOOV_BYTES) return null;
        const moov = Buffer.alloc(length);
        await handle.read(moov, 0, length, at + header);
        return avcConfigOfMoov(moov);
      }
      at += boxSize;
    }
    return null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
