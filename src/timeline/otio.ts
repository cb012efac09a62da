/** OpenTimelineIO JSON (the `.otio` file): Timeline.1 › Stack.1 › Track.1 (Video) › Clip.1 with ExternalReference.1 to the originals. */
import { rateValue } from './timecode.js';
import type { Timeline } from './timeline-input.js';

const rational = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rational(start, rate), duration: rational(duration, rate) });

/** The timeline as OTIO JSON text; every clip's source_range is in its source's frames and rate. */
export function toOtio(t: Timeline): string {
  const clips = t.clips.map((c) => {
    const rate = rateValue(c.rate);
    return {
      OTIO_SCHEMA: 'Clip.1',
      name: `${c.position + 1} ${c.source.name}`,
      metadata: { autoclip: { videoIndex: c.source.index, reason: c.reason } },
      source_range: range(c.inFrame, c.outFrame - c.inFrame, rate),
      media_reference: {
        OTIO_SCHEMA: 'ExternalReference.1',
        name: c.source.name,
        target_url: c.source.url,
        available_range: range(0, Math.round(c.source.durationSeconds * rate), rate),
        metadata: {},
      },
      effects: [],
      markers: [],
    };
  });
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    name: t.name,
    metadata: {},
    global_start_time: null,
    tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', metadata: {}, source_range: null, effects: [], markers: [], children: [{ OTIO_SCHEMA: 'Track.1', name: 'V1', kind: 'Video', metadata: {}, source_range: null, effects: [], markers: [], children: clips }] },
  };
  return `${JSON.stringify(timeline, null, 2)}\n`;
}
