import { describe, expect, it } from 'vitest';
import {
  chooseOutputShape,
  dominantVideoIndex,
  normalizeFps,
  parseBitrate,
  timescaleFor,
} from '../../src/render/output-shape.js';
import type { OutputSettings, PlanClip, ProbeInfo } from '../../src/domain/types.js';

function probe(width: number, height: number, fps: number): ProbeInfo {
  return {
    durationSeconds: 60, sizeBytes: 1, width, height, fps, videoCodec: 'h264', audioCodec: 'aac',
    hasAudio: true, rotation: 0, formatName: 'mp4', bitRate: null,
  };
}
const clip = (videoIndex: number, start: number, end: number): PlanClip => ({ videoIndex, start, end, reason: '' });
const ORIGINAL: OutputSettings = { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k' };
const videos = [
  { index: 0, probe: probe(1920, 1080, 29.97) },
  { index: 1, probe: probe(1280, 720, 25) },
  { index: 2, probe: probe(1080, 1920, 59.94) },
  { index: 3, probe: probe(1281, 721, 120) },
];

describe('dominantVideoIndex', () => {
  it('picks the source with the most running time', () => {
    expect(dominantVideoIndex([clip(1, 0, 5), clip(0, 0, 4), clip(0, 10, 12)])).toBe(0);
  });
  it('breaks ties by plan order', () => {
    expect(dominantVideoIndex([clip(1, 0, 5), clip(0, 0, 5)])).toBe(1);
    expect(dominantVideoIndex([clip(0, 0, 2), clip(1, 0, 5), clip(0, 3, 6)])).toBe(0);
  });
});

describe('normalizeFps', () => {
  it.each([
    [29.97, '30000/1001'], [29.97002997, '30000/1001'], [23.976, '24000/1001'], [59.94, '60000/1001'],
    [30, '30'], [25, '25'], [29.87, '30'], [120, '60'], [60, '60'], [0.4, '1'], [Number.NaN, '30'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeFps(input).fps).toBe(expected);
  });
});

describe('timescaleFor', () => {
  it('gives whole ticks per frame', () => {
    expect(timescaleFor('30')).toBe(90000);
    expect(timescaleFor('30000/1001')).toBe(90000);
    expect(timescaleFor('24')).toBe(90000);
    expect(timescaleFor('24000/1001')).toBe(360000);
    expect(timescaleFor('7')).toBe(630000);
  });
});

describe('parseBitrate', () => {
  it('reads k, M and plain numbers', () => {
    expect(parseBitrate('800k')).toBe(800_000);
    expect(parseBitrate('8M')).toBe(8_000_000);
    expect(parseBitrate('1.5m')).toBe(1_500_000);
    expect(parseBitrate('64000')).toBe(64_000);
    expect(() => parseBitrate('fast')).toThrow(/800k/);
  });
});

describe('chooseOutputShape ORIGINAL_QUALITY', () => {
  it('takes the dominant frame size and the highest fps of the clips used', () => {
    const s = chooseOutputShape({ clips: [clip(0, 0, 10), clip(1, 0, 5)], videos, output: ORIGINAL });
    expect(s).toMatchObject({ mode: 'ORIGINAL_QUALITY', width: 1920, height: 1080, fps: '30000/1001', crf: 18, videoBitrate: null });
  });
  it('ignores the fps of sources the plan does not use', () => {
    const s = chooseOutputShape({ clips: [clip(1, 0, 10)], videos, output: ORIGINAL });
    expect(s).toMatchObject({ width: 1280, height: 720, fps: '25' });
  });
  it('keeps a portrait dominant source portrait and caps fps at 60', () => {
    const s = chooseOutputShape({ clips: [clip(2, 0, 10), clip(0, 0, 3), clip(3, 0, 1)], videos, output: ORIGINAL });
    expect(s).toMatchObject({ width: 1080, height: 1920, fps: '60', fpsValue: 60 });
  });
  it('rounds odd sizes down to even', () => {
    const s = chooseOutputShape({ clips: [clip(3, 0, 10)], videos, output: ORIGINAL });
    expect([s.width, s.height]).toEqual([1280, 720]);
  });
  it('names a clip source without probe data', () => {
    expect(() => chooseOutputShape({ clips: [clip(7, 0, 1)], videos, output: ORIGINAL })).toThrow(/video 7/);
  });
});

describe('chooseOutputShape RECOMPRESS', () => {
  const rec = (resolution: string, fps = 24, bitrate = '2M'): OutputSettings => ({ mode: 'RECOMPRESS', resolution, fps, bitrate });
  it.each([
    ['480p', 854, 480], ['720p', 1280, 720], ['1080p', 1920, 1080], ['1440p', 2560, 1440], ['2160p', 3840, 2160],
  ])('%s landscape → %i×%i', (resolution, w, h) => {
    const s = chooseOutputShape({ clips: [clip(0, 0, 10), clip(2, 0, 5)], videos, output: rec(resolution) });
    expect([s.width, s.height]).toEqual([w, h]);
  });
  it('follows a portrait dominant source', () => {
    const s = chooseOutputShape({ clips: [clip(0, 0, 3), clip(2, 0, 5)], videos, output: rec('720p') });
    expect([s.width, s.height]).toEqual([720, 1280]);
  });
  it('uses the requested fps and bitrate with a two-second buffer', () => {
    const s = chooseOutputShape({ clips: [clip(0, 0, 3)], videos, output: rec('720p', 24, '2M') });
    expect(s).toMatchObject({ mode: 'RECOMPRESS', fps: '24', videoBitrate: '2M', bufsize: '4000k' });
  });
  it('refuses an unknown resolution', () => {
    expect(() => chooseOutputShape({ clips: [clip(0, 0, 3)], videos, output: rec('999p') })).toThrow(/999p/);
  });
});
