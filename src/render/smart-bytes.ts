/**
 * Byte-level proof for a smart-rendered clip, without decoding: the copied
 * packets in the clip are the source's packets (every NAL unit identical; the
 * only additions are in-band copies of the source's own SPS/PPS), and every
 * part starts with its own parameter sets in-band, so a decoder that reaches
 * it from the previous part (or a player seeking there) uses the right ones.
 */
import { withPacketReader } from '../workers/ffmpeg/packets.js';
import type { AvcConfig } from './avcc.js';
import { nalUnits } from './h264-nal.js';

const NAL_SPS = 7;
const NAL_PPS = 8;

/** A packet's place in its file. */
export interface PacketRef {
  pos: number;
  size: number;
}

/** Reads whole packets one after another through one open handle; a packet with no byte position cannot be proven. */
function withReader<T>(file: string, fn: (read: (p: PacketRef) => Promise<Uint8Array>) => Promise<T>): Promise<T> {
  return withPacketReader(file, (read) =>
    fn((p) => {
      if (p.pos < 0) throw new Error(`${file}: a packet has no byte position`);
      return read(p, p.size);
    }),
  );
}

/** The NAL units of an access unit, or null when the length prefixes do not tile it exactly. */
function units(data: Uint8Array, lengthSize: number): Array<{ type: number; payload: Uint8Array }> | null {
  const list = nalUnits(data, lengthSize);
  const covered = list.reduce((s, u) => s + lengthSize + u.payload.length, 0);
  return covered === data.length ? list : null;
}

const isParamSet = (u: { type: number }) => u.type === NAL_SPS || u.type === NAL_PPS;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/**
 * Why `clipUnit`'s parameter sets are not all among `allowed` (or, with
 * `required`, why an SPS and a PPS are missing), or null.
 */
export function paramSetProblem(clipUnits: Array<{ type: number; payload: Uint8Array }>, allowed: Uint8Array[], required: boolean): string | null {
  const sets = clipUnits.filter(isParamSet);
  if (required && (!sets.some((u) => u.type === NAL_SPS) || !sets.some((u) => u.type === NAL_PPS))) return 'carries no in-band SPS and PPS';
  return sets.every((u) => allowed.some((a) => same(a, u.payload))) ? null : 'carries parameter sets that are not its own';
}

/**
 * Proves the clip's packets `[offset, offset + source.length)` are the source
 * packets byte for byte (NAL units compared; in-band SPS/PPS allowed only when
 * they are the source's own), and that the first carries SPS and PPS in-band.
 */
export async function copiedPacketsProblem(input: {
  sourceFile: string;
  sourcePackets: PacketRef[];
  sourceConfig: AvcConfig;
  clipFile: string;
  clipPackets: PacketRef[];
  clipConfig: AvcConfig;
  offset: number;
}): Promise<string | null> {
  const { sourcePackets, clipPackets, offset } = input;
  if (offset + sourcePackets.length > clipPackets.length) return 'the clip has fewer packets than the copy';
  const allowed = [...input.sourceConfig.sps, ...input.sourceConfig.pps];
  return withReader(input.sourceFile, (readSource) =>
    withReader(input.clipFile, async (readClip) => {
      for (let k = 0; k < sourcePackets.length; k++) {
        const src = units(await readSource(sourcePackets[k]!), input.sourceConfig.lengthSize);
        const out = units(await readClip(clipPackets[offset + k]!), input.clipConfig.lengthSize);
        if (!src || !out) return `copied packet ${k} cannot be split into NAL units`;
        const own = [...allowed, ...src.filter(isParamSet).map((u) => u.payload)];
        const sets = paramSetProblem(out, own, k === 0);
        if (sets) return `copied packet ${k} ${sets}`;
        const a = src.filter((u) => !isParamSet(u));
        const b = out.filter((u) => !isParamSet(u));
        if (a.length !== b.length || a.some((u, i) => !same(u.payload, b[i]!.payload))) return `copied packet ${k} differs from the source packet`;
      }
      return null;
    }),
  );
}

/** Why the clip's packet at `index` does not start a part with that part's own SPS and PPS in-band, or null. */
export async function partStartProblem(clipFile: string, clipConfig: AvcConfig, packet: PacketRef, partConfig: AvcConfig, name: string): Promise<string | null> {
  const out = await withReader(clipFile, async (read) => units(await read(packet), clipConfig.lengthSize));
  if (!out) return `the ${name}'s first packet cannot be split into NAL units`;
  const problem = paramSetProblem(out, [...partConfig.sps, ...partConfig.pps], true);
  return problem ? `the ${name}'s first packet ${problem}` : null;
}
