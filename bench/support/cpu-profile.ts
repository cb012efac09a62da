/**
 * An optional CPU profile of one stretch of a bench, in this process: set
 * BENCH_PROFILE_DIR and the stretch is written there as a `.cpuprofile`
 * (open it in Chrome DevTools). Without it, `profile` just runs `fn`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** Runs `fn`, profiling this process meanwhile when BENCH_PROFILE_DIR is set. */
export async function profile<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile: result } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(result));
  }
}
