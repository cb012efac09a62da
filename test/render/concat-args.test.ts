import { describe, expect, it } from 'vitest';
import { buildJoinArgs, concatListContent } from '../../src/render/concat-args.js';

describe('concatListContent', () => {
  it('writes one quoted file line per clip, in order', () => {
    expect(concatListContent(['/w/clip_001.mov', '/w/clip_002.mov'])).toBe("file '/w/clip_001.mov'\nfile '/w/clip_002.mov'\n");
  });
  it("escapes single quotes as '\\''", () => {
    expect(concatListContent(["/w/it's here/clip_001.mov"])).toBe("file '/w/it'\\''s here/clip_001.mov'\n");
  });
  it('refuses a path with a line break', () => {
    expect(() => concatListContent(['/w/a\nfile /etc/passwd'])).toThrow(/line break/);
  });
});

describe('buildJoinArgs', () => {
  const args = buildJoinArgs({ listPath: '/w/list.txt', output: '/w/final.mp4', audioBitrate: '192k' });
  it('reads the list with the concat demuxer: options before -i', () => {
    expect(args.slice(0, 8)).toEqual(['-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', 'file:/w/list.txt']);
  });
  it('copies the video, encodes AAC 48 kHz stereo audio once, and puts the index first', () => {
    const s = args.join(' ');
    expect(s).toContain('-c:v copy');
    expect(s).toContain('-c:a aac -b:a 192k -ar 48000 -ac 2');
    expect(s).toContain('-movflags +faststart');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', 'file:/w/final.mp4']);
  });
});
