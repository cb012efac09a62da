/**
 * Remembers the pids of running ffmpeg processes in DATA_DIR, so a server that
 * was killed (SIGKILL, power loss) can stop the encodes it left behind when it
 * starts again, instead of letting them burn a core next to the resumed ones.
 * The worker thread that spawns ffmpeg writes the file at once, so a kill
 * right after the spawn still leaves a record.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Records a running ffmpeg: one file named by its pid, holding the binary's path. */
export function recordPid(dir: string, pid: number, ffmpegPath: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, String(pid)), ffmpegPath);
}

/** Forgets an ffmpeg that has exited. */
export function forgetPid(dir: string, pid: number): void {
  fs.rmSync(path.join(dir, String(pid)), { force: true });
}

/** The command line of a process, or null when it is gone (or /proc is missing). */
function commandLine(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Kills every recorded process that is still the ffmpeg we started, clears the records, returns the pids killed. */
export function reapOrphans(dir: string): number[] {
  const killed: number[] = [];
  if (!fs.existsSync(dir)) return killed;
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name);
    const file = path.join(dir, name);
    const binary = fs.readFileSync(file, 'utf8');
    // The pid may have been reused by an unrelated process since: only kill our ffmpeg.
    if (Number.isInteger(pid) && commandLine(pid)?.[0] === binary) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // Gone in the meantime.
      }
    }
    fs.rmSync(file, { force: true });
  }
  return killed;
}
