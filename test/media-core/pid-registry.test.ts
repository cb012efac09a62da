/** Orphaned ffmpeg processes recorded by a killed server are stopped at the next start, and only they. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPidRegistry } from '../../src/workers/pid-registry.js';

const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

describe('pid registry', () => {
  it('kills a recorded ffmpeg that is still running and spares a reused pid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-pids-'));
    const child = spawn(FFMPEG, ['-nostdin', '-f', 'lavfi', '-i', 'testsrc2=rate=5', '-f', 'null', '-'], { stdio: 'ignore' });
    const exited = new Promise<string | null>((r) => child.once('exit', (_c, signal) => r(signal)));
    const registry = createPidRegistry(dir, FFMPEG);
    registry.add(child.pid!);
    // Our own pid stands for a pid reused by something that is not our ffmpeg.
    fs.writeFileSync(path.join(dir, String(process.pid)), FFMPEG);

    expect(registry.reapOrphans()).toEqual([child.pid]);
    expect(await exited).toBe('SIGKILL');
    expect(fs.readdirSync(dir)).toEqual([]);
    registry.add(123);
    registry.remove(123);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
