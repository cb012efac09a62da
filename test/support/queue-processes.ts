/**
 * Processes for the BullMQ tests: a real `redis-server` on a free port (no
 * persistence, so a restart is empty), and `autoclip worker` processes, each
 * in private mount and pid namespaces (`unshare`) where the server's folders
 * are covered by empty tmpfs mounts: a job that named a server path would fail.
 * SIGKILL of a worker ends its pid namespace, so its ffmpeg dies with it, as
 * on a machine that lost power. Every process started here dies with the test
 * process, however that ends (a parent-death signal, and a kill at exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT, ensureBuilt } from './server-process.js';

const MAIN = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

// setpriv execs the command with a parent-death signal: it is killed when the test process dies, even by SIGKILL.
const DIE_WITH_PARENT = ['--pdeathsig', 'KILL', '--'];

/** Waits for `ready`; a process that never got ready is killed, not left behind. */
async function readyOrKilled(child: ChildProcess, ready: Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Waits for a line matching `pattern` on the child's stdout; rejects when it exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp, lines: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready within 30 s:\n${lines.join('\n')}`)), 30_000);
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        lines.push(line);
        if (lines.length > 400) lines.shift();
        if (pattern.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? sig}) before it was ready:\n${lines.join('\n')}`));
    });
  });
}

/** A running redis-server. */
export interface RedisProcess {
  url: string;
  port: number;
  /** SIGKILL (data is lost: no persistence). */
  kill(): Promise<void>;
}

/** Starts `redis-server` on `port` (a free one by default) without persistence. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  const p = port ?? (await freePort());
  const args = ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
  const child = spawn('setpriv', [...DIE_WITH_PARENT, 'redis-server', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  await readyOrKilled(child, waitForLine(child, /Ready to accept connections/, [], 'redis-server'));
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A running `autoclip worker`. */
export interface WorkerProcess {
  name: string;
  workDir: string;
  /** The worker's node process (pid 1 of its namespace), as the host sees it. */
  pid: number;
  /** SIGKILL: the worker and every ffmpeg it started die at once. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  output(): string;
}

/** The pid of the only child of `pid` (unshare --fork's child), read from /proc. */
function childOf(pid: number): number | null {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

/** Starts a worker that cannot see `hide` (the server's DATA_DIR and media roots). */
export async function startWorker(options: { name: string; workDir: string; hide: string[]; env: Record<string, string> }): Promise<WorkerProcess> {
  await ensureBuilt();
  fs.mkdirSync(options.workDir, { recursive: true });
  const mounts = options.hide.map((d) => `mount -t tmpfs -o size=1m none '${d}'`).join(' && ');
  const script = `${mounts ? `${mounts} && ` : ''}exec '${process.execPath}' '${MAIN}' worker`;
  const child = spawn('setpriv', [...DIE_WITH_PARENT, 'unshare', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc', 'sh', '-c', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', WORKER_NAME: options.name, WORK_DIR: options.workDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  await readyOrKilled(child, waitForLine(child, /autoclip worker ready/, lines, `worker ${options.name}`));
  const pid = childOf(child.pid!);
  if (!pid) throw new Error(`could not find the worker process under unshare (${child.pid})`);
  return {
    name: options.name,
    workDir: options.workDir,
    pid,
    async kill() {
      process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => lines.join('\n'),
  };
}
