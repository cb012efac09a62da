import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBlacks, parseFreezes, parseSilences } from '../../src/ai/signals/parse-detect-log.js';
import { parseFrameMetadata, parseLoudness, parseSceneScores } from '../../src/ai/signals/parse-frame-metadata.js';
import { escapeFilterValue, signalPassArgs } from '../../src/ai/signals/signal-pass-args.js';
import { analyseSignals, findCuts, loudestStretch, overlapSeconds, sceneSpans, splitSpan, widenSpan } from '../../src/ai/signals/score-signals.js';
import type { MediaSignals } from '../../src/ai/signals/signal-types.js';

// Captured from ffmpeg 5.1 running signalPassArgs (with the runner's global flags) on two generated clips:
// cuts-loud: testsrc2 | smptebars+noise | mandelbrot, cuts at 4 and 8 s; 440 Hz sine loud only 5–7 s. 12 s.
// black-freeze: black 0–2 s | testsrc2 2–4 s | static smptebars 4–7 s, no audio. 7 s.
const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, 'fixtures/signals', name), 'utf8');

function loadSignals(name: 'cuts-loud' | 'black-freeze'): MediaSignals {
  const d = name === 'cuts-loud' ? 12 : 7;
  const stderr = fixture(`${name}.stderr.txt`);
  const hasAudio = name === 'cuts-loud';
  return {
    durationSeconds: d,
    hasAudio,
    scenes: parseSceneScores(fixture(`${name}.scenes.txt`)),
    loudness: hasAudio ? parseLoudness(fixture(`${name}.loudness.txt`)) : [],
    silences: hasAudio ? parseSilences(stderr, d) : [],
    blacks: parseBlacks(stderr, d),
    freezes: parseFreezes(stderr, d),
  };
}

describe('signalPassArgs', () => {
  it('builds one pass with video and audio chains', () => {
    expect(signalPassArgs({ inputPath: '/in.mp4', hasAudio: true, scenesFile: '/w/s.txt', loudnessFile: '/w/l.txt' })).toEqual([
      '-i', '/in.mp4',
      '-filter_complex',
      "[0:v]scale=160:-2,select='gte(scene,0)',metadata=mode=print:key=lavfi.scene_score:file=/w/s.txt,blackdetect=d=0.5:pix_th=0.10,freezedetect=n=0.003:d=2[vout];" +
        '[0:a]ebur128=metadata=1:framelog=verbose,ametadata=mode=print:file=/w/l.txt,silencedetect=noise=-30dB:d=0.5[aout]',
      '-map', '[vout]',
      '-map', '[aout]',
      '-f', 'null', '-',
    ]);
  });

  it('leaves the audio chain out for a video without audio', () => {
    const args = signalPassArgs({ inputPath: '/in.mp4', hasAudio: false, scenesFile: '/w/s.txt', loudnessFile: '/w/l.txt' });
    expect(args.join(' ')).not.toMatch(/0:a|aout|ebur128/);
    expect(args.slice(-5)).toEqual(['-map', '[vout]', '-f', 'null', '-']);
  });

  it('escapes paths for the filtergraph', () => {
    expect(escapeFilterValue("/a:b,c'd [e];f\\g")).toBe("/a\\\\:b\\,c\\\\\\'d \\[e\\]\\;f\\\\\\\\g");
  });
});

describe('parsers on captured output', () => {
  it('parses per-frame metadata blocks', () => {
    expect(parseFrameMetadata('frame:0    pts:0       pts_time:0\nlavfi.scene_score=0.000000\nframe:1    pts:1024    pts_time:0.1\nlavfi.scene_score=0.043024\nnot=a number\n')).toEqual([
      { time: 0, values: { 'lavfi.scene_score': 0 } },
      { time: 0.1, values: { 'lavfi.scene_score': 0.043024 } },
    ]);
  });

  it('scene scores: one per frame, peaks at the cuts', () => {
    const scenes = parseSceneScores(fixture('cuts-loud.scenes.txt'));
    expect(scenes).toHaveLength(120);
    expect(findCuts(scenes)).toEqual([4, 8]);
    expect(findCuts(parseSceneScores(fixture('black-freeze.scenes.txt')))).toEqual([2, 4]);
  });

  it('loudness: every 100 ms, loud only between 5 and 7 s', () => {
    const loud = parseLoudness(fixture('cuts-loud.loudness.txt'));
    expect(loud).toHaveLength(120);
    expect(loud[60]).toMatchObject({ time: 6 });
    expect(loud[60]!.momentary).toBeGreaterThan(-25);
    expect(loud[20]!.momentary).toBeLessThan(-50);
    expect(loudestStretch(loud, 12)).toEqual({ start: 5, end: 7 });
  });

  it('silences from silencedetect', () => {
    expect(parseSilences(fixture('cuts-loud.stderr.txt'), 12)).toEqual([
      { start: 0, end: 5.056 },
      { start: 7.04, end: 12 },
    ]);
  });

  it('black and frozen stretches; a freeze open at the end lasts to the end', () => {
    const stderr = fixture('black-freeze.stderr.txt');
    expect(parseBlacks(stderr, 7)).toEqual([{ start: 0, end: 2 }]);
    expect(parseFreezes(stderr, 7)).toEqual([{ start: 0, end: 2 }, { start: 4, end: 7 }]);
  });
});

describe('scoring', () => {
  it('helpers', () => {
    expect(sceneSpans([4, 8], 12)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 12 }]);
    expect(splitSpan({ start: 0, end: 40 })).toEqual([{ start: 0, end: 40 / 3 }, { start: 40 / 3, end: 80 / 3 }, { start: 80 / 3, end: 40 }]);
    expect(splitSpan({ start: 5, end: 20 })).toEqual([{ start: 5, end: 20 }]);
    expect(overlapSeconds({ start: 2, end: 6 }, [{ start: 0, end: 3 }, { start: 5, end: 9 }])).toBe(2);
    expect(widenSpan({ start: 0, end: 1 }, 3, 10)).toEqual({ start: 0, end: 3 });
    expect(widenSpan({ start: 9, end: 10 }, 3, 10)).toEqual({ start: 7, end: 10 });
    expect(widenSpan({ start: 4, end: 5 }, 3, 2)).toEqual({ start: 0, end: 2 });
  });

  it('cuts-loud: scenes at the cuts, the best highlight is the loud scene', () => {
    const a = analyseSignals(loadSignals('cuts-loud'));
    expect(a.scenes.map((s) => [s.start, s.end])).toEqual([[0, 4], [4, 8], [8, 12]]);
    expect(a.highlights[0]).toMatchObject({ start: 4, end: 8 });
    expect(a.highlights[0]!.label).toMatch(/loud/);
    expect(a.description).toMatch(/^12 s, 3 scenes, loudest around 5–7 s/);
    for (const h of a.highlights) {
      expect(h.end - h.start).toBeGreaterThanOrEqual(3);
      expect(h.end - h.start).toBeLessThanOrEqual(15);
      expect(h.score).toBeGreaterThanOrEqual(0);
      expect(h.score).toBeLessThanOrEqual(1);
    }
  });

  it('black-freeze: no audio, black and frozen scenes rank last', () => {
    const a = analyseSignals(loadSignals('black-freeze'));
    expect(a.description).toMatch(/no audio/);
    expect(a.description).toMatch(/2 s black/);
    expect(a.tags).toContain('no-audio');
    expect(a.highlights[0]).toMatchObject({ start: 1.5, end: 4.5 });
    expect(a.scenes[0]!.description).toMatch(/mostly black/);
  });
});
