import { describe, expect, it } from 'vitest';
import { aspectFrame } from '../../src/render/aspect.js';
import { clipVideoFilter } from '../../src/render/clip-args.js';
import { chooseOutputShape } from '../../src/render/output-shape.js';
import { fakeProbe } from '../support/fixture-stages.js';

describe('aspectFrame', () => {
  it.each([
    { aspect: 'PORTRAIT', short: 1080, size: [1080, 1920] },
    { aspect: 'LANDSCAPE', short: 1080, size: [1920, 1080] },
    { aspect: 'SQUARE', short: 720, size: [720, 720] },
    { aspect: 'PORTRAIT', short: 359, size: [360, 640] },
  ] as const)('$aspect from a shorter side of $short → $size', ({ aspect, short, size }) => {
    const f = aspectFrame(aspect, short)!;
    expect([f.width, f.height]).toEqual(size);
  });
  it('SOURCE keeps the source rule', () => expect(aspectFrame('SOURCE', 1080)).toBeNull());
});

describe('output shape with an aspect', () => {
  const videos = [{ index: 0, probe: { ...fakeProbe(), width: 1920, height: 1080 } }];
  const clips = [{ videoIndex: 0, start: 0, end: 2, reason: '' }];
  it('ORIGINAL_QUALITY PORTRAIT from 1920×1080 is 1080×1920; RECOMPRESS 720p SQUARE is 720×720', () => {
    const p = chooseOutputShape({ clips, videos, output: { mode: 'ORIGINAL_QUALITY', resolution: '1080p', fps: 30, bitrate: '5000k', aspect: 'PORTRAIT', fit: 'CROP' } });
    expect([p.width, p.height, p.fit]).toEqual([1080, 1920, 'CROP']);
    const s = chooseOutputShape({ clips, videos, output: { mode: 'RECOMPRESS', resolution: '720p', fps: 30, bitrate: '2M', aspect: 'SQUARE' } });
    expect([s.width, s.height, s.fit]).toEqual([720, 720, 'PAD']);
  });
  it('CROP fills and cuts the centre; PAD fits and adds bars', () => {
    expect(clipVideoFilter({ width: 1080, height: 1920, fps: '30', fit: 'CROP' })).toMatch(/^scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920:\(iw-ow\)\/2:\(ih-oh\)\/2,/);
    expect(clipVideoFilter({ width: 1080, height: 1920, fps: '30', fit: 'PAD' })).toMatch(/^scale=1080:1920:force_original_aspect_ratio=decrease,pad=1080:1920:/);
  });
});
