/** Tiny generated clips for the source tests (real ffmpeg, lavfi inputs, temp dirs). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** ffmpeg and ffprobe as the tests use them. */
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

/** A temp dir and its removal. */
export async function tempDir(prefix = 'autoclip-src-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Options of a generated clip. */
export interface ClipOptions {
  seconds?: number;
  size?: string;
  rate?: number;
  audio?: boolean;
  /** Extra output args before the file name (e.g. rotation metadata). */
  extra?: string[];
  /** Extra video filter (e.g. transpose). */
  vf?: string;
}

/** Writes a small H.264 (+AAC) MP4 from testsrc2/sine. */
export async function makeClip(file: string, o: ClipOptions = {}): Promise<string> {
  const seconds = o.seconds ?? 1;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${o.size ?? '160x90'}:rate=${o.rate ?? 10}`];
  if (o.audio !== false) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050');
  args.push('-t', String(seconds));
  if (o.vf) args.push('-vf', o.vf);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (o.audio !== false) args.push('-c:a', 'aac', '-b:a', '32k');
  args.push(...(o.extra ?? []), file);
  await run(FFMPEG, args);
  return file;
}
