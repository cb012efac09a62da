/** The job protocol as plain data: tokens instead of server paths, stable ids, refusal of undeclared paths. */
import { describe, expect, it } from 'vitest';
import { escapeFilterValue } from '../../src/ai/signals/signal-pass-args.js';
import { UndeclaredPathError, detokenize, jobIdFor, tokenizeFfmpeg } from '../../src/queue/job-spec.js';

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
