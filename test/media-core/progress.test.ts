import { describe, expect, it } from 'vitest';
import { parseProgress, ProgressParser, progressFromFields } from '../../src/workers/ffmpeg/progress.js';

// Captured once from ffmpeg 5.1: a 4 s 1280x720 libx264 encode with `-progress pipe:1 -nostats`.
const CAPTURED = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=48
out_time_us=0
out_time_ms=0
out_time=00:00:00.000000
dup_frames=0
drop_frames=0
speed=   0x
progress=continue
frame=48
fps=0.00
stream_0_0_q=29.0
bitrate=N/A
total_size=48
out_time_us=0
out_time_ms=0
out_time=00:00:00.000000
dup_frames=0
drop_frames=0
speed=   0x
progress=continue
frame=80
fps=78.66
stream_0_0_q=29.0
bitrate=2053.0kbits/s
total_size=262192
out_time_us=1021678
out_time_ms=1021678
out_time=00:00:01.021678
dup_frames=0
drop_frames=0
speed=   1x
progress=continue
frame=116
fps=76.46
stream_0_0_q=29.0
bitrate=2822.6kbits/s
total_size=786480
out_time_us=2229116
out_time_ms=2229116
out_time=00:00:02.229116
dup_frames=0
drop_frames=0
speed=1.47x
progress=continue
frame=120
fps=54.74
stream_0_0_q=-1.0
bitrate=3112.5kbits/s
total_size=1562862
out_time_us=4017052
out_time_ms=4017052
out_time=00:00:04.017052
dup_frames=0
drop_frames=0
speed=1.83x
progress=end
`;

describe('progress parser', () => {
  it('parses the blocks of a real run', () => {
    const blocks = parseProgress(CAPTURED, 4);
    expect(blocks).toHaveLength(5);
    expect(blocks.map((b) => b.end)).toEqual([false, false, false, false, true]);
    expect(blocks[0]!.progress).toEqual({ fraction: 0, outTimeSeconds: 0, speed: 0 });
    expect(blocks[2]!.progress.outTimeSeconds).toBeCloseTo(1.021678, 6);
    expect(blocks[2]!.progress.fraction).toBeCloseTo(1.021678 / 4, 6);
    expect(blocks[3]!.progress.speed).toBe(1.47);
    // The end block reports 1 even when out_time overshoots or undershoots the probed duration.
    expect(blocks[4]!.progress).toEqual({ fraction: 1, outTimeSeconds: 4.017052, speed: 1.83 });
  });

  it('gives the same blocks whatever the chunk boundaries', () => {
    const whole = parseProgress(CAPTURED, 4);
    for (const size of [1, 3, 7, 64]) {
      const parser = new ProgressParser(4);
      const got = [];
      for (let i = 0; i < CAPTURED.length; i += size) got.push(...parser.push(CAPTURED.slice(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it('leaves fraction null without a duration and clamps it to 1', () => {
    expect(parseProgress(CAPTURED)[3]!.progress.fraction).toBeNull();
    expect(parseProgress(CAPTURED, 2)[3]!.progress.fraction).toBe(1);
  });

  it('falls back to out_time_ms (microseconds) and then out_time', () => {
    expect(progressFromFields(new Map([['out_time_ms', '2500000'], ['progress', 'continue']]))!.outTimeSeconds).toBe(2.5);
    expect(progressFromFields(new Map([['out_time', '00:01:02.500000'], ['progress', 'continue']]))!.outTimeSeconds).toBe(62.5);
  });

  it('handles N/A and negative times before the first frame', () => {
    const na = new Map([['out_time_us', 'N/A'], ['out_time_ms', 'N/A'], ['out_time', 'N/A'], ['speed', 'N/A'], ['progress', 'continue']]);
    expect(progressFromFields(na)).toBeNull();
    const neg = new Map([['out_time_us', '-577014'], ['speed', 'N/A'], ['progress', 'continue']]);
    expect(progressFromFields(neg, 10)).toEqual({ fraction: 0, outTimeSeconds: 0, speed: null });
    expect(parseProgress('speed=N/A\nprogress=end\n', 3)).toEqual([{ progress: { fraction: 1, outTimeSeconds: 0, speed: null }, end: true }]);
  });
});
