import { describe, expect, it } from 'vitest';
import type { OutputShape } from '../../src/render/output-shape.js';
import {
  EDGE_CRF, EDGE_PRESET, buildAssembleArgs, buildCopyArgs, buildDecodeCheckArgs, buildEdgeArgs, edgeEncoder, partsListContent,
} from '../../src/render/smart-args.js';
import type { SmartStream } from '../../src/render/smart-plan.js';
import type { ProbeInfo } from '../../src/domain/types.js';

const shape: OutputShape = {
  mode: 'ORIGINAL_QUALITY', width: 1920, height: 1080, fps: '30', fpsValue: 30, videoBitrate: null, bufsize: null,
  crf: 18, preset: 'fast', audioBitrate: '192k', timescale: 90000,
};
const stream: SmartStream = {
  codec: 'h264', profile: 'High', level: 40, pixFmt: 'yuv420p', width: 1920, height: 1080, squarePixels: true, progressive: true,
  frameRate: { num: 30, den: 1 }, timeBase: { num: 1, den: 15360 }, refs: 4, hasBFrames: 2, startSeconds: 0, container: 'mov,mp4',
};
const probe = (hasAudio: boolean): ProbeInfo => ({
  durationSeconds: 20, sizeBytes: 1, width: 1920, height: 1080, fps: 30, videoCodec: 'h264', audioCodec: hasAudio ? 'aac' : null,
  hasAudio, rotation: 0, formatName: 'mov,mp4', bitRate: null,
});
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('edgeEncoder', () => {
  it('copies the reference structure and entropy coding of an x264 source', () => {
    const e = edgeEncoder(stream, { cabac: '1', ref: '3', bframes: '3', b_pyramid: '2', '8x8dct': '1', weightb: '1', weightp: '2', keyint: '30', crf: '20.0' });
    expect(e).toEqual({
      profile: 'high', level: '4.0', refs: 3, bframes: 3,
      params: ['open-gop=0', 'cabac=1', '8x8dct=1', 'weightb=1', 'weightp=2', 'keyint=30', 'b-pyramid=normal'],
    });
  });
  it('derives B-frames from the reorder delay of any other encoder', () => {
    expect(edgeEncoder({ ...stream, hasBFrames: 0, refs: 1, profile: 'Main', level: 31 }, null)).toEqual({
      profile: 'main', level: '3.1', refs: 1, bframes: 0, params: ['open-gop=0', 'b-pyramid=none'],
    });
    expect(edgeEncoder({ ...stream, hasBFrames: 1 }, null)).toMatchObject({ bframes: 1, params: ['open-gop=0', 'b-pyramid=none'] });
    expect(edgeEncoder({ ...stream, profile: 'Constrained Baseline', hasBFrames: 0 }, null).profile).toBe('baseline');
  });
});

describe('part argv', () => {
  const encoder = edgeEncoder(stream, null);
  it('an edge: frame-accurate seek, exact frame count, matched encoder, output timescale, no audio', () => {
    const args = buildEdgeArgs({ source: '/s/a.mp4', output: '/w/h.mov', edge: { seekSeconds: 1.0166667, frames: 29, onKeyframe: false }, encoder, shape });
    expect(args.slice(0, 5)).toEqual(['-ss', '1.016667', '-noautorotate', '-i', 'file:/s/a.mp4']);
    expect(valueOf(args, '-preset')).toBe(EDGE_PRESET);
    expect(args).toContain('-an');
    expect(valueOf(args, '-frames:v')).toBe('29');
    expect(valueOf(args, '-fps_mode')).toBe('passthrough');
    expect(valueOf(args, '-crf')).toBe(String(EDGE_CRF));
    expect([valueOf(args, '-profile:v'), valueOf(args, '-level:v'), valueOf(args, '-refs'), valueOf(args, '-bf')]).toEqual(['high', '4.0', '4', '3']);
    expect(valueOf(args, '-x264-params')).toBe('open-gop=0:b-pyramid=normal');
    expect(valueOf(args, '-video_track_timescale')).toBe('90000');
    expect(args.slice(-3)).toEqual(['-f', 'mov', 'file:/w/h.mov']);
  });
  it('a tail starts on its IDR: no accurate seek, so nothing before it is decoded', () => {
    const args = buildEdgeArgs({ source: '/s/a.mp4', output: '/w/t.mov', edge: { seekSeconds: 3.0083333, frames: 15, onKeyframe: true }, encoder, shape });
    expect(args.slice(0, 6)).toEqual(['-noaccurate_seek', '-ss', '3.008333', '-noautorotate', '-i', 'file:/s/a.mp4']);
  });
  it('the copy: seek onto the IDR, stream copy, exactly its packets', () => {
    const args = buildCopyArgs({ source: '/s/a.mp4', output: '/w/c.mov', copy: { seekSeconds: 2, first: 60, sizes: [5, 6, 7], idrFrames: [0] }, shape });
    expect(args.slice(0, 4)).toEqual(['-ss', '2.000000', '-i', 'file:/s/a.mp4']);
    expect(valueOf(args, '-c:v')).toBe('copy');
    expect(valueOf(args, '-frames:v')).toBe('3');
    expect(args).not.toContain('-vf');
  });
  it('the parts list has exact durations and quotes paths like a shell', () => {
    expect(partsListContent([{ path: "/w/it's.mov", frames: 29 }, { path: '/w/c.mov', frames: 30 }], { num: 30, den: 1 })).toBe(
      "file '/w/it'\\''s.mov'\nduration 0.966667\nfile '/w/c.mov'\nduration 1.000000\n",
    );
    expect(() => partsListContent([{ path: '/w/a\nb', frames: 1 }], { num: 30, den: 1 })).toThrow(/line break/);
  });
  it('the assembly copies the video parts and adds the audio as PCM: same seek and samples as the re-encode path', () => {
    const args = buildAssembleArgs({ listPath: '/w/l.txt', source: '/s/a.mp4', start: 1, end: 3.5, probe: probe(true), output: '/w/clip.mov', shape });
    expect(args.slice(0, 12)).toEqual(['-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', 'file:/w/l.txt', '-ss', '0.999500', '-i', 'file:/s/a.mp4']);
    expect(args).toEqual(expect.arrayContaining(['-map', '0:v:0', '1:a:0', '-c:v', 'copy', '-c:a', 'pcm_s16le']));
    expect(valueOf(args, '-af')).toContain('atrim=end_sample=120000');
    expect(args.slice(-3)).toEqual(['-f', 'mov', 'file:/w/clip.mov']);
    const silent = buildAssembleArgs({ listPath: '/w/l.txt', source: '/s/a.mp4', start: 1, end: 3.5, probe: probe(false), output: '/w/clip.mov', shape });
    expect(silent).toContain('anullsrc=r=48000:cl=stereo');
    expect(silent).toEqual(expect.arrayContaining(['-map', '0:v:0', '-map', '2:a:0']));
  });
  it('the check decodes video only: the whole file, or ranges', () => {
    expect(buildDecodeCheckArgs('/w/clip.mov')).toEqual(['-v', 'error', '-i', 'file:/w/clip.mov', '-map', '0:v:0', '-f', 'null', '-']);
    expect(buildDecodeCheckArgs('/w/clip.mov', [{ start: 0, seconds: 2 }, { start: 3.0083333, seconds: null }])).toEqual([
      '-v', 'error', '-t', '2.000000', '-i', 'file:/w/clip.mov', '-noaccurate_seek', '-ss', '3.008333', '-i', 'file:/w/clip.mov',
      '-map', '0:v:0', '-map', '1:v:0', '-f', 'null', '-',
    ]);
  });
});
