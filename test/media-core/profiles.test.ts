import { describe, expect, it } from 'vitest';
import { compressionInfo, PROFILES, resolveProfile } from '../../src/media/profiles.js';

describe('profiles', () => {
  it('match the SPEC table', () => {
    expect(compressionInfo).toEqual([
      expect.objectContaining({ name: 'AGGRESSIVE', maxShortSide: 480, fps: 10, videoBitrate: '500k', audioBitrate: '64k', sampleRate: 22050, preset: 'ultrafast', crf: 28 }),
      expect.objectContaining({ name: 'BALANCED', maxShortSide: 720, fps: 15, videoBitrate: '1500k', audioBitrate: '128k', sampleRate: 44100, preset: 'fast', crf: 23 }),
      expect.objectContaining({ name: 'CONSERVATIVE', maxShortSide: 1080, fps: 24, videoBitrate: '3000k', audioBitrate: '192k', sampleRate: 44100, preset: 'medium', crf: 20 }),
    ]);
    for (const info of compressionInfo) expect(info.description.length).toBeGreaterThan(10);
  });

  it.each([
    [0, 'CONSERVATIVE'],
    [180, 'CONSERVATIVE'],
    [180.01, 'BALANCED'],
    [420, 'BALANCED'],
    [420.5, 'AGGRESSIVE'],
    [600, 'AGGRESSIVE'],
  ] as const)('DYNAMIC for %s s is %s', (seconds, expected) => {
    expect(resolveProfile('DYNAMIC', seconds)).toBe(expected);
  });

  it('keeps a concrete profile whatever the duration', () => {
    expect(resolveProfile('AGGRESSIVE', 10)).toBe('AGGRESSIVE');
    expect(resolveProfile('CONSERVATIVE', 599)).toBe('CONSERVATIVE');
    expect(PROFILES.BALANCED.name).toBe('BALANCED');
  });
});
