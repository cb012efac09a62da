/** Linux /proc readings for the memory benches: a process's RSS and high-water mark, and its direct children. */
import { readdir, readFile } from 'node:fs/promises';

/** Memory of one process, in kB, from /proc/<pid>/status. */
export interface ProcStatus {
  pid: number;
  ppid: number;
  name: string;
  rssKb: number;
  hwmKb: number;
}

/** Parses /proc/<pid>/status text. */
export function parseStatus(pid: number, text: string): ProcStatus {
  const num = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { pid, ppid: num('PPid'), name: /^Name:\s+(\S+)/m.exec(text)?.[1] ?? '', rssKb: num('VmRSS'), hwmKb: num('VmHWM') };
}

/** The status of a pid, or null when it is gone. */
export async function procStatus(pid: number): Promise<ProcStatus | null> {
  try {
    return parseStatus(pid, await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** Direct children of `pid` (worker threads share their process's pid, so a pool's ffmpeg runs are direct children). */
export async function childrenOf(pid: number): Promise<ProcStatus[]> {
  const out: ProcStatus[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // The stat line names the parent without reading the larger status file of every process.
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== pid) continue;
    const st = await procStatus(Number(entry));
    if (st) out.push(st);
  }
  return out;
}
