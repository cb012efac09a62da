/**
 * The packet index of a source's video stream (ffprobe, demux only, no decode)
 * and a reader for single packets' bytes: what smart render plans with.
 */
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { AbortError } from '../../domain/errors.js';
import type { SmartStream, SourcePacket } from '../../render/smart-plan.js';

/** A source's video stream description and its packets in decode order. */
export interface VideoIndex {
  stream: SmartStream;
  packets: SourcePacket[];
}

const INDEX_TIMEOUT_MS = 120_000;

/** ffprobe's argv for the video stream's parameters, the file's start time and every video packet. */
export function buildPacketIndexArgs(file: string): string[] {
  return [
    '-v', 'error',
    '-protocol_whitelist', 'file',
    '-select_streams', 'v:0',
    '-show_entries',
    'stream=codec_name,profile,level,pix_fmt,width,height,sample_aspect_ratio,field_order,r_frame_rate,time_base,refs,has_b_frames' +
      ':format=start_time,format_name:packet=pts,dts,flags,pos,size',
    '-of', 'json',
    `file:${file}`,
  ];
}

interface RawIndex {
  streams?: Array<Record<string, string | number | undefined>>;
  format?: { start_time?: string; format_name?: string };
  packets?: Array<{ pts?: number; dts?: number; flags?: string; pos?: string; size?: string }>;
}

function fraction(text: unknown, sep: string): { num: number; den: number } | null {
  const [n, d] = String(text ?? '').split(sep).map(Number);
  return Number.isFinite(n) && Number.isFinite(d) && n! > 0 && d! > 0 ? { num: n!, den: d! } : null;
}

/** ffprobe JSON → VideoIndex; null when the file has no usable video stream or timestamps. */
export function parsePacketIndex(raw: RawIndex): VideoIndex | null {
  const s = raw.streams?.[0];
  const timeBase = fraction(s?.time_base, '/');
  const frameRate = fraction(s?.r_frame_rate, '/');
  if (!s || !timeBase || !frameRate) return null;
  const startSeconds = Number(raw.format?.start_time ?? 0);
  const packets: SourcePacket[] = [];
  for (const p of raw.packets ?? []) {
    if (typeof p.pts !== 'number' || typeof p.dts !== 'number') return null;
    packets.push({ pts: p.pts, dts: p.dts, key: (p.flags ?? '').startsWith('K'), pos: Number(p.pos ?? -1), size: Number(p.size ?? 0) });
  }
  const sar = String(s.sample_aspect_ratio ?? '1:1');
  return {
    stream: {
      codec: String(s.codec_name ?? ''),
      profile: String(s.profile ?? ''),
      level: Number(s.level ?? 0),
      pixFmt: String(s.pix_fmt ?? ''),
      width: Number(s.width ?? 0),
      height: Number(s.height ?? 0),
      // "0:1" means "not set", which players read as square pixels.
      squarePixels: sar === '1:1' || sar === '0:1' || sar === 'N/A',
      progressive: s.field_order === undefined || s.field_order === 'progressive' || s.field_order === 'unknown',
      frameRate,
      timeBase,
      refs: Number(s.refs ?? 1),
      hasBFrames: Number(s.has_b_frames ?? 0),
      startSeconds: Number.isFinite(startSeconds) ? startSeconds : 0,
      container: String(raw.format?.format_name ?? ''),
    },
    packets,
  };
}

/** Lists a local file's video packets; null when ffprobe fails or the answer is unusable. */
export function probePacketIndex(ffprobePath: string, file: string, signal?: AbortSignal): Promise<VideoIndex | null> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobePath,
      buildPacketIndexArgs(file),
      { signal, timeout: INDEX_TIMEOUT_MS, maxBuffer: 512 * 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        if (signal?.aborted) return reject(new AbortError());
        if (err) return resolve(null);
        try {
          resolve(parsePacketIndex(JSON.parse(String(stdout)) as RawIndex));
        } catch {
          resolve(null);
        }
      },
    );
  });
}

/** Reads a packet's bytes (at most `limit`; none for a packet with no byte position). */
export type PacketReader = (packet: Pick<SourcePacket, 'pos' | 'size'>, limit?: number) => Promise<Uint8Array>;

/** Reads packets one after another through one open handle of `file`. */
export async function withPacketReader<T>(file: string, fn: (read: PacketReader) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await fn(async (packet, limit = 64 * 1024) => {
      if (packet.pos < 0) return new Uint8Array(0);
      const buf = Buffer.alloc(Math.min(packet.size, limit));
      const { bytesRead } = await handle.read(buf, 0, buf.length, packet.pos);
      return buf.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

