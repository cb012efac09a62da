/** The example client's progress line and how often it is written. */
import { describe, expect, it } from 'vitest';
import { progressBar, type ProgressEvent } from '../../examples/client/src/progress-bar.js';
import { createProgressWriter } from '../../examples/client/src/progress-writer.js';

function event(patch: Partial<ProgressEvent> = {}): ProgressEvent {
  return { status: 'CLIPPING', stage: 'RENDERING', progress: 42, videoIndex: null, itemsDone: 2, itemsTotal: 5, message: 'cutting', ...patch };
}

describe('progressBar', () => {
  it('shows bar, percent, status, items, video and message', () => {
    expect(progressBar(event(), 10)).toBe('[####......]  42% CLIPPING | RENDERING 2/5 | cutting');
    expect(progressBar(event({ status: 'COMPRESSING', stage: 'TEMP_UPLOAD', videoIndex: 1, itemsDone: 1, itemsTotal: 2, message: 'uploading' }), 10)).toBe(
      '[####......]  42% COMPRESSING | TEMP_UPLOAD 1/2 | video 1: uploading',
    );
    expect(progressBar(event({ videoIndex: 1, itemsTotal: 0, message: null }), 10)).toBe('[####......]  42% CLIPPING | video 1');
    expect(progressBar(event({ stage: null, itemsTotal: 3, message: null }), 10)).toBe('[####......]  42% CLIPPING');
  });

  it('clamps progress to 0..100', () => {
    expect(progressBar(event({ progress: 130, message: null, itemsTotal: 0 }), 4)).toBe('[####] 100% CLIPPING');
    expect(progressBar(event({ progress: -3, message: null, itemsTotal: 0 }), 4)).toBe('[....]   0% CLIPPING');
  });
});

describe('createProgressWriter', () => {
  function sink(isTTY: boolean) {
    const out: string[] = [];
    return { out, stream: { isTTY, columns: 80, write: (s: string) => out.push(s) } };
  }

  it('in a log, writes a line on status or stage changes and every 5 points, never the same line twice', () => {
    const { out, stream } = sink(false);
    const w = createProgressWriter(stream);
    w.draw(event({ progress: 40 }));
    w.draw(event({ progress: 40 }));
    w.draw(event({ progress: 43 }));
    w.draw(event({ progress: 45 }));
    w.draw(event({ progress: 46, status: 'MERGING' }));
    w.log('note');
    w.draw(event({ progress: 100, status: 'COMPLETED', stage: 'CLEANUP' }));
    w.end();
    expect(out.map((l) => l.replace(/^\[[#.]+\]\s+/, ''))).toEqual([
      '40% CLIPPING | RENDERING 2/5 | cutting\n',
      '45% CLIPPING | RENDERING 2/5 | cutting\n',
      '46% MERGING | RENDERING 2/5 | cutting\n',
      'note\n',
      '100% COMPLETED | CLEANUP 2/5 | cutting\n',
    ]);
  });

  it('on a terminal, redraws one line and ends it before a log line', () => {
    const { out, stream } = sink(true);
    const w = createProgressWriter(stream);
    w.draw(event({ progress: 40 }));
    w.draw(event({ progress: 41 }));
    w.draw(event({ progress: 41 }));
    w.log('approved');
    w.end();
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^\r\[.*\] {2}40% CLIPPING.*\x1b\[K$/);
    expect(out[1]).toMatch(/^\r.* 41% /);
    expect(out.slice(2)).toEqual(['\n', 'approved\n']);
  });
});
