/** Workers' probes of the outputs they wrote: used once by the server's next probe of that file, and only while it is unchanged. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProbeInfo } from '../../src/domain/types.js';
import { createOutputProbes } from '../../src/queue/output-probes.js';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-probes-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const probeOf = (sizeBytes: number) => ({ durationSeconds: 4, sizeBytes, width: 320, height: 240 }) as ProbeInfo;
const file = (name: string, bytes: number) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, 'x'.repeat(bytes));
  return f;
};

describe('output probes', () => {
  it('answers the next probe of the collected file once', async () => {
    const probes = createOutputProbes();
    const f = file('copy.mp4', 10);
    await probes.remember(f, probeOf(10));
    expect(await probes.take(f)).toEqual(probeOf(10));
    expect(await probes.take(f)).toBeNull();
  });

  it('does not answer for a file changed since, or one whose size differs from the probe’s', async () => {
    const probes = createOutputProbes();
    const f = file('a.mp4', 10);
    await probes.remember(f, probeOf(10));
    fs.appendFileSync(f, 'more');
    expect(await probes.take(f)).toBeNull();
    const g = file('b.mp4', 10);
    await probes.remember(g, probeOf(11));
    expect(await probes.take(g)).toBeNull();
  });

  it('keeps at most its limit, oldest out first', async () => {
    const probes = createOutputProbes(2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => file(`${n}.mp4`, 5));
    for (const f of [a!, b!, c!]) await probes.remember(f, probeOf(5));
    expect(await probes.take(a!)).toBeNull();
    expect(await probes.take(b!)).not.toBeNull();
    expect(await probes.take(c!)).not.toBeNull();
  });
});
