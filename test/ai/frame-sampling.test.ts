import { describe, expect, it } from 'vitest';
import { frameExtractArgs, frameSampling, MAX_FRAMES } from '../../src/ai/frames/frame-sampling.js';

describe('frameSampling', () => {
  it.each([
    { d: 3, fps: 2 },
    { d: 384, fps: 2 },
    { d: 600, fps: 1.28 },
    { d: 500, fps: 1.536 },
  ])('$d s → $fps fps', ({ d, fps }) => {
    const s = frameSampling(d);
    expect(s.fps).toBe(fps);
    expect(s.maxFrames).toBe(MAX_FRAMES);
    expect(Math.ceil(d * s.fps)).toBeLessThanOrEqual(MAX_FRAMES);
  });
});

describe('frameExtractArgs', () => {
  it('input first, then no audio, the filter chain, the frame cap, quality, pattern last', () => {
    const args = frameExtractArgs({ inputPath: '/in.mp4', outPattern: '/d/frame_%04d.jpg', fps: 1.28, maxFrames: 768 });
    expect(args).toEqual([
      '-i', '/in.mp4',
      '-an', '-sn', '-dn',
      '-vf', "fps=1.28,scale='if(gte(iw,ih),min(448,iw),-2)':'if(gte(iw,ih),-2,min(448,ih))',format=yuvj420p",
      '-frames:v', '768',
      '-q:v', '6',
      '-f', 'image2',
      '/d/frame_%04d.jpg',
    ]);
  });
});
