import { describe, expect, it } from 'vitest';
import { plainUpdates } from '../../src/cli/plain-updates.js';
import { bar, progressLines, stageFraction, videoStageFraction, type ProgressSnapshot } from '../../src/cli/progress-lines.js';
import { ProgressPrinter, redrawText } from '../../src/cli/progress-printer.js';
import { STAGES, type Stage, type StageStatus } from '../../src/domain/statuses.js';

/** A snapshot with every stage PENDING except the ones given. */
function snapshot(over: Partial<ProgressSnapshot> & { runs?: Partial<Record<Stage, Partial<ProgressSnapshot['stages'][number]>>> }): ProgressSnapshot {
  return {
    status: over.status ?? 'QUEUED',
    currentStage: over.currentStage ?? null,
    progress: over.progress ?? 0,
    videos: over.videos ?? [],
    stages: STAGES.map((stage) => ({
      stage,
      status: 'PENDING' as StageStatus,
      itemsDone: 0,
      itemsTotal: 0,
      message: null,
      ...over.runs?.[stage],
    })),
  };
}

describe('bar', () => {
  it('fills in proportion and clamps', () => {
    expect(bar(0, 10)).toBe('[..........]');
    expect(bar(0.5, 10)).toBe('[#####.....]');
    expect(bar(1.7, 4)).toBe('[####]');
    expect(bar(Number.NaN, 4)).toBe('[....]');
  });
});

describe('videoStageFraction', () => {
  it('is 0 before the stage, 1 after, and the share of the chain inside it', () => {
    // Chain weights: PREPARATION 0.15, COMPRESSION 0.5 (so 0.15–0.65).
    const compressing = { index: 0, status: 'COMPRESSING' as const, progress: 0.4, error: null };
    expect(videoStageFraction(compressing, 'PREPARATION')).toBe(1);
    expect(videoStageFraction(compressing, 'COMPRESSION')).toBeCloseTo(0.5);
    expect(videoStageFraction(compressing, 'VL_ANALYSIS')).toBe(0);
  });

  it('counts READY and FAILED videos as done, PENDING as not started', () => {
    expect(videoStageFraction({ index: 0, status: 'READY', progress: 1, error: null }, 'VL_ANALYSIS')).toBe(1);
    expect(videoStageFraction({ index: 0, status: 'FAILED', progress: 0, error: 'x' }, 'COMPRESSION')).toBe(1);
    expect(videoStageFraction({ index: 0, status: 'PENDING', progress: 0, error: null }, 'PREPARATION')).toBe(0);
  });

  it('does not go below 0 when the stored progress still belongs to the previous stage', () => {
    expect(videoStageFraction({ index: 0, status: 'UPLOADING', progress: 0.6, error: null }, 'TEMP_UPLOAD')).toBe(0);
  });
});

describe('stageFraction', () => {
  it('averages the videos for per-video stages', () => {
    const s = snapshot({
      videos: [
        { index: 0, status: 'READY', progress: 1, error: null },
        { index: 1, status: 'COMPRESSING', progress: 0.4, error: null },
      ],
      runs: { COMPRESSION: { status: 'RUNNING', itemsDone: 1, itemsTotal: 2 } },
    });
    expect(stageFraction(s, s.stages[1]!)).toBeCloseTo(0.75);
  });

  it('reads a running batch-level stage from the overall percent (rendering owns 65–90 %)', () => {
    const s = snapshot({
      status: 'CLIPPING',
      currentStage: 'RENDERING',
      progress: 77.5,
      runs: { RENDERING: { status: 'RUNNING', itemsDone: 1, itemsTotal: 4 } },
    });
    expect(stageFraction(s, s.stages[6]!)).toBeCloseTo(0.5);
  });

  it('falls back to items done, and is full when completed or skipped', () => {
    const s = snapshot({
      currentStage: 'PLAN_GENERATION',
      runs: { RENDERING: { status: 'FAILED', itemsDone: 1, itemsTotal: 4 }, APPROVAL: { status: 'SKIPPED' } },
    });
    expect(stageFraction(s, s.stages[6]!)).toBe(0.25);
    expect(stageFraction(s, s.stages[5]!)).toBe(1);
  });
});

describe('progressLines', () => {
  it('draws one line per stage, with video lines under analysis while videos run', () => {
    const s = snapshot({
      status: 'COMPRESSING',
      currentStage: 'COMPRESSION',
      videos: [
        { index: 0, status: 'ANALYZING', progress: 0.8, error: null },
        { index: 1, status: 'FAILED', progress: 0.1, error: 'preparation failed: not a video' },
      ],
      runs: {
        PREPARATION: { status: 'COMPLETED', itemsDone: 2, itemsTotal: 2 },
        COMPRESSION: { status: 'COMPLETED', itemsDone: 2, itemsTotal: 2 },
        TEMP_UPLOAD: { status: 'COMPLETED', itemsDone: 2, itemsTotal: 2 },
        VL_ANALYSIS: { status: 'RUNNING', itemsDone: 1, itemsTotal: 2 },
      },
    });
    const lines = progressLines(s, { barWidth: 10 });
    expect(lines.map((l) => l.key)).toEqual([
      'stage:PREPARATION',
      'stage:COMPRESSION',
      'stage:TEMP_UPLOAD',
      'stage:VL_ANALYSIS',
      'video:0',
      'video:1',
      'stage:PLAN_GENERATION',
      'stage:APPROVAL',
      'stage:RENDERING',
      'stage:FINAL_UPLOAD',
      'stage:CLEANUP',
    ]);
    expect(lines[0]!.text).toBe('prepare       [##########] 100%  done  2/2 videos');
    // Video 0 is 0.05 into analysis's 0.75–1.0 of the chain (0.2); failed video 1 counts as done: (0.2 + 1) / 2.
    expect(lines[3]!.text).toBe('analyse       [######....]  60%  running  1/2 videos');
    expect(lines[4]).toEqual({ key: 'video:0', state: 'ANALYZING', text: '  video 0     [########..]  80%  analyzing' });
    expect(lines[5]!.text).toContain('failed: preparation failed: not a video');
    expect(lines[6]!.text).toBe('plan          [..........]   0%  waiting');
  });

  it('drops the video lines once the per-video stages are done, and shows stage messages', () => {
    const s = snapshot({
      status: 'CLIPPING',
      currentStage: 'RENDERING',
      progress: 65,
      videos: [{ index: 0, status: 'READY', progress: 1, error: null }],
      runs: {
        VL_ANALYSIS: { status: 'COMPLETED', itemsDone: 1, itemsTotal: 1 },
        PLAN_GENERATION: { status: 'COMPLETED', itemsDone: 1, itemsTotal: 1, message: 'plan version 1 (OFFLINE)' },
        APPROVAL: { status: 'SKIPPED', message: 'auto-approved' },
        RENDERING: { status: 'RUNNING', itemsDone: 0, itemsTotal: 3 },
      },
    });
    const lines = progressLines(s, { barWidth: 4 });
    expect(lines).toHaveLength(9);
    expect(lines[4]!.text).toBe('plan          [####] 100%  done  plan version 1 (OFFLINE)');
    expect(lines[5]!.text).toBe('approve       [####] 100%  skipped  auto-approved');
    expect(lines[6]!.text).toBe('render        [....]   0%  running  0/3 clips');
  });
});

describe('plainUpdates', () => {
  const line = (key: string, state: string, text: string) => ({ key, state, text });

  it('skips never-printed PENDING lines and prints state changes at once', () => {
    const first = plainUpdates(new Map(), [line('a', 'PENDING', 'a waiting'), line('b', 'RUNNING', 'b 0%')], 0);
    expect(first.print).toEqual(['b 0%']);
    const second = plainUpdates(first.printed, [line('a', 'RUNNING', 'a 0%'), line('b', 'COMPLETED', 'b done')], 10);
    expect(second.print).toEqual(['a 0%', 'b done']);
  });

  it('prints a changed text at most once per interval per line', () => {
    let state = plainUpdates(new Map(), [line('a', 'RUNNING', 'a 0%')], 0);
    state = plainUpdates(state.printed, [line('a', 'RUNNING', 'a 10%')], 400);
    expect(state.print).toEqual([]);
    state = plainUpdates(state.printed, [line('a', 'RUNNING', 'a 20%')], 999);
    expect(state.print).toEqual([]);
    state = plainUpdates(state.printed, [line('a', 'RUNNING', 'a 30%')], 1000);
    expect(state.print).toEqual(['a 30%']);
    // Unchanged text is never repeated, however long it has been.
    expect(plainUpdates(state.printed, [line('a', 'RUNNING', 'a 30%')], 9000).print).toEqual([]);
    // flush prints a changed text even inside the interval.
    expect(plainUpdates(state.printed, [line('a', 'RUNNING', 'a 40%')], 1001, { flush: true }).print).toEqual(['a 40%']);
  });
});

describe('redrawText', () => {
  it('moves up over the previous picture, rewrites each line from column 0 and clears the rest', () => {
    expect(redrawText(0, ['one', 'two'], 80)).toBe('\r\x1b[2Kone\n\r\x1b[2Ktwo\n\x1b[J');
    expect(redrawText(3, ['x'], 80)).toBe('\x1b[3A\r\x1b[2Kx\n\x1b[J');
  });

  it('cuts lines to the terminal width, and assumes 80 columns when the size is unknown', () => {
    expect(redrawText(0, ['abcdefghij'], 6)).toBe('\r\x1b[2Kabcde\n\x1b[J');
    expect(redrawText(0, ['y'.repeat(100)], 0)).toBe(`\r\x1b[2K${'y'.repeat(79)}\n\x1b[J`);
  });
});

describe('ProgressPrinter', () => {
  it('appends throttled lines on a non-terminal stream', () => {
    const out: string[] = [];
    let t = 0;
    const printer = new ProgressPrinter({ write: (s: string) => out.push(s), isTTY: false }, () => t);
    printer.update([{ key: 'a', state: 'RUNNING', text: 'a 1%' }]);
    t = 100;
    printer.update([{ key: 'a', state: 'RUNNING', text: 'a 2%' }]);
    t = 200;
    printer.done([{ key: 'a', state: 'COMPLETED', text: 'a done' }]);
    expect(out.join('')).toBe('a 1%\na done\n');
  });

  it('redraws in place on a terminal, coalescing updates that come too fast', () => {
    const out: string[] = [];
    let t = 1000;
    const printer = new ProgressPrinter({ write: (s: string) => out.push(s), isTTY: true, columns: 40 }, () => t);
    printer.update([{ key: 'a', state: 'RUNNING', text: 'a 1%' }]);
    printer.update([{ key: 'a', state: 'RUNNING', text: 'a 2%' }]);
    printer.done([{ key: 'a', state: 'COMPLETED', text: 'a done' }]);
    expect(out).toEqual(['\r\x1b[2Ka 1%\n\x1b[J', '\x1b[1A\r\x1b[2Ka done\n\x1b[J']);
  });
});
