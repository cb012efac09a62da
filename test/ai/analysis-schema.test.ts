import { describe, expect, it } from 'vitest';
import { checkAnalysis, clampAnalysis } from '../../src/ai/analysis-schema.js';
import { parseModelJson } from '../../src/ai/parse-model-json.js';

const good = { description: 'a match', highlights: [{ start: 12.5, end: 18, label: 'goal', score: 0.9 }], tags: ['football'], scenes: [{ start: 0, end: 40.2, description: 'kick-off' }] };

describe('parseModelJson', () => {
  it.each([
    { name: 'bare', text: JSON.stringify(good) },
    { name: 'json fence', text: 'Here you go:\n```json\n' + JSON.stringify(good, null, 2) + '\n```\nEnjoy.' },
    { name: 'plain fence', text: '```\n' + JSON.stringify(good) + '\n```' },
    { name: 'leading prose', text: 'Sure! The analysis {as asked} is: ' + JSON.stringify(good) + ' Hope it helps {:' },
    { name: 'braces inside strings', text: 'x ' + JSON.stringify({ ...good, description: 'a {weird} "quoted} text' }) },
  ])('$name', ({ text }) => {
    expect(parseModelJson(text)).toMatchObject({ highlights: good.highlights });
  });

  it.each([
    { name: 'empty', text: '  ', msg: /empty/ },
    { name: 'prose only', text: 'I cannot watch videos.', msg: /no JSON object/ },
    { name: 'truncated', text: '{"description": "a", "highlights": [', msg: /not closed/ },
    { name: 'broken', text: "{description: 'a'}", msg: /does not parse/ },
  ])('rejects $name', ({ text, msg }) => {
    expect(() => parseModelJson(text)).toThrow(msg);
  });
});

describe('checkAnalysis', () => {
  it('accepts the SPEC example and fills defaults', () => {
    const r = checkAnalysis({ description: 'd', highlights: [{ start: '1:02.5', end: '70', label: 'x' }] }, 100);
    expect(r).toEqual({ ok: true, analysis: { description: 'd', highlights: [{ start: 62.5, end: 70, label: 'x', score: 0.5 }], tags: [], scenes: [] } });
  });

  it('reports shape problems with paths', () => {
    const r = checkAnalysis({ highlights: [{ start: 'soon', end: 3 }] }, 100);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join('\n')).toMatch(/description/);
      expect(r.problems.join('\n')).toMatch(/highlights\.0\.start/);
    }
  });

  it('reports out-of-range and reversed spans beyond the drift tolerance', () => {
    const r = checkAnalysis({ ...good, highlights: [{ start: 5, end: 130, label: 'a', score: 1 }, { start: 9, end: 4, label: 'b', score: 1 }] }, 100);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        'highlights[0]: end 130 is past the end of the video (100.0 s)',
        'highlights[1]: start 9 is not before end 4',
      ]);
    }
    // 1.5 s past a 100 s video is drift (tolerance max(1 s, 2 %)), not an error.
    expect(checkAnalysis({ ...good, highlights: [{ start: 90, end: 101.5, label: 'a', score: 1 }] }, 100).ok).toBe(true);
  });
});

describe('clampAnalysis', () => {
  it('clamps, drops empty spans, rescales scores, dedupes tags', () => {
    const out = clampAnalysis(
      {
        description: ' d ',
        highlights: [
          { start: -1, end: 5, label: ' a ', score: 8 },
          { start: 95, end: 101.5, label: 'b', score: 1.5e3 },
          { start: 120, end: 130, label: 'gone', score: 0.3 },
          { start: 10, end: 12, label: 'c', score: 75 },
        ],
        tags: ['x', ' x', '', 'y'],
        scenes: [{ start: 50, end: 200, description: 'late' }, { start: 0, end: 50, description: 'early' }],
      },
      100,
    );
    expect(out.highlights).toEqual([
      { start: 0, end: 5, label: 'a', score: 0.8 },
      { start: 95, end: 100, label: 'b', score: 1 },
      { start: 10, end: 12, label: 'c', score: 0.75 },
    ]);
    expect(out.tags).toEqual(['x', 'y']);
    expect(out.scenes.map((s) => [s.start, s.end])).toEqual([[0, 50], [50, 100]]);
    expect(out.description).toBe('d');
  });
});
