import { describe, expect, it } from 'vitest';
import { avcConfigOfMoov, parseAvcC } from '../../src/render/avcc.js';
import { paramSetProblem } from '../../src/render/smart-bytes.js';
import { JOIN_CHECK_FRAMES, decodeRanges } from '../../src/render/smart-verify.js';
import type { SmartClipPlan } from '../../src/render/smart-plan.js';

const SPS = [0x67, 0x64, 0x00, 0x1e];
const PPS = [0x68, 0xeb, 0xe3];
const avcC = Uint8Array.from([1, 0x64, 0, 0x1e, 0xff, 0xe1, 0, SPS.length, ...SPS, 1, 0, PPS.length, ...PPS]);
const box = (type: string, ...payload: number[][]) => {
  const body = payload.flat();
  return [0, 0, (body.length + 8) >> 8, (body.length + 8) & 0xff, ...Buffer.from(type, 'latin1'), ...body];
};
const hdlr = (kind: string, sub: string) => box('hdlr', [0, 0, 0, 0], [...Buffer.from(kind, 'latin1')], [...Buffer.from(sub, 'latin1')], new Array(12).fill(0));
const sampleEntry = (type: string) => box(type, new Array(78).fill(0), box('avcC', [...avcC]));
const track = (kind: string, entry: string) =>
  box('trak', box('mdia', hdlr('mhlr', kind), box('minf', hdlr('dhlr', 'alis'), box('stbl', box('stsd', [0, 0, 0, 0, 0, 0, 0, 1], sampleEntry(entry))))));

describe('avcC', () => {
  it('reads the length size and the parameter sets', () => {
    expect(parseAvcC(avcC)).toEqual({ lengthSize: 4, sps: [Uint8Array.from(SPS)], pps: [Uint8Array.from(PPS)] });
    expect(parseAvcC(avcC.subarray(0, 10))).toBeNull();
  });
  it("finds the first video track's avcC in a moov, past a MOV data handler and other tracks", () => {
    const moov = Uint8Array.from([...track('soun', 'mp4a'), ...track('vide', 'avc1')]);
    expect(avcConfigOfMoov(moov)?.sps).toEqual([Uint8Array.from(SPS)]);
    expect(avcConfigOfMoov(Uint8Array.from(track('vide', 'hvc1')))).toBeNull();
    expect(avcConfigOfMoov(Uint8Array.from(track('soun', 'avc1')))).toBeNull();
  });
});

describe('in-band parameter sets', () => {
  const unit = (type: number, ...rest: number[]) => ({ type, payload: Uint8Array.from([type, ...rest]) });
  const own = [Uint8Array.from([7, 1]), Uint8Array.from([8, 2])];
  it('accepts the part’s own sets and requires both where a part starts', () => {
    expect(paramSetProblem([unit(7, 1), unit(8, 2), unit(5, 9)], own, true)).toBeNull();
    expect(paramSetProblem([unit(1, 9)], own, false)).toBeNull();
    expect(paramSetProblem([unit(8, 2), unit(5, 9)], own, true)).toBe('carries no in-band SPS and PPS');
    expect(paramSetProblem([unit(7, 1), unit(8, 3), unit(5, 9)], own, true)).toBe('carries parameter sets that are not its own');
  });
});

describe('decodeRanges', () => {
  const fps = { num: 30, den: 1 };
  const plan = (head: boolean, tail: boolean, idrFrames: number[]): SmartClipPlan => ({
    frames: 200, frameTicks: 512, copy: { seekSeconds: 1, first: 30, sizes: [], idrFrames },
    head: head ? { seekSeconds: 0.5, frames: 15, onKeyframe: false } : null,
    tail: tail ? { seekSeconds: 6, frames: 20, onKeyframe: true } : null,
  });
  it('decodes the head with the first frames of the copy, and the tail from its IDR', () => {
    expect(decodeRanges(plan(true, true, [15, 45, 75, 105]), fps)).toEqual([{ start: 0, seconds: (15 + JOIN_CHECK_FRAMES) / 30 }, { start: 180.25 / 30, seconds: null }]);
    expect(decodeRanges(plan(false, true, [0, 30]), fps)).toEqual([{ start: 180.25 / 30, seconds: null }]);
    expect(decodeRanges(plan(true, false, [15, 45]), fps)).toEqual([{ start: 0, seconds: (15 + JOIN_CHECK_FRAMES) / 30 }]);
  });
  it('decodes the whole clip when the edges nearly meet, nothing when nothing was re-encoded', () => {
    expect(decodeRanges({ ...plan(true, true, [15]), frames: 40 }, fps)).toBe('all');
    expect(decodeRanges(plan(false, false, [0, 30]), fps)).toBeNull();
  });
});
