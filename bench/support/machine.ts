/** A short description of the machine a bench ran on: cores, memory, CPU model, Node and ffmpeg versions, load. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Lines describing this machine, for the top of a bench report. */
export async function describeMachine(ffmpegPath: string): Promise<string[]> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const ffmpeg = await exec(ffmpegPath, ['-version']).then(
    (r) => r.stdout.split('\n')[0]!.replace(/ Copyright.*$/, ''),
    () => 'ffmpeg: not found',
  );
  const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
  return [
    `cores (nproc): ${os.availableParallelism()}, CPU: ${model}`,
    `memory: ${gib(os.totalmem())} total, ${gib(os.freemem())} free at start`,
    `node ${process.version}, ${ffmpeg}, ${os.type()} ${os.release()}`,
    `load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
  ];
}
