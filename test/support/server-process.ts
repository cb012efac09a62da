/**
 * The real server as a child process, for end-to-end tests: `ensureBuilt()`
 * compiles `src/` once per change (shared by parallel test files through a
 * lock in the temp dir), `startServer()` runs `node dist/src/main.js` on an
 * ephemeral port and reads its URL from the start-up line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/server-process.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(REPO_ROOT, 'dist', 'src', 'main.js');
// A stale lock (a build killed half-way) is taken over after this long.
const LOCK_STALE_MS = 5 * 60_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

/** Newest modification time of `dir` or anything under it, in ms (a directory's changes when a file is deleted). */
function newestMtime(dir: string): number {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `npm run build`; resolves with its exit code and output. */
function runBuild(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let built: Promise<void> | null = null;

/**
 * Builds `dist/` unless a build of the current `src/` is already there. Test
 * files run in parallel processes, so the first one takes a lock file keyed
 * by the repo path and the newest mtime under `src/`; the others wait for its
 * "done" marker. Type errors do not stop the suite as long as tsc emitted
 * `main.js` (tsc emits despite them; `npm run typecheck` is their gate).
 */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const key = crypto
      .createHash('sha1')
      .update(`${REPO_ROOT}\n${newestMtime(path.join(REPO_ROOT, 'src'))}`)
      .digest('hex')
      .slice(0, 16);
    const lock = path.join(os.tmpdir(), `autoclip-build-${key}.lock`);
    const done = path.join(os.tmpdir(), `autoclip-build-${key}.done`);
    for (;;) {
      if (fs.existsSync(done) && fs.existsSync(MAIN)) return;
      let fd: number;
      try {
        fd = fs.openSync(lock, 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // Another test file is building: wait for it, or take over a dead one's lock.
        const owner = Number(fs.readFileSync(lock, 'utf8').trim() || '0');
        const age = Date.now() - fs.statSync(lock).mtimeMs;
        if ((owner && !pidAlive(owner)) || age > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
        else await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        fs.writeSync(fd, String(process.pid));
        fs.closeSync(fd);
        const { code, output } = await runBuild();
        if (!fs.existsSync(MAIN)) throw new Error(`npm run build did not produce ${MAIN} (exit ${code}):\n${output.slice(-4000)}`);
        if (code !== 0) console.warn(`npm run build exited ${code}; testing what tsc emitted:\n${output.slice(-2000)}`);
        fs.writeFileSync(done, new Date().toISOString());
        return;
      } finally {
        fs.rmSync(lock, { force: true });
      }
    }
  })();
  // A failed build is not cached: the next caller tries again.
  built.catch(() => (built = null));
  return built;
}

/** A running server process. */
export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 (a wildcard bind is addressed via 127.0.0.1). */
  url: string;
  pid: number;
  dataDir: string;
  /** Sends the signal (default SIGKILL) to the server process alone, as a crash would, and waits for its exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM and wait for a clean exit; SIGKILL after a timeout. Idempotent. */
  stop(): Promise<void>;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server wrote (stdout and stderr), for failure messages. */
  output(): string;
}

/** Options of startServer. */
export interface StartServerOptions {
  /** The server's DATA_DIR (kept across restarts by passing the same one). */
  dataDir: string;
  /** Environment variables on top of the defaults (HOST=127.0.0.1, PORT=0, DATA_DIR, LOG_LEVEL=info). */
  env?: Record<string, string>;
}

const running = new Set<ChildProcess>();
// If the test process dies without its afterAll, do not leave servers (and their ffmpeg) behind.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** Kills the child's whole process group: the server and any ffmpeg it spawned. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** The variables the child inherits: enough to find binaries, nothing that changes the config (no model keys). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'FFMPEG_PATH', 'FFPROBE_PATH']) {
    const v = process.env[name];
    if (v) env[name] = v;
  }
  return env;
}

/**
 * Builds if needed, spawns `node dist/src/main.js` with PORT=0 and resolves
 * once it printed `GraphiQL at <url>/graphql`. The server runs in its own
 * process group so that cleanup can also reach ffmpeg processes it orphaned.
 */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  await ensureBuilt();
  fs.mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), HOST: '127.0.0.1', PORT: '0', DATA_DIR: options.dataDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  const lines: string[] = [];
  const remember = (line: string) => {
    lines.push(line);
    if (lines.length > 300) lines.shift();
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const output = () => lines.join('\n');

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its URL within ${START_TIMEOUT_MS} ms:\n${output()}`)), START_TIMEOUT_MS);
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let idx;
      while ((idx = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 1);
        remember(line);
        const m = /GraphiQL at (https?:\/\/\S+?)\/graphql/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:'));
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach(remember));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before printing its URL:\n${output()}`));
    });
  }).catch((err) => {
    killGroup(child, 'SIGKILL');
    throw err;
  });

  let stopping: Promise<void> | null = null;
  return {
    url,
    pid: child.pid!,
    dataDir: options.dataDir,
    exited,
    output,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        // Whatever the server left in its group (ffmpeg orphaned by a crash) goes too.
        killGroup(child, 'SIGKILL');
      })();
      return stopping;
    },
  };
}
