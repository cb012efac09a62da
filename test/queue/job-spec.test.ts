/** The job protocol as plain data: tokens instead of server paths, stable ids, refusal of undeclared paths. */
import { describe, expect, it } from 'vitest';
import { escapeFilterValue } from '../../src/ai/signals/signal-pass-args.js';
import { UndeclaredPathError, detokenize, jobIdFor, tokenizeFfmpeg, tokenizeSmart } from '../../src/queue/job-spec.js';
import type { ProbeInfo } from '../../src/domain/types.js';

const ROOTS = ['/srv/data', '/srv/media'];

describe('tokenizeFfmpeg', () => {
  it('replaces inputs, outputs (also filter-escaped) and output dirs by tokens', () => {
    const scenes = '/srv/data/work/b/signals_0/scenes:1.txt';
    const t = tokenizeFfmpeg(
      {
        args: ['-i', '/srv/media/a.mp4', '-filter_complex', `metadata=print:file=${escapeFilterValue(scenes)}`, 'file:/srv/data/work/b/frames_0/frame_%04d.jpg'],
        kind: 'signals',
        files: { inputs: ['/srv/media/a.mp4'], outputs: [scenes], outputDirs: ['/srv/data/work/b/frames_0'] },
      },
      ROOTS,
    );
    expect(t.args).toEqual(['-i', '@@in0@@', '-filter_complex', 'metadata=print:file=@@out0@@', 'file:@@dir0@@/frame_%04d.jpg']);
    const local = new Map([['@@in0@@', '/w/in0.mp4'], ['@@out0@@', '/w/out0.txt'], ['@@dir0@@', '/w/dir0']]);
    expect(t.args.map((a) => detokenize(a, local))).toEqual(['-i', '/w/in0.mp4', '-filter_complex', 'metadata=print:file=/w/out0.txt', 'file:/w/dir0/frame_%04d.jpg']);
  });

  it('refuses a server path the request did not declare', () => {
    expect(() => tokenizeFfmpeg({ args: ['-i', '/srv/media/a.mp4', '/srv/data/out.mp4'], files: { inputs: ['/srv/media/a.mp4'] } }, ROOTS)).toThrow(UndeclaredPathError);
  });

  it('gives the same id to the same run whatever its temp output name, another id to another input', () => {
    const req = (out: string, input = '/srv/media/a.mp4') =>
      tokenizeFfmpeg({ args: ['-i', input, out], kind: 'compress', group: 'b1', files: { inputs: [input], outputs: [out] } }, ROOTS);
    const stat = [{ sizeBytes: 10, mtimeMs: 1 }];
    const a = jobIdFor(req('/srv/data/w/.c.1234.part'), stat, []);
    expect(jobIdFor(req('/srv/data/w/.c.9999.part'), stat, [])).toBe(a);
    expect(jobIdFor(req('/srv/data/w/.c.1234.part', '/srv/media/b.mp4'), stat, [])).not.toBe(a);
    expect(jobIdFor(req('/srv/data/w/.c.1234.part'), [{ sizeBytes: 11, mtimeMs: 1 }], [])).not.toBe(a);
  });
});

describe('tokenizeSmart', () => {
  const probe = { durationSeconds: 6, width: 320, height: 240, fps: 30 } as ProbeInfo;
  const shape = { mode: 'ORIGINAL_QUALITY', width: 320, height: 240, fps: '30' };
  const req = (start: number, output = '/srv/data/w/render_1/clip_001.mov') => tokenizeSmart({ source: '/srv/media/a.mp4', output, start, end: start + 4, probe, shape, group: 'b1' }, ROOTS);

  it('names no server path: the source is in0, the clip out0, the rest is plain data', () => {
    const t = req(0.5);
    expect(t).toMatchObject({ kind: 'render', op: 'smart', group: 'b1', args: [], smart: { start: 0.5, end: 4.5, probe, shape }, inputDurationSeconds: 4 });
    expect(t.inputs).toEqual([{ token: '@@in0@@', path: '/srv/media/a.mp4' }]);
    expect(t.outputs).toEqual([{ token: '@@out0@@', path: '/srv/data/w/render_1/clip_001.mov', dir: false }]);
  });

  it('carries the clip’s plain re-encode as its args, over the same tokens, and refuses one naming another server path', () => {
    const source = '/srv/media/a.mp4';
    const output = '/srv/data/w/clip_001.mov';
    const fallback = { args: ['-ss', '0.5', '-i', source, '-t', '4', '-c:v', 'libx264', output] };
    const t = tokenizeSmart({ source, output, start: 0.5, end: 4.5, probe, shape, fallback }, ROOTS);
    expect(t.args).toEqual(['-ss', '0.5', '-i', '@@in0@@', '-t', '4', '-c:v', 'libx264', '@@out0@@']);
    const leak = { args: ['-i', source, '-i', '/srv/media/other.mp4', output] };
    expect(() => tokenizeSmart({ source, output, start: 0.5, end: 4.5, probe, shape, fallback: leak }, ROOTS)).toThrow(UndeclaredPathError);
  });

  it('gives one id per clip: the same times share it, other times do not, and it differs from a plain render', () => {
    const stat = [{ sizeBytes: 10, mtimeMs: 1 }];
    const a = jobIdFor(req(0.5), stat, []);
    expect(jobIdFor(req(0.5, '/srv/data/w/render_2/clip_001.mov'), stat, [])).toBe(a);
    expect(jobIdFor(req(0.6), stat, [])).not.toBe(a);
    expect(jobIdFor({ ...req(0.5), op: 'ffmpeg', smart: undefined }, stat, [])).not.toBe(a);
  });
});
