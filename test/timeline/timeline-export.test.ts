/** Timeline exports parsed back: every in/out point round-trips to the plan's frames, 29.97 drop-frame included. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toEdl } from '../../src/timeline/edl.js';
import { toFcpxml } from '../../src/timeline/fcpxml.js';
import { toOtio } from '../../src/timeline/otio.js';
import { frameAt, fromTimecode, rateOf, toTimecode } from '../../src/timeline/timecode.js';
import { buildTimeline, type TimelineSource } from '../../src/timeline/timeline-input.js';

const { parseStringPromise } = createRequire(import.meta.url)('xml2js') as { parseStringPromise(xml: string): Promise<any> };

const NTSC = 30000 / 1001;
const sources: TimelineSource[] = [
  { index: 0, url: 'file:///media/match%201.mp4', name: 'match 1.mp4', fps: 29.97002997, durationSeconds: 600, width: 1920, height: 1080, hasAudio: true },
  { index: 1, url: 'https://example.com/crowd.mp4', name: 'crowd.mp4', fps: 25, durationSeconds: 120, width: 1280, height: 720, hasAudio: false },
];
const plan = [
  { videoIndex: 0, start: 59.9, end: 61.25, reason: 'across the first drop' },
  { videoIndex: 1, start: 10, end: 18.52, reason: 'crowd & <noise>' },
  { videoIndex: 0, start: 599.3, end: 600, reason: 'the end, past 9:59;28' },
  { videoIndex: 0, start: 0, end: 1.001, reason: 'first second' },
];
const timeline = buildTimeline('Match “highlights”', plan, sources);
const expected = plan.map((c) => {
  const rate = rateOf(sources[c.videoIndex]!.fps);
  return { rate, inFrame: frameAt(c.start, rate), outFrame: frameAt(c.end, rate) };
});

describe('timecode', () => {
  it('29.97 drop-frame skips ;00 and ;01 at each minute but every tenth, and parses back', () => {
    const df = rateOf(NTSC);
    expect(toTimecode(1799, df)).toBe('00:00:59;29');
    expect(toTimecode(1800, df)).toBe('00:01:00;02');
    expect(toTimecode(17982, df)).toBe('00:10:00;00');
    expect(toTimecode(107892, df)).toBe('01:00:00;00');
    for (let f = 0; f < 200_000; f += 97) expect(fromTimecode(toTimecode(f, df), df)).toBe(f);
    const pal = rateOf(25);
    expect(toTimecode(90_000, pal)).toBe('01:00:00:00');
    expect(fromTimecode('00:00:10:12', pal)).toBe(262);
  });
});

describe('timeline exports', () => {
  it('frames come from the plan’s seconds at each source’s exact rate', () => {
    expect(timeline.clips.map((c) => [c.inFrame, c.outFrame])).toEqual(expected.map((e) => [e.inFrame, e.outFrame]));
    expect(expected[0]).toMatchObject({ inFrame: 1795, outFrame: 1836 });
  });

  it('OTIO: OTIO_SCHEMA objects, source ranges in source frames, external references to the originals', () => {
    const doc = JSON.parse(toOtio(timeline));
    expect(doc.OTIO_SCHEMA).toBe('Timeline.1');
    expect(doc.tracks.OTIO_SCHEMA).toBe('Stack.1');
    const track = doc.tracks.children[0];
    expect(track).toMatchObject({ OTIO_SCHEMA: 'Track.1', kind: 'Video' });
    track.children.forEach((clip: any, i: number) => {
      const e = expected[i]!;
      expect(clip.OTIO_SCHEMA).toBe('Clip.1');
      expect(clip.source_range.OTIO_SCHEMA).toBe('TimeRange.1');
      expect(clip.source_range.start_time).toEqual({ OTIO_SCHEMA: 'RationalTime.1', rate: e.rate.num / e.rate.den, value: e.inFrame });
      expect(clip.source_range.duration.value).toBe(e.outFrame - e.inFrame);
      expect(clip.media_reference).toMatchObject({ OTIO_SCHEMA: 'ExternalReference.1', target_url: sources[plan[i]!.videoIndex]!.url });
    });
  });

  it('FCPXML: valid XML; asset-clip start and duration are whole frames of the source; offsets add up', async () => {
    const xml = await parseStringPromise(toFcpxml(timeline));
    const seconds = (s: string): number => {
      const m = /^(\d+)(?:\/(\d+))?s$/.exec(s)!;
      return Number(m[1]) / Number(m[2] ?? 1);
    };
    const clips = xml.fcpxml.library[0].event[0].project[0].sequence[0].spine[0]['asset-clip'];
    expect(clips).toHaveLength(plan.length);
    let offset = 0;
    clips.forEach((c: any, i: number) => {
      const e = expected[i]!;
      const fps = e.rate.num / e.rate.den;
      expect(c.$.ref).toBe(`a${plan[i]!.videoIndex}`);
      expect(seconds(c.$.start) * fps).toBeCloseTo(e.inFrame, 6);
      expect(seconds(c.$.duration) * fps).toBeCloseTo(e.outFrame - e.inFrame, 6);
      expect(seconds(c.$.offset)).toBeCloseTo(offset, 9);
      offset += seconds(c.$.duration);
    });
    expect(clips[1].note[0]).toBe('crowd & <noise>');
    const assets = xml.fcpxml.resources[0].asset;
    expect(assets.map((a: any) => a['media-rep'][0].$.src)).toEqual(sources.map((s) => s.url));
    expect(xml.fcpxml.resources[0].format[0].$.frameDuration).toBe('1001/30000s');
  });

  it('EDL: CMX3600 lines; source in/out parse back to the plan’s frames, drop-frame for 29.97; record time is contiguous', () => {
    const text = toEdl(timeline);
    const lines = text.split('\n');
    expect(lines[0]).toBe('TITLE: Match “highlights”');
    expect(lines[1]).toBe('FCM: DROP FRAME');
    const events = lines.filter((l) => /^\d{3}  /.test(l)).map((l) => l.split(/\s+/));
    expect(events).toHaveLength(plan.length);
    let recordEnd: string | null = null;
    events.forEach((ev, i) => {
      const [num, reel, track, transition, srcIn, srcOut, recIn, recOut] = ev as [string, string, string, string, string, string, string, string];
      const e = expected[i]!;
      expect([num, reel, track, transition]).toEqual([String(i + 1).padStart(3, '0'), 'AX', 'V', 'C']);
      expect(fromTimecode(srcIn, e.rate)).toBe(e.inFrame);
      expect(fromTimecode(srcOut, e.rate)).toBe(e.outFrame);
      if (recordEnd) expect(recIn).toBe(recordEnd);
      else expect(recIn).toBe('01:00:00;00');
      recordEnd = recOut;
    });
    expect(events[0]![4]).toBe('00:00:59;25');
    expect(text).toContain('* FROM CLIP NAME: crowd.mp4');
  });
});
