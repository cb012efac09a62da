import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/media/profiles.js';
import { buildCompressArgs, targetDimensions, targetFps } from '../../src/workers/ffmpeg/compress-args.js';

const probe = { width: 1920, height: 1080, fps: 30, hasAudio: true };

/** Value after a flag. */
function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('targetDimensions', () => {
  it('caps the shorter side and keeps the aspect', () => {
    expect(targetDimensions(1920, 1080, 720)).toEqual({ width: 1280, height: 720 });
    expect(targetDimensions(1080, 1920, 720)).toEqual({ width: 720, height: 1280 });
    expect(targetDimensions(3840, 2160, 480)).toEqual({ width: 854, height: 480 });
  });
  it('never upscales', () => {
    expect(targetDimensions(480, 270, 1080)).toEqual({ width: 480, height: 270 });
    expect(targetDimensions(1280, 720, 720)).toEqual({ width: 1280, height: 720 });
  });
  it('makes odd sides even without growing them', () => {
    expect(targetDimensions(641, 361, 1080)).toEqual({ width: 640, height: 360 });
    expect(targetDimensions(1000, 750, 480)).toEqual({ width: 640, height: 480 });
  });
});

describe('targetFps', () => {
  it('lowers but never raises', () => {
    expect(targetFps(30, 15)).toBe(15);
    expect(targetFps(10, 15)).toBeNull();
    expect(targetFps(23.976, 24)).toBeNull();
    expect(targetFps(0, 24)).toBeNull();
    expect(targetFps(Number.NaN, 24)).toBeNull();
  });
});

describe('buildCompressArgs', () => {
  it('builds the BALANCED command for 1080p with audio, flags in order', () => {
    const args = buildCompressArgs({ input: '/in/a.mov', output: '/out/c.tmp', profile: PROFILES.BALANCED, probe });
    expect(args).toEqual([
      '-protocol_whitelist', 'file',
      '-i', '/in/a.mov',
      '-map', '0:v:0',
      '-map', '0:a:0?',
      '-vf', 'fps=15,scale=1280:720',
      '-c:v', 'libx264',
      '-preset', 'fast',
      '-crf', '23',
      '-maxrate', '1500k',
      '-bufsize', '3000k',
      '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k', '-ar', '44100',
      '-sn', '-dn',
      '-max_muxing_queue_size', '1024',
      '-movflags', '+faststart',
      '-f', 'mp4',
      '/out/c.tmp',
    ]);
  });

  it('puts the whitelist before -i and the output last', () => {
    const args = buildCompressArgs({ input: '/in/a.mp4', output: '/out/b.mp4', profile: PROFILES.AGGRESSIVE, probe });
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-crf')).toBeGreaterThan(args.indexOf('-i'));
    expect(args.at(-1)).toBe('/out/b.mp4');
    expect(after(args, '-preset')).toBe('ultrafast');
    expect(after(args, '-ar')).toBe('22050');
    expect(after(args, '-b:a')).toBe('64k');
    expect(after(args, '-vf')).toBe('fps=10,scale=854:480');
  });

  it('drops audio with -an when the source has none', () => {
    const args = buildCompressArgs({ input: '/a.mp4', output: '/b.mp4', profile: PROFILES.BALANCED, probe: { width: 720, height: 1280, fps: 30, hasAudio: false } });
    expect(args).toContain('-an');
    expect(args).not.toContain('-c:a');
    expect(args).not.toContain('0:a:0?');
    // Portrait 720x1280 already meets 720p: only the frame rate changes.
    expect(after(args, '-vf')).toBe('fps=15');
  });

  it('has no filter when nothing needs changing', () => {
    const args = buildCompressArgs({ input: '/a.mp4', output: '/b.mp4', profile: PROFILES.CONSERVATIVE, probe: { width: 480, height: 270, fps: 24, hasAudio: true } });
    expect(args).not.toContain('-vf');
    expect(after(args, '-crf')).toBe('20');
    expect(after(args, '-maxrate')).toBe('3000k');
  });

  it('refuses relative paths', () => {
    expect(() => buildCompressArgs({ input: '-i.mp4', output: '/b.mp4', profile: PROFILES.BALANCED, probe })).toThrow(/absolute/);
    expect(() => buildCompressArgs({ input: '/a.mp4', output: 'http:x', profile: PROFILES.BALANCED, probe })).toThrow(/absolute/);
  });
});
