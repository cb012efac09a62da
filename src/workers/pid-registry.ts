/**
 * Remembers the pids of running ffmpeg processes in DATA_DIR, so a server that
 * was killed (SIGKILL, power loss) can stop the encodes it left behind when it
 * starts again, instead of letting them burn a core next to the resumed ones.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the pool reports the ffmpeg processes it starts and ends. */
export interface PidRegistry {
  add(pid: number): void;
  remove(pid: number): void;
}

/** The command line of a process, or null when it is gone (or /proc is missing). */
function commandLine(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** A registry of one file per running ffmpeg under `dir`, holding the binary's path. */
export function createPidRegistry(dir: string, ffmpegPath: string): PidRegistry & { reapOrphans(): number[] } {
  fs.mkdirSync(dir, { recursive: true });
  return {
    add(pid) {
      fs.writeFileSync(path.join(dir, String(pid)), ffmpegPath);
    },
    remove(pid) {
      fs.rmSync(path.join(dir, String(pid)), { force: true });
    },
    /** Kills every recorded process that is still the ffmpeg we started; returns their pids. */
    reapOrphans() {
      const killed: number[] = [];
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
    },
  };
}
