import { describe, expect, it } from 'vitest';
import { isIdrAccessUnit, nalUnits, parseX264Options, x264Options } from '../../src/render/h264-nal.js';
import type { OutputShape } from '../../src/render/output-shape.js';
import { cleanCutPoints, planSmartClip, probeIneligibility, smartIneligibility, type SmartStream, type SourcePacket } from '../../src/render/smart-plan.js';
import type { ProbeInfo } from '../../src/domain/types.js';

const shape: OutputShape = {
  mode: 'ORIGINAL_QUALITY', width: 640, height: 360, fps: '30', fpsValue: 30, videoBitrate: null, bufsize: null,
  crf: 18, preset: 'fast', audioBitrate: '192k', timescale: 90000,
};
const stream: SmartStream = {
  codec: 'h264', profile: 'High', level: 30, pixFmt: 'yuv420p', width: 640, height: 360, squarePixels: true, progressive: true,
  frameRate: { num: 30, den: 1 }, timeBase: { num: 1, den: 15360 }, refs: 4, hasBFrames: 2, startSeconds: 0, container: 'mov,mp4,m4a,3gp,3g2,mj2',
};
const probe: ProbeInfo = {
  durationSeconds: 10, sizeBytes: 1, width: 640, height: 360, fps: 30, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true, rotation: 0,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2', bitRate: null,
};
const T = 512; // ticks per frame at 30 fps in 1/15360

/**
 * Packets in decode order for `frames` frames, keyframe every `gop`, with
 * I B B P-style reordering (each P is sent before the two B-frames shown
 * before it). `open`: each keyframe after the first is sent before the two
 * frames shown just before it (leading B-frames).
 */
function packets(frames: number, gop: number, open = false): SourcePacket[] {
  const display = Array.from({ length: frames }, (_, i) => i);
  const decode: number[] = [];
  for (let g = 0; g < frames; g += gop) {
    const end = Math.min(frames, g + gop);
    let i = g;
    decode.push(i++);
    while (i < end) {
      const anchor = Math.min(i + 2, end - 1);
      decode.push(anchor);
      for (let b = i; b < anchor; b++) decode.push(b);
      i = anchor + 1;
    }
  }
  let order = decode;
  if (open) {
    // Move each later keyframe two places earlier in decode order, ahead of the last two frames of the previous GOP.
    order = [...decode];
    for (let g = gop; g < frames; g += gop) {
      const at = order.indexOf(g);
      order.splice(at, 1);
      order.splice(at - 2, 0, g);
    }
  }
  return order.map((f, d) => ({ pts: display[f]! * T, dts: (d - 2) * T, key: f % gop === 0, pos: d * 1000, size: 1000 + f }));
}
const idrAll = (p: SourcePacket[]) => new Set(p.flatMap((x, i) => (x.key ? [i] : [])));

describe('cleanCutPoints', () => {
  it('takes every closed-GOP keyframe and the end of the stream', () => {
    const p = packets(90, 30);
    expect(cleanCutPoints(p).map((d) => p[d]?.pts ?? 'end')).toEqual([0, 30 * T, 60 * T, 'end']);
  });
  it('refuses open-GOP keyframes (their leading pictures come after them)', () => {
    const p = packets(90, 30, true);
    expect(cleanCutPoints(p).map((d) => p[d]?.pts ?? 'end')).toEqual([0, 'end']);
  });
});

describe('planSmartClip', () => {
  const p = packets(300, 30);
  const plan = (start: number, end: number, idr = idrAll(p)) => planSmartClip({ stream, packets: p, start, end, shape, idr });

  it('a clip one frame after a keyframe: 29-frame head, whole GOPs copied, tail from the last keyframe', () => {
    const d = plan(1 + 1 / 30, 3.5);
    expect(d.smart).toBe(true);
    if (!d.smart) return;
    expect(d.plan.frames).toBe(74);
    expect(d.plan.head).toEqual({ seekSeconds: expect.closeTo(1 + 1 / 30 - 1 / 60, 6), frames: 29, onKeyframe: false });
    expect(d.plan.copy.seekSeconds).toBe(2);
    expect(d.plan.copy.sizes).toHaveLength(30);
    expect(d.plan.copy.sizes.slice().sort()).toEqual(Array.from({ length: 30 }, (_, i) => 1060 + i).sort());
    expect(d.plan.copy.idrFrames).toEqual([29]);
    expect(d.plan.tail).toEqual({ seekSeconds: expect.closeTo(3 + 1 / 120, 6), frames: 15, onKeyframe: true });
    expect(d.plan.frameTicks).toBe(T);
  });
  it('a clip ending one frame before a keyframe re-encodes that GOP as its tail', () => {
    const d = plan(2, 4 - 1 / 30);
    expect(d.smart && [d.plan.head, d.plan.copy.sizes.length, d.plan.tail?.frames]).toEqual([null, 30, 29]);
  });
  it('a clip that is exactly whole GOPs has no edges', () => {
    const d = plan(1, 3);
    expect(d.smart && [d.plan.head, d.plan.copy.sizes.length, d.plan.tail, d.plan.copy.idrFrames]).toEqual([null, 60, null, [0, 30]]);
  });
  it('a clip to the end of the source copies to the last packet', () => {
    const d = plan(8.5, 10);
    expect(d.smart && [d.plan.head?.frames, d.plan.copy.sizes.length, d.plan.tail]).toEqual([15, 30, null]);
  });
  it('falls back when no whole GOP lies inside the clip', () => {
    expect(plan(1.1, 1.9)).toEqual({ smart: false, reason: 'no whole GOP starting at an IDR lies inside the clip' });
    expect(plan(1.5, 2.9)).toMatchObject({ smart: false });
  });
  it('copies only from IDR pictures: a recovery-point keyframe widens the edge', () => {
    const idr = idrAll(p);
    idr.delete(p.findIndex((x) => x.pts === 60 * T));
    const d = plan(1.5, 4.5, idr);
    expect(d.smart && [d.plan.head?.frames, d.plan.copy.seekSeconds, d.plan.copy.sizes.length, d.plan.copy.idrFrames]).toEqual([45, 3, 30, [45]]);
  });
  it('falls back for open GOPs, variable frame rate and clips past the end', () => {
    const open = packets(300, 30, true);
    expect(planSmartClip({ stream, packets: open, start: 1.5, end: 5.5, shape, idr: idrAll(open) }).smart).toBe(false);
    const vfr = p.map((x) => (x.pts >= 100 * T ? { ...x, pts: x.pts + 7 } : x));
    expect(planSmartClip({ stream, packets: vfr, start: 1.5, end: 5.5, shape, idr: idrAll(vfr) })).toEqual({ smart: false, reason: 'the frame rate is not constant in the clip' });
    expect(plan(9, 10.5)).toEqual({ smart: false, reason: 'the clip runs past the last frame' });
  });
});

describe('smartIneligibility', () => {
  it('accepts a source in the output shape', () => {
    expect(smartIneligibility(stream, probe, shape)).toBeNull();
  });
  it.each([
    [{ ...shape, mode: 'RECOMPRESS' as const }, stream, probe, /recompressed/],
    [shape, { ...stream, codec: 'hevc' }, probe, /hevc, not H.264/],
    [shape, { ...stream, container: 'matroska,webm' }, probe, /not MP4/],
    [shape, { ...stream, profile: 'High 10' }, probe, /profile/],
    [shape, stream, { ...probe, rotation: 90 }, /rotation/],
    [shape, { ...stream, width: 1280 }, probe, /frame size/],
    [shape, { ...stream, pixFmt: 'yuvj420p' }, probe, /pixel format/],
    [shape, { ...stream, squarePixels: false }, probe, /square/],
    [shape, { ...stream, progressive: false }, probe, /interlaced/],
    [{ ...shape, fps: '30000/1001' }, stream, probe, /frame rate/],
  ])('refuses %#', (sh, st, pr, why) => {
    expect(smartIneligibility(st, pr, sh)).toMatch(why);
  });
});

describe('h264 access units', () => {
  const unit = (...nals: number[][]) => Uint8Array.from(nals.flatMap((n) => [0, 0, 0, n.length, ...n]));
  const sei = [0x06, 0x05, ...Buffer.from('x264 - core 164 r3095 - H.264/MPEG-4 AVC codec - options: cabac=1 ref=3 bframes=3 b_pyramid=2\0', 'latin1')];
  it('tells an IDR from a recovery-point I-frame by the first slice', () => {
    expect(isIdrAccessUnit(unit([0x09, 0x10], sei, [0x65, 0x88]))).toBe(true);
    expect(isIdrAccessUnit(unit([0x06, 0x01], [0x41, 0x9a]))).toBe(false);
    expect(isIdrAccessUnit(new Uint8Array(0))).toBe(false);
    // A read cut short inside the slice still shows its type.
    expect(isIdrAccessUnit(unit([0x65, 1, 2, 3, 4, 5]).subarray(0, 6))).toBe(true);
    expect(nalUnits(unit([0x67, 1], [0x68, 2])).map((n) => n.type)).toEqual([7, 8]);
  });
  it('reads the x264 settings string', () => {
    const text = x264Options(unit(sei, [0x65, 0x88]));
    expect(text).toBe('cabac=1 ref=3 bframes=3 b_pyramid=2');
    expect(parseX264Options(text!)).toEqual({ cabac: '1', ref: '3', bframes: '3', b_pyramid: '2' });
    expect(x264Options(unit([0x65, 0x88]))).toBeNull();
  });
});

describe('probeIneligibility', () => {
  it('decides from the plain probe before any packet is read', () => {
    expect(probeIneligibility(probe, shape)).toBeNull();
    expect(probeIneligibility({ ...probe, formatName: 'matroska,webm' }, shape)).toMatch(/not MP4/);
    expect(probeIneligibility({ ...probe, videoCodec: 'hevc' }, shape)).toMatch(/hevc/);
    expect(probeIneligibility({ ...probe, width: 1280, height: 720 }, shape)).toMatch(/frame size/);
    expect(probeIneligibility(probe, { ...shape, mode: 'RECOMPRESS' })).toMatch(/recompressed/);
  });
});
