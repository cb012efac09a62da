/** Shared helpers for the media-core tests: temp dirs, generated clips, process checks. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';

/** A fresh temp dir and its remover. */
export async function tempDir(prefix = 'media-core-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A unique string to put in ffmpeg's argv so the test can find its process. */
export function marker(): string {
  return `mcmark${process.pid}x${Math.random().toString(36).slice(2, 10)}`;
}

/** PIDs of live (non-zombie) processes whose command line contains the text. */
export async function pidsWith(text: string): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.includes(text)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z') out.push(Number(entry));
      else out.push(-Number(entry)); // a zombie is a failure too: report it negative
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Options for a generated clip. */
export interface ClipSpec {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  audio: boolean;
}

/** Generates a small H.264 (+AAC) clip with lavfi sources. */
export async function makeClip(file: string, spec: ClipSpec): Promise<string> {
  const args = ['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}`];
  if (spec.audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(spec.seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (spec.audio) args.push('-c:a', 'aac', '-b:a', '96k');
  args.push(file);
  await exec(FFMPEG, args);
  return file;
}

/** What tests read from a rejection (classes are lost across threads, so only fields). */
export interface Caught {
  name: string;
  message: string;
  exitCode?: number | null;
  stderrTail?: string;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function caught(p: Promise<unknown>): Promise<Caught> {
  try {
    await p;
  } catch (err) {
    return err as Caught;
  }
  throw new Error('expected a rejection');
}

/** Stream facts the ProbeInfo type does not carry (audio sample rate), straight from ffprobe. */
export async function streamsOf(file: string): Promise<Array<{ codec_type: string; codec_name: string; sample_rate?: string; width?: number; height?: number }>> {
  const { stdout } = await exec(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_streams', file]);
  return (JSON.parse(stdout) as { streams: never[] }).streams;
}
