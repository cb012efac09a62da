import { describe, expect, it } from 'vitest';
import { buildClipArgs, clipAudioFilter, clipFrameCount, clipRenderedSeconds, clipVideoFilter } from '../../src/render/clip-args.js';
import type { OutputShape } from '../../src/render/output-shape.js';
import type { ProbeInfo } from '../../src/domain/types.js';

const shape: OutputShape = {
  mode: 'ORIGINAL_QUALITY', width: 1920, height: 1080, fps: '30', fpsValue: 30, videoBitrate: null, bufsize: null,
  crf: 18, preset: 'fast', audioBitrate: '192k', timescale: 90000,
};
const probe = (hasAudio: boolean): ProbeInfo => ({
  durationSeconds: 20, sizeBytes: 1, width: 1280, height: 720, fps: 25, videoCodec: 'h264', audioCodec: hasAudio ? 'aac' : null,
  hasAudio, rotation: 0, formatName: 'mp4', bitRate: null,
});
const base = { input: '/in/a b.mp4', output: '/w/clip_001.mov', start: 12.5, end: 14.5, shape };
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('clip frame arithmetic', () => {
  it('rounds the length to whole output frames, at least one', () => {
    expect(clipFrameCount(0, 2, shape)).toBe(60);
    expect(clipFrameCount(1, 1.01, shape)).toBe(1);
    expect(clipFrameCount(0, 1.02, shape)).toBe(31);
    expect(clipFrameCount(0, 10, { fps: '30000/1001' })).toBe(300);
    expect(clipRenderedSeconds(0, 10, { fps: '30000/1001' })).toBeCloseTo(10.01, 6);
  });
});

describe('filters', () => {
  it('fits, pads, squares pixels, fixes the rate and pixel format, in that order', () => {
    expect(clipVideoFilter(shape)).toBe(
      'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=fps=30:start_time=0,format=yuv420p',
    );
  });
  it('resamples to 48 kHz stereo and pads/trims to an exact sample count', () => {
    expect(clipAudioFilter(96000)).toBe('aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo,apad=whole_len=96000,atrim=end_sample=96000');
  });
});

describe('buildClipArgs', () => {
  it('seeks before the input and re-encodes (frame-accurate)', () => {
    const args = buildClipArgs({ ...base, probe: probe(true) });
    expect(args.slice(0, 4)).toEqual(['-ss', '12.499500', '-i', 'file:/in/a b.mp4']);
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args).not.toContain('copy');
    expect(valueOf(args, '-c:v')).toBe('libx264');
  });
  it('limits the output to the whole-frame length after the inputs', () => {
    const args = buildClipArgs({ ...base, probe: probe(true) });
    expect(valueOf(args, '-t')).toBe('2.000000');
    expect(args.indexOf('-t')).toBeGreaterThan(args.lastIndexOf('-i'));
    expect(valueOf(args, '-af')).toContain('whole_len=96000');
  });
  it('maps the source audio when there is one', () => {
    const args = buildClipArgs({ ...base, probe: probe(true) });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args.join(' ')).toContain('-map 0:v:0 -map 0:a:0');
  });
  it('adds a silent stereo 48 kHz input for a source without audio', () => {
    const args = buildClipArgs({ ...base, probe: probe(false) });
    const second = args.lastIndexOf('-i');
    expect(args.slice(second - 2, second + 2)).toEqual(['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo']);
    expect(second).toBeGreaterThan(args.indexOf('file:/in/a b.mp4'));
    expect(args.join(' ')).toContain('-map 0:v:0 -map 1:a:0');
    expect(args).not.toContain('-shortest');
  });
  it('uses CRF for ORIGINAL_QUALITY and a capped bitrate for RECOMPRESS', () => {
    const crf = buildClipArgs({ ...base, probe: probe(true) });
    expect(valueOf(crf, '-crf')).toBe('18');
    expect(crf).not.toContain('-b:v');
    const rec = buildClipArgs({ ...base, probe: probe(true), shape: { ...shape, mode: 'RECOMPRESS', videoBitrate: '2M', bufsize: '4000k' } });
    expect([valueOf(rec, '-b:v'), valueOf(rec, '-maxrate'), valueOf(rec, '-bufsize')]).toEqual(['2M', '2M', '4000k']);
    expect(rec).not.toContain('-crf');
  });
  it('writes the same stream layout for every clip: h264 high yuv420p, PCM 48 kHz stereo, one timescale, mov', () => {
    const args = buildClipArgs({ ...base, probe: probe(false) });
    expect(valueOf(args, '-profile:v')).toBe('high');
    expect(valueOf(args, '-pix_fmt')).toBe('yuv420p');
    expect([valueOf(args, '-c:a'), valueOf(args, '-ar'), valueOf(args, '-ac')]).toEqual(['pcm_s16le', '48000', '2']);
    expect(valueOf(args, '-video_track_timescale')).toBe('90000');
    expect(args.slice(-3)).toEqual(['-f', 'mov', 'file:/w/clip_001.mov']);
  });
  it('never seeks before 0', () => {
    expect(valueOf(buildClipArgs({ ...base, start: 0, end: 1, probe: probe(true) }), '-ss')).toBe('0.000000');
  });
});
